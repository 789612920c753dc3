package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/views"
)

// open shows what enter opens on the row under the cursor (the view's
// Def says what).
func (m *Model) open() tea.Cmd {
	s := m.top()
	row, ok := s.list().CursorRow()
	def := s.def()
	if ok && def.Open == nil && m.openDetail() {
		return nil
	}
	if !ok || def.Open == nil {
		return nil
	}
	k, t, ok := def.Open(s.target, row)
	if !ok {
		return nil
	}
	return m.show(k, t)
}

func (m *Model) provider(name string) (backend.Provider, bool) {
	for _, p := range m.o.Providers {
		if p.App().Name == name {
			return p, true
		}
	}
	return nil, false
}

// show puts view k of t on top and loads it. A view needing an app, or a
// capability of it, says why it cannot open.
func (m *Model) show(k views.Kind, t views.Target) tea.Cmd {
	def, ok := views.Get(k)
	if !ok {
		return nil
	}
	// A view loaded from its app needs the app configured here; one from
	// the activity log does not (a shared journal holds other consoles'
	// apps too).
	if p, ok := m.provider(t.App); t.App != "" && !ok && !def.FromLog {
		return m.toastErr("no app named " + clean(t.App))
	} else if ok && def.Needs != "" && !p.App().Caps.Can(def.Needs) {
		return m.toastErr(p.App().Caps.Why(def.Needs))
	}
	return m.load(m.place(k, t))
}

// place puts a screen of view k for t on top of the stack: the one already
// on the stack for that data (on its tab k), or a new one on the screen the
// view stacks on (Def.Under), that one placed first.
func (m *Model) place(k views.Kind, t views.Target) *screen {
	def, _ := views.Get(k)
	for i := len(m.stack) - 1; i >= 0; i-- {
		if s := m.stack[i]; s.def().FamilyName() == def.FamilyName() && s.target == t {
			for len(m.stack) > i+1 {
				m.pop()
			}
			m.showTab(s, k)
			return s
		}
	}
	if def.Under != nil {
		m.place(def.Under(t))
	}
	s := m.newScreen(k, t)
	m.stack = append(m.stack, s)
	return s
}

// pop leaves the screen shown; answers still on their way for it are then
// dropped.
func (m *Model) pop() {
	if len(m.stack) <= 1 {
		return
	}
	s := m.top()
	m.stack = m.stack[:len(m.stack)-1]
	if len(m.screensFor(s.key())) == 0 && s.key() != activityKey {
		m.reqs.forget(s.key())
	}
	m.top().list().SetNow(m.now)
}

// switchTab shows another tab of a room.
func (m *Model) switchTab(delta int) {
	s := m.top()
	tabs := s.tabs()
	if len(tabs) < 2 {
		return
	}
	i := 0
	for j, k := range tabs {
		if k == s.kind {
			i = j
		}
	}
	m.showTab(s, tabs[(i+delta+len(tabs))%len(tabs)])
}

func (m *Model) showTab(s *screen, k views.Kind) {
	s.kind = k
	if s.dirty[k] {
		m.rebuildTab(s, k)
	}
	s.list().SetNow(m.now)
}

// leaveDismissed takes a dismissed room's screens off the stack. Left on
// the members view, the moderator saw the room go stale ("the live room
// does not exist") and could not tell whether the dismiss had worked; now
// they land on the app's rooms, which the load after the action refreshes.
func (m *Model) leaveDismissed(app, room string) {
	kept := m.stack[:1]
	for _, s := range m.stack[1:] {
		// A screen with its room in scope is a screen of that room.
		if s.def().Scope.Has(keys.ScopeRoom) && s.appName() == app && s.target.Room == room {
			m.reqs.forget(s.key())
			continue
		}
		kept = append(kept, s)
	}
	m.stack = kept
	m.top().list().SetNow(m.now)
}
