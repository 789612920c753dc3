package ui

import (
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
	"github.com/quell-console/quell/views"
)

// screen is one place in the navigation stack: a view (for a room, the tab
// shown) of one app, room, owner or activity, with its data and one list per
// tab. Leaving a screen drops it; its late answers are then stale.
type screen struct {
	kind  views.Kind
	app   backend.Provider // nil for apps and activity
	room  string
	owner string // blacklist
	actID string // outcomes

	lists map[views.Kind]*list.Model
	data  views.Data
	dirty map[views.Kind]bool // tabs whose rows must be rebuilt before showing

	loaded   bool      // a load has answered at least once
	lastOK   time.Time // when data last loaded
	err      error     // the last load's error; nil when it succeeded
	errSince time.Time // first failure since the last success
}

// family groups the tabs of one room under one data set and one request key.
func family(k views.Kind) string {
	switch k {
	case views.Members, views.Muted, views.Banned:
		return "room"
	}
	return string(k)
}

// key names the screen's data for request bookkeeping: two screens with the
// same key show the same data.
func (s *screen) key() string {
	k := family(s.kind)
	if k == string(views.Activity) || k == string(views.Outcomes) {
		return activityKey // one log feeds them all
	}
	if s.app != nil {
		k += ":" + s.app.App().Name
	}
	return k + "/" + s.room + "/" + s.owner + "/" + s.actID
}

func (s *screen) appName() string {
	if s.app == nil {
		return ""
	}
	return s.app.App().Name
}

// list returns the list of the tab shown.
func (s *screen) list() *list.Model { return s.lists[s.kind] }

// tabs are the kinds this screen can switch between.
func (s *screen) tabs() []views.Kind {
	if family(s.kind) == "room" {
		return views.RoomTabs
	}
	return []views.Kind{s.kind}
}

// userRows reports whether the rows shown are users (user actions apply).
func (s *screen) userRows() bool {
	d, _ := views.Get(s.kind)
	return d.Users
}

// newScreen makes a screen of kind with an empty list per tab, saying
// "loading…" until the first answer.
func (m *Model) newScreen(kind views.Kind, app backend.Provider) *screen {
	s := &screen{kind: kind, app: app, lists: map[views.Kind]*list.Model{}, dirty: map[views.Kind]bool{}}
	for _, k := range s.tabs() {
		l := views.New(k, m.st, m.km)
		l.SetEmptyText("loading…")
		l.SetNow(m.now)
		l.SetAsync(true) // large fuzzy filters match off the update loop (listWork)
		s.lists[k] = &l
	}
	m.sizeScreen(s)
	return s
}

// rebuild sets the rows of the tab shown from the screen's data and marks the
// other tabs for rebuilding when they are next shown: only the rows the
// moderator can see are built at each refresh.
func (m *Model) rebuild(s *screen) {
	for _, k := range s.tabs() {
		s.dirty[k] = k != s.kind
	}
	m.rebuildTab(s, s.kind)
}

func (m *Model) rebuildTab(s *screen, k views.Kind) {
	def, _ := views.Get(k)
	l := s.lists[k]
	l.SetNow(m.now)
	// A copy of the data: loads and patches replace its slices, never change
	// them in place, so a large list may build its rows off the update loop.
	data, now := s.data, m.now
	l.SetRowsLater(func() []list.Row { return def.Rows(&data, now) })
	switch {
	case s.loaded && s.err != nil && l.Total() == 0:
		l.SetEmptyText("could not load: " + errText(s.err))
	case s.loaded:
		l.SetEmptyText(def.Empty)
	}
	s.dirty[k] = false
}

// top is the screen shown.
func (m *Model) top() *screen { return m.stack[len(m.stack)-1] }

// screensFor returns the screens on the stack whose data key is key.
func (m *Model) screensFor(key string) []*screen {
	var out []*screen
	for _, s := range m.stack {
		if s.key() == key {
			out = append(out, s)
		}
	}
	return out
}

// sizeScreen gives every list of s the body's size.
func (m *Model) sizeScreen(s *screen) {
	w, h := m.bodySize()
	for _, l := range s.lists {
		l.SetSize(w, h)
	}
}

// currentApp is the app of the nearest screen that has one.
func (m *Model) currentApp() backend.Provider {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if m.stack[i].app != nil {
			return m.stack[i].app
		}
	}
	return nil
}

// currentRoom is the room of the nearest room screen of the current app.
func (m *Model) currentRoom() *screen {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if family(m.stack[i].kind) == "room" {
			return m.stack[i]
		}
	}
	return nil
}
