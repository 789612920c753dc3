package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/theme"
	"github.com/quell-console/quell/views"
)

// cmdLine is the `:` command line: tab cycles through completions of the
// command or its argument, enter runs, esc closes.
type cmdLine struct {
	in    *lineInput
	cands []string // completions of the text typed before the first tab
	idx   int      // candidate tab last took; -1 before the first tab
	err   string
}

func newCmdLine() *cmdLine { return &cmdLine{in: newInput(":", "", 256), idx: -1} }

func (m *Model) onCommandKey(msg tea.KeyMsg) tea.Cmd {
	c := m.cmdline
	switch msg.String() {
	case "esc":
		m.cmdline = nil
		return nil
	case "enter":
		pc, err := parseCommand(c.in.Value())
		if err != nil {
			c.err = err.Error()
			return nil
		}
		m.cmdline = nil
		return m.runCommand(pc)
	case "tab", "shift+tab":
		if c.idx < 0 {
			c.cands = completions(c.in.Value(), m.completionArgs)
		}
		if len(c.cands) == 0 {
			return nil
		}
		step := 1
		if msg.String() == "shift+tab" {
			step = len(c.cands) - 1
		}
		c.idx = (c.idx + step) % len(c.cands)
		if c.idx < 0 {
			c.idx = 0
		}
		c.in.SetValue(c.cands[c.idx])
		return nil
	}
	if c.in.Update(msg) {
		c.idx, c.cands, c.err = -1, nil, ""
	}
	return nil
}

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
		m.showHelp = true
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

// view draws the command line and, below it, the completions.
func (c *cmdLine) view(st *theme.Styles, width int) string {
	line := c.in.View(st, width)
	switch {
	case c.err != "":
		return line + "\n" + st.CommandLine.Error.Render(truncate(c.err, width))
	case len(c.cands) > 0:
		parts := make([]string, 0, len(c.cands))
		used := 0
		for i, cand := range c.cands {
			w := len([]rune(cand)) + 2
			if used+w > width {
				break
			}
			used += w
			s := st.CommandLine.Completion
			if i == c.idx {
				s = st.CommandLine.Selected
			}
			parts = append(parts, s.Render(cand))
		}
		return line + "\n" + strings.Join(parts, "  ")
	}
	hint := "tab completes · enter runs · esc closes"
	if cands := completions(c.in.Value(), nil); c.in.Value() == "" || len(cands) > 0 {
		hint = commandNames() + " · " + hint
	}
	return line + "\n" + st.CommandLine.Completion.Render(truncate(hint, width))
}

// truncate cuts s to width cells (runes, for the ASCII-heavy text it gets).
func truncate(s string, width int) string {
	r := []rune(s)
	if width <= 0 {
		return ""
	}
	if len(r) <= width {
		return s
	}
	return string(r[:width-1]) + "…"
}
