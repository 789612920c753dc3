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
	// loadedMsg answers a view's load: fill puts the data in place.
	loadedMsg struct {
		req  uint64
		key  string
		fill views.Fill
		err  error
	}
	watchedMsg struct {
		app, room string
		err       error
	}
	refreshMsg struct{ gen int }
	clockMsg   struct{}
)

// load starts loading s the way its view says; nil when its data needs no
// backend call.
func (m *Model) load(s *screen) tea.Cmd {
	def := s.def()
	switch {
	case def.FromLog:
		return m.loadActivity()
	case def.Load == nil:
		return nil
	}
	src := views.Source{Target: s.target, Provider: s.app}
	for _, p := range m.o.Providers {
		src.Apps = append(src.Apps, p.App())
	}
	if def.Local {
		fill, err := def.Load(m.ctx, src)
		if err == nil {
			fill(&s.data)
		}
		s.err, s.loaded, s.lastOK = err, true, m.now
		m.rebuild(s)
		return nil
	}
	key, load := s.key(), def.Load
	req := m.reqs.issue(key)
	ctx := m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, loadTimeout)
		defer cancel()
		fill, err := load(ctx, src)
		return loadedMsg{req: req, key: key, fill: fill, err: err}
	}
}

// loadActivity asks the activity log for what changed since the last answer.
func (m *Model) loadActivity() tea.Cmd { return m.acts.read(m.reqs) }

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

func (m *Model) onLoaded(msg loadedMsg) {
	m.applyLoad(msg.key, msg.req, msg.err, func(s *screen) { msg.fill(&s.data) })
}

// onActivityLoaded merges changed activities into the console's copy (an
// activity changes as it runs) and refreshes the views of the log. A log
// that cannot be read leaves them stale, saying why.
func (m *Model) onActivityLoaded(msg activityLoadedMsg) {
	if msg.err == nil && m.reqs.isNewest(activityKey, msg.req) {
		m.acts.merge(msg)
	}
	m.applyLoad(activityKey, msg.req, msg.err, func(s *screen) { m.acts.fill(s) })
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
		if !m.reqs.pending(activityKey) && !m.top().def().FromLog {
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
	m.toast.Update(m.now)
	if m.modal != nil {
		m.fillDetail(m.modal) // the pane's countdowns
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
