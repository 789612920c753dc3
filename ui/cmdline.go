package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/views"
)

// completionArgs offers the arguments a command can take here: app names,
// the current app's room IDs, user IDs of the room shown.
func (m *Model) completionArgs(cmd string) []string {
	c, ok := findCommand(cmd)
	if !ok || c.Complete == nil {
		return nil
	}
	return c.Complete(m.here())
}

// runCommand does what a `:` command asks: a view's command opens it (the
// view says what it needs), the others are the console's own.
func (m *Model) runCommand(pc parsedCommand) tea.Cmd {
	switch pc.Name {
	case "q":
		if m.run != nil {
			return m.confirmQuit()
		}
		return m.quit()
	case "help":
		m.help.Open = true
		return nil
	case "watch":
		app := m.currentApp()
		if app == nil {
			return m.toastErr(":watch needs an app: :app NAME first")
		}
		return m.watch(app, pc.Arg)
	}
	k, c, ok := views.CommandView(pc.Name)
	if !ok {
		return nil
	}
	t, err := c.Target(m.here(), pc.Arg)
	if err != nil {
		return m.toastErr(err.Error())
	}
	return m.show(k, t)
}

// truncate cuts s to width cells (runes, for the ASCII-heavy text it gets).
func truncate(s string, width int) string { return components.Truncate(s, width) }
