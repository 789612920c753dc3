package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// ShutdownMsg tells the console that its server is shutting down (`quell
// serve` got SIGTERM): it takes no new action, shows a banner, and quits as
// soon as the action running now has finished and recorded its outcome. The
// server closes what is left when its grace period runs out, which cancels
// the action; the engine then records the users not reached.
type ShutdownMsg struct{}

// drainText is the banner shown while the console waits to close.
const drainText = "The server is shutting down: the running action finishes, then this session closes. No new actions."

// onShutdown starts draining: a dialog or command line not yet acted on is
// dropped (nothing was sent for it), and with no action running the console
// quits at once.
func (m *Model) onShutdown() tea.Cmd {
	m.draining = true
	m.modal, m.cmdline = nil, nil
	m.o.Logger.Info("shutdown requested", "actor", clean(m.o.Actor.Name), "action_running", m.run != nil)
	if m.run == nil {
		return m.quit()
	}
	return nil
}
