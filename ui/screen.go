package ui

import (
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
	"github.com/quell-console/quell/views"
)

// screen is one place in the navigation stack: a view (for a room, the tab
// shown) of one target, with its data and one list per tab. Leaving a
// screen drops it; its late answers are then stale.
type screen struct {
	kind   views.Kind
	target views.Target
	app    backend.Provider // the target's app; nil for views across apps

	lists map[views.Kind]*list.Model
	data  views.Data
	dirty map[views.Kind]bool // tabs whose rows must be rebuilt before showing

	loaded   bool      // a load has answered at least once
	lastOK   time.Time // when data last loaded
	err      error     // the last load's error; nil when it succeeded
	errSince time.Time // first failure since the last success
}

// def is the Def of the tab shown.
func (s *screen) def() views.Def {
	d, _ := views.Get(s.kind)
	return d
}

// key names the screen's data for request bookkeeping: two screens with the
// same key show the same data.
func (s *screen) key() string {
	d := s.def()
	if d.FromLog {
		return activityKey // one log feeds them all
	}
	t := s.target
	return d.FamilyName() + ":" + t.App + "/" + t.Room + "/" + t.Owner + "/" + t.ActID
}

func (s *screen) appName() string { return s.target.App }

// list returns the list of the tab shown.
func (s *screen) list() *list.Model { return s.lists[s.kind] }

// tabs are the kinds this screen can switch between: those its app can
// show.
func (s *screen) tabs() []views.Kind {
	var caps backend.Capabilities
	if s.app != nil {
		caps = s.app.App().Caps
	}
	return views.Tabs(s.kind, caps)
}

// userRows reports whether the rows shown are users (user actions apply).
func (s *screen) userRows() bool { return s.def().Scope.Has(keys.ScopeUsers) }

// newScreen makes a screen of kind for t with an empty list per tab, saying
// "loading…" until the first answer; a view of the activity log starts
// from the console's copy of it.
func (m *Model) newScreen(kind views.Kind, t views.Target) *screen {
	s := &screen{kind: kind, target: t, lists: map[views.Kind]*list.Model{}, dirty: map[views.Kind]bool{}}
	s.app, _ = m.provider(t.App)
	for _, k := range s.tabs() {
		l := views.New(k, m.st, m.km)
		l.SetEmptyText("loading…")
		l.SetNow(m.now)
		l.SetAsync(true) // large fuzzy filters and refreshes run off the update loop (listWork)
		s.lists[k] = &l
	}
	m.sizeScreen(s)
	if s.def().FromLog {
		m.acts.fill(s)
		s.loaded = true
		m.rebuild(s)
	}
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
	// The activity log's slice is updated in place (activityCache.merge):
	// its views build here.
	data, now := s.data, m.now
	build := func() []list.Row { return def.Rows(&data, now) }
	if def.FromLog {
		l.SetRows(build())
	} else {
		l.SetRowsLater(data.Size(), build)
	}
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

// here is where the moderator is, for the `:` commands: the current app,
// the nearest room of it, the rooms and members loaded for them.
func (m *Model) here() views.Here {
	h := views.Here{}
	for _, p := range m.o.Providers {
		h.Apps = append(h.Apps, p.App().Name)
	}
	if p := m.currentApp(); p != nil {
		h.App = p.App().Name
	}
	roomFound := false
	for i := len(m.stack) - 1; i >= 0; i-- {
		s := m.stack[i]
		if s.appName() != h.App || h.App == "" {
			continue
		}
		d := s.def()
		switch {
		case d.RoomRows && h.Rooms == nil:
			h.Rooms = s.data.Rooms
		case !roomFound && !d.RoomRows && d.Scope.Has(keys.ScopeRoom) && s.target.Room != "":
			roomFound = true
			h.Room, h.Members = s.target.Room, s.data.Members
		}
	}
	if s := m.top(); s.userRows() {
		if row, ok := s.list().CursorRow(); ok {
			h.User = row.ID
		}
	}
	h.RoomsOf, h.MembersOf = m.loadedRooms, m.loadedMembers
	return h
}

// loadedRooms is the rooms loaded for app on a screen still open; nil when
// none is. Completion reads it: a keystroke never calls the vendor.
func (m *Model) loadedRooms(app string) []backend.Room {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if s := m.stack[i]; s.def().RoomRows && s.appName() == app && s.loaded {
			return s.data.Rooms
		}
	}
	return nil
}

// loadedMembers is the members loaded for a room of app on a screen still
// open; nil when none is.
func (m *Model) loadedMembers(app, room string) []backend.Member {
	for i := len(m.stack) - 1; i >= 0; i-- {
		s := m.stack[i]
		if s.appName() == app && s.target.Room == room && s.def().Scope.Has(keys.ScopeUsers) && s.data.Members != nil {
			return s.data.Members
		}
	}
	return nil
}
