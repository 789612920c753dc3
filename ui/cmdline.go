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
	var out []string
	switch cmd {
	case "app":
		for _, p := range m.o.Providers {
			out = append(out, p.App().Name)
		}
	case "room", "watch":
		if p := m.currentApp(); p != nil {
			for _, s := range m.stack {
				if s.kind == views.Rooms && s.app == p {
					for _, r := range s.data.Rooms {
						out = append(out, clean(r.ID))
					}
				}
			}
		}
	case "blacklist":
		if r := m.currentRoom(); r != nil {
			for _, mem := range r.data.Members {
				out = append(out, clean(mem.UserID))
			}
		}
	}
	return out
}

// runCommand does what a `:` command asks.
func (m *Model) runCommand(pc parsedCommand) tea.Cmd {
	app := m.currentApp()
	needApp := func() tea.Cmd { return m.toastErr(":" + pc.Name + " needs an app: :app NAME first") }
	switch pc.Name {
	case "q":
		if m.run != nil {
			return m.confirmQuit()
		}
		return m.quit()
	case "help":
		m.showHelp = true
	case "apps":
		m.stack = m.stack[:1]
		return m.load(m.top())
	case "app":
		return m.openApp(pc.Arg)
	case "rooms":
		if app == nil {
			return needApp()
		}
		return m.openApp(app.App().Name)
	case "room":
		if app == nil {
			return needApp()
		}
		return m.openRoom(app, pc.Arg)
	case "members", "muted", "banned":
		r := m.currentRoom()
		if r == nil {
			return m.toastErr(":" + pc.Name + " shows a room: open one first (:room ID)")
		}
		for m.top() != r {
			m.pop()
		}
		m.showTab(r, views.Kind(pc.Name))
	case "blacklist":
		if app == nil {
			return needApp()
		}
		owner := pc.Arg
		if owner == "" {
			if row, ok := m.top().list().CursorRow(); ok && m.top().userRows() {
				owner = row.ID
			} else {
				return m.toastErr(":blacklist needs OWNER (a user ID)")
			}
		}
		return m.openBlacklist(app, owner)
	case "activity":
		return m.openActivity()
	case "watch":
		if app == nil {
			return needApp()
		}
		return m.watch(app, pc.Arg)
	}
	return nil
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
