package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

// For teams of several quell processes: the shared journal wakes the
// activity views when any process writes (LISTEN/NOTIFY), and the status
// bar says when the shared quota is down and this process paces alone.

// activityChangedMsg says the activity log changed somewhere.
type activityChangedMsg struct{}

// watchActivity waits for the next change of an activity log that can tell
// (backend.ChangeNotifier); nil for one that is only polled.
func (m *Model) watchActivity() tea.Cmd {
	cn, ok := m.acts.log.(backend.ChangeNotifier)
	if !ok {
		return nil
	}
	ch := cn.Changed()
	if ch == nil {
		return nil
	}
	done := m.ctx.Done()
	return func() tea.Msg {
		select {
		case <-ch:
			return activityChangedMsg{}
		case <-done:
			return nil
		}
	}
}

// onActivityChanged loads what changed, unless a load is already on its
// way, and waits for the next change.
func (m *Model) onActivityChanged() tea.Cmd {
	var load tea.Cmd
	if !m.reqs.pending(activityKey) {
		load = m.loadActivity()
	}
	return tea.Batch(load, m.watchActivity())
}

// quotaNote is the shared quota's warning ("" when it works or is not
// configured), read once a second with the clock.
func (m *Model) quotaNote() string {
	if m.o.Engine == nil {
		return ""
	}
	return m.o.Engine.Pacer.Degraded()
}
