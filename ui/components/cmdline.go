package components

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/theme"
)

// CmdLine is the `:` command line: tab cycles through completions of the
// command or its argument, enter runs, esc closes.
type CmdLine struct {
	in    *Input
	names []string // every command name, for the hint
	cands []string // completions of the text typed before the first tab
	idx   int      // candidate tab last took; -1 before the first tab
	step  int      // the direction of the tab waiting for completions
	err   string
}

// Results of the command line's Update.
type (
	// CommandEntered is the line to run; the router parses it and answers
	// a bad one with SetErr.
	CommandEntered struct{ Line string }
	// CommandClosed is the line left with esc.
	CommandClosed struct{}
	// CompletionsWanted asks the router for what Line may become; it
	// answers with Complete (tab) or Suggest (typing).
	CompletionsWanted struct {
		Line string
		Tab  bool // tab pressed: take a candidate; else only suggest
	}
)

// NewCmdLine opens an empty command line; names are the commands the hint
// lists.
func NewCmdLine(st *theme.Styles, names []string) *CmdLine {
	return &CmdLine{in: NewInput(st, ":", "", 256), names: names, idx: -1}
}

// Value is the line typed so far.
func (c *CmdLine) Value() string { return c.in.Value() }

// SetWidth sizes the line for a screen width wide.
func (c *CmdLine) SetWidth(width int) { c.in.SetWidth(width) }

// SetErr shows why the line cannot run; it stays open to be fixed.
func (c *CmdLine) SetErr(err string) { c.err = err }

// Fail shows why the line could not run and clears it: the next command is
// typed afresh, not appended to the failed one (err names what failed).
func (c *CmdLine) Fail(err string) {
	c.SetValue("")
	c.err = err
}

// SetValue replaces the line (the action keys open it with their command
// typed), with the cursor at its end.
func (c *CmdLine) SetValue(s string) {
	c.in.SetValue(s)
	c.in.Suggest(nil)
	c.idx, c.cands, c.err = -1, nil, ""
}

// Update handles one key: nil, or one of the results above.
func (c *CmdLine) Update(msg tea.KeyMsg) tea.Msg {
	switch msg.String() {
	case "esc":
		return CommandClosed{}
	case "enter":
		return CommandEntered{Line: c.in.Value()}
	case "tab", "shift+tab":
		c.step = 1
		if msg.String() == "shift+tab" {
			c.step = -1
		}
		// A lone candidate taken, the next tab completes what follows it
		// (the room completed, tab offers its users).
		if c.idx < 0 || len(c.cands) == 1 {
			c.idx = -1
			return CompletionsWanted{Line: c.in.Value(), Tab: true}
		}
		c.cycle()
		return nil
	}
	if c.in.Update(msg) {
		c.idx, c.cands, c.err = -1, nil, ""
		return CompletionsWanted{Line: c.in.Value()}
	}
	return nil
}

// Suggest answers CompletionsWanted while typing: the first candidate
// shows greyed after the cursor, what tab would take.
func (c *CmdLine) Suggest(cands []string) { c.in.Suggest(cands) }

// Complete answers CompletionsWanted: the line becomes the first (or, for
// shift+tab, the last) candidate, and further tabs cycle through them.
func (c *CmdLine) Complete(cands []string) {
	c.cands = cands
	c.in.Suggest(nil) // the candidates list below replaces the hint
	c.cycle()
}

func (c *CmdLine) cycle() {
	if len(c.cands) == 0 {
		return
	}
	step := c.step
	if step < 0 {
		step = len(c.cands) - 1
	}
	c.idx = (c.idx + step) % len(c.cands)
	if c.idx < 0 {
		c.idx = 0
	}
	c.in.SetValue(c.cands[c.idx])
}

// View draws the command line and, below it, the completions, the error
// or a hint.
func (c *CmdLine) View(st *theme.Styles, width int) string {
	line := c.in.View()
	switch {
	case c.err != "":
		return line + "\n" + st.CommandLine.Error.Render(Truncate(c.err, width))
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
	if v := strings.TrimPrefix(c.in.Value(), ":"); v == "" || c.namesMatch(v) {
		names := make([]string, len(c.names))
		for i, n := range c.names {
			names[i] = ":" + n
		}
		hint = strings.Join(names, " ") + " · " + hint
	}
	return line + "\n" + st.CommandLine.Completion.Render(Truncate(hint, width))
}

// namesMatch reports whether v is the start of a command name still being
// typed.
func (c *CmdLine) namesMatch(v string) bool {
	if strings.Contains(v, " ") {
		return false
	}
	for _, n := range c.names {
		if strings.HasPrefix(n, strings.ToLower(v)) {
			return true
		}
	}
	return false
}
