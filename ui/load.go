package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/views"
)

// loadTimeout bounds one list load, so a vendor that never answers shows up
// as stale data instead of a spinner forever.
const loadTimeout = 20 * time.Second

// Each answer carries the id of the request it answers and the key of the
// list it fills; Update drops it when a newer request for that list exists.
type (
	roomsLoadedMsg struct {
		req   uint64
		key   string
		rooms []backend.Room
		err   error
	}
	membersLoadedMsg struct {
		req     uint64
		key     string
		members []backend.Member
		muted   []backend.Member // nil when the vendor cannot list mutes
		err     error
	}
	blacklistLoadedMsg struct {
		req     uint64
		key     string
		entries []backend.BlacklistEntry
		err     error
	}
	activityLoadedMsg struct {
		req  uint64
		acts []backend.Activity
		seq  int64
		err  error
	}
	watchedMsg struct {
		app, room string
		err       error
	}
	refreshMsg struct{ gen int }
	clockMsg   struct{}
)

const activityKey = "activity-log"

// load starts loading s; nil when its data needs no backend call.
func (m *Model) load(s *screen) tea.Cmd {
	key := s.key()
	switch family(s.kind) {
	case string(views.Apps):
		s.data.Apps = s.data.Apps[:0]
		for _, p := range m.o.Providers {
			s.data.Apps = append(s.data.Apps, p.App())
		}
		s.loaded, s.lastOK = true, m.now
		m.rebuild(s)
		return nil
	case string(views.Activity), string(views.Outcomes):
		return m.loadActivity()
	}
	req := m.reqs.issue(key)
	ctx, prov, room, owner := m.ctx, s.app, s.room, s.owner
	switch family(s.kind) {
	case string(views.Rooms):
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, loadTimeout)
			defer cancel()
			rooms, err := prov.ListRooms(ctx)
			return roomsLoadedMsg{req: req, key: key, rooms: rooms, err: err}
		}
	case "room":
		listMuted := prov.App().Caps.Can(backend.CapListMuted)
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, loadTimeout)
			defer cancel()
			msg := membersLoadedMsg{req: req, key: key}
			var mutedErr error
			done := make(chan struct{})
			if listMuted { // both lists at once: the refresh takes the longer, not the sum
				go func() {
					defer close(done)
					msg.muted, mutedErr = prov.ListMuted(ctx, room)
					if msg.muted == nil && mutedErr == nil {
						msg.muted = []backend.Member{}
					}
				}()
			} else {
				close(done)
			}
			msg.members, msg.err = prov.ListMembers(ctx, room)
			<-done
			if msg.err == nil {
				msg.err = mutedErr
			}
			return msg
		}
	case string(views.Blacklist):
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, loadTimeout)
			defer cancel()
			entries, err := prov.ListBlacklist(ctx, owner)
			return blacklistLoadedMsg{req: req, key: key, entries: entries, err: err}
		}
	}
	m.reqs.settle(key, req)
	return nil
}

// loadActivity asks the activity log for what changed since the last answer.
func (m *Model) loadActivity() tea.Cmd {
	if m.activity == nil {
		return nil
	}
	req := m.reqs.issue(activityKey)
	log, seq := m.activity, m.activitySeq
	return func() tea.Msg {
		acts, next, err := log.Since(seq)
		return activityLoadedMsg{req: req, acts: acts, seq: next, err: err}
	}
}

// applyLoad settles an answer and, when it is the newest for its list, fills
// every screen showing that list. A failure keeps the old data and says
// since when it is stale.
func (m *Model) applyLoad(key string, req uint64, err error, fill func(s *screen)) {
	if !m.reqs.settle(key, req) {
		m.o.Logger.Debug("stale answer dropped", "list", key, "request", req)
		return
	}
	for _, s := range m.screensFor(key) {
		if err != nil {
			if s.err == nil {
				s.errSince = m.now
			}
			s.err = err
			if !s.loaded {
				s.loaded = true
				m.rebuild(s)
			}
			continue
		}
		fill(s)
		s.err, s.loaded, s.lastOK = nil, true, m.now
		m.rebuild(s)
	}
	if err != nil {
		m.o.Logger.Warn("load failed", "list", key, "err", errText(err))
	}
}

