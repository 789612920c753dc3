package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/views"
)

// completionArgs offers the arguments a command can take here: app names,
// the current app's room IDs, user IDs of the room shown.
func (m *Model) completionArgs(cmd string, before []string) []string {
	c, ok := findCommand(cmd)
	switch {
	case !ok:
		return nil
	case c.CompleteWord != nil:
		return c.CompleteWord(m.here(), before)
	case c.Complete != nil:
		return c.Complete(m.here())
	}
	return nil
}

// runCommand does what a `:` command asks: a view's command opens it (the
// view says what it needs), an action's puts the action together, the
// others are the console's own. An error is why the line cannot run.
func (m *Model) runCommand(pc parsedCommand) (tea.Cmd, error) {
	switch pc.Name {
	case "q":
		if m.run != nil {
			return m.confirmQuit(), nil
		}
		return m.quit(), nil
	case "help":
		m.help.Open = true
		return nil, nil
	case "watch":
		app := m.currentApp()
		if app == nil {
			return nil, fmt.Errorf(":watch needs an app: :app NAME first")
		}
		return m.watch(app, pc.Arg), nil
	}
	if spec, ok := actionSpecFor(pc.Name); ok {
		return m.runActionCommand(spec, pc.Arg)
	}
	k, c, ok := views.CommandView(pc.Name)
	if !ok {
		return nil, nil
	}
	t, err := c.Target(m.here(), pc.Arg)
	if err != nil {
		return nil, err
	}
	return m.show(k, t), nil
}

// onCommand runs a line entered on the command line. A line that fails is
// cleared and its error shown in its place, the line left open for the
// next command; nothing was sent.
func (m *Model) onCommand(line string) tea.Cmd {
	pc, err := parseCommand(line)
	var cmd tea.Cmd
	if err == nil {
		cl := m.cmdline
		m.cmdline = nil // closed before it runs: the command may open another widget
		if cmd, err = m.runCommand(pc); err != nil && m.cmdline == nil {
			m.cmdline = cl
		}
	}
	if err != nil && m.cmdline != nil {
		m.cmdline.Fail(err.Error())
		return nil
	}
	return cmd
}

// truncate cuts s to width cells (runes, for the ASCII-heavy text it gets).
func truncate(s string, width int) string { return components.Truncate(s, width) }