func (m *Model) onRoomsLoaded(msg roomsLoadedMsg) {
	m.applyLoad(msg.key, msg.req, msg.err, func(s *screen) { s.data.Rooms = msg.rooms })
}

func (m *Model) onMembersLoaded(msg membersLoadedMsg) {
	m.applyLoad(msg.key, msg.req, msg.err, func(s *screen) {
		s.data.Members = views.MergeMuted(msg.members, msg.muted)
		s.data.Muted = msg.muted
	})
}

func (m *Model) onBlacklistLoaded(msg blacklistLoadedMsg) {
	m.applyLoad(msg.key, msg.req, msg.err, func(s *screen) { s.data.Blacklist = msg.entries })
}

// onActivityLoaded merges changed activities into the console's copy (an
// activity changes as it runs) and refreshes the activity screens.
func (m *Model) onActivityLoaded(msg activityLoadedMsg) {
	if !m.reqs.settle(activityKey, msg.req) {
		return
	}
	m.activityErr = msg.err
	if msg.err != nil {
		return
	}
	for _, a := range msg.acts {
		if i, ok := m.activityIdx[a.ID]; ok {
			m.activities[i] = a
			continue
		}
		m.activityIdx[a.ID] = len(m.activities)
		m.activities = append(m.activities, a)
	}
	m.activitySeq = max(m.activitySeq, msg.seq)
	for _, s := range m.stack {
		switch s.kind {
		case views.Activity:
			s.data.Activities = m.activities
		case views.Outcomes:
			if i, ok := m.activityIdx[s.actID]; ok {
				a := m.activities[i]
				s.data.Activity = &a
			}
		default:
			continue
		}
		s.err, s.loaded, s.lastOK = nil, true, m.now
		m.rebuild(s)
	}
}

// refreshTick schedules the next live refresh. gen tells a tick of the
// current schedule from one left over after a manual refresh.
func (m *Model) refreshTick() tea.Cmd {
	gen := m.refreshGen
	return tea.Tick(m.o.Refresh, func(time.Time) tea.Msg { return refreshMsg{gen: gen} })
}

func clockTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clockMsg{} })
}

// onRefresh reloads the screen shown, unless a dialog is open (the list must
// not move under it) or the previous load has not answered yet.
func (m *Model) onRefresh(msg refreshMsg) tea.Cmd {
	if msg.gen != m.refreshGen {
		return nil
	}
	var cmds []tea.Cmd
	if m.modal == nil {
		if s := m.top(); !m.reqs.pending(s.key()) {
			cmds = append(cmds, m.load(s))
		}
		if !m.reqs.pending(activityKey) && family(m.top().kind) != string(views.Activity) {
			cmds = append(cmds, m.loadActivity())
		}
	}
	return tea.Batch(append(cmds, m.refreshTick())...)
}

// refreshNow reloads the screen at once and restarts the live schedule.
func (m *Model) refreshNow() tea.Cmd {
	m.refreshGen++
	return tea.Batch(m.load(m.top()), m.refreshTick())
}

func (m *Model) onClock() tea.Cmd {
	m.now = m.o.Now()
	m.quota = m.quotaNote()
	if s := m.top(); s != nil {
		s.list().SetNow(m.now)
	}
	if m.toast != nil && !m.now.Before(m.toast.until) {
		m.toast = nil
	}
	return clockTick()
}

func (m *Model) watch(p backend.Provider, room string) tea.Cmd {
	w, ok := p.(backend.Watcher)
	if !ok {
		return m.toastErr(p.App().Name + " lists its rooms itself: :watch is for ZEGO apps")
	}
	app := p.App().Name
	return func() tea.Msg { return watchedMsg{app: app, room: room, err: w.Watch(room)} }
}
