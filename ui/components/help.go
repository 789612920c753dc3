package components

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/textsafe"
	"github.com/quell-console/quell/ui/theme"
)

// Help is the footer's short help and the full help screen.
type Help struct {
	Open bool // the full help screen is shown
	h    help.Model
}

// HelpClosed is the full help screen left.
type HelpClosed struct{}

// CommandHelp is one `:` command as the help lists it.
type CommandHelp struct{ Name, Arg, Help string }

// NewHelp styles bubbles' help with the theme.
func NewHelp(st *theme.Styles) Help {
	h := help.New()
	h.Styles = help.Styles{
		ShortKey: st.Help.Key, ShortDesc: st.Help.Desc, ShortSeparator: st.Help.Sep,
		FullKey: st.Help.Key, FullDesc: st.Help.Desc, FullSeparator: st.Help.Sep, Ellipsis: st.Help.Ellipsis,
	}
	h.ShortSeparator = st.Help.ShortSep
	h.FullSeparator = st.Help.FullSep
	return Help{h: h}
}

// Update handles a key while the help screen is open: one of closers
// closes it; every other key is ignored.
func (hp *Help) Update(msg tea.KeyMsg, closers ...key.Binding) tea.Msg {
	if key.Matches(msg, closers...) {
		hp.Open = false
		return HelpClosed{}
	}
	return nil
}

// Short is the footer: bs in one line, never into the last of width cells
// (like the list). Too narrow for every key, it shows the keys of the view
// first (the actions, in the table's order), as many as fit whole, then
// "? more", the key that leads to all the others: at 80 columns a room's
// footer was cut mid-key, or lost "? help".
func (hp Help) Short(bs []key.Binding, helpKey key.Binding, width int) string {
	h := hp.h
	h.Width = 0 // this footer fits itself: bubbles cuts at the end, "? help" with it
	if full := h.ShortHelpView(bs); textsafe.Width(full) < width {
		return full
	}
	more := key.NewBinding(key.WithKeys(helpKey.Keys()...), key.WithHelp(helpKey.Help().Key, "more"))
	var keep []key.Binding
	for _, b := range bs {
		if b.Help() == helpKey.Help() {
			continue
		}
		try := append(keep[:len(keep):len(keep)], b, more)
		if textsafe.Width(h.ShortHelpView(try)) >= width {
			break
		}
		keep = append(keep, b)
	}
	return h.ShortHelpView(append(keep, more))
}

// Full is the help screen: every key offered here in columns, then the `:`
// commands. It fits w×h: bubbles' help cuts the columns past the width (at
// 80 columns that was refresh, help and quit), so the columns that do not
// fit go in a band below; when that is too tall, the commands are listed
// by name only and the sorting tip (its keys are listed) is left out.
func (hp Help) Full(st *theme.Styles, cols [][]key.Binding, cmds []CommandHelp, w, h int) string {
	keysPart := st.Help.Title.Render("Keys") + "\n" + keyBands(hp.h, cols, w)
	title := st.Help.Title.Render("Commands (type : then tab to complete)")
	tail := st.Help.Desc.Render("s sorts by the next column, S reverses it; marks keep user IDs across refreshes. esc closes.")

	var full strings.Builder
	for _, c := range cmds {
		full.WriteString(st.Help.Key.Render(fmt.Sprintf("  %-18s", commandName(c.Name, c.Arg))))
		full.WriteString(st.Help.Desc.Render(c.Help))
		full.WriteString("\n")
	}
	out := strings.Join([]string{keysPart, "", title, full.String(), tail}, "\n")
	if lipgloss.Height(out) <= h {
		return out
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = commandName(c.Name, c.Arg)
	}
	brief := st.Help.Key.Render(wrapWords(names, "   ", w))
	title = st.Help.Title.Render("Commands (: then tab completes)") + st.Help.Desc.Render(" · esc closes this help")
	return strings.Join([]string{keysPart, "", title, brief}, "\n")
}

func commandName(name, arg string) string {
	if arg != "" {
		return ":" + name + " " + arg
	}
	return ":" + name
}

// keyBands lays the help columns side by side, starting a new band below
// when the next column would pass the width.
func keyBands(h help.Model, cols [][]key.Binding, w int) string {
	h.Width = 0 // measure uncut
	var bands []string
	for start := 0; start < len(cols); {
		end := start + 1
		for end < len(cols) && lipgloss.Width(h.FullHelpView(cols[start:end+1])) <= w {
			end++
		}
		if end == len(cols)-1 { // only the last column is left: under the band, not a band of its own
			if band, ok := stackUnder(h, cols[start:end], cols[end], w); ok {
				bands = append(bands, band)
				start = end + 1
				continue
			}
		}
		bands = append(bands, h.FullHelpView(cols[start:end]))
		start = end
	}
	return strings.Join(bands, "\n\n")
}

// stackUnder puts a column that does not fit beside the band under the
// band's shortest column, when the width allows. That is never taller than
// a band of its own below (the shortest column is no taller than the
// tallest), and at 80×24 the long action column of a Chat room would
// otherwise push the console keys past the bottom of the screen.
func stackUnder(h help.Model, band [][]key.Binding, extra []key.Binding, w int) (string, bool) {
	if len(band) < 2 {
		return "", false
	}
	height := func(c []key.Binding) int { return lipgloss.Height(h.FullHelpView([][]key.Binding{c})) }
	short := 0
	for i, c := range band {
		if height(c) < height(band[short]) {
			short = i
		}
	}
	sep := h.Styles.FullSeparator.Inline(true).Render(h.FullSeparator)
	parts := make([]string, 0, 2*len(band))
	for i, c := range band {
		if i > 0 {
			parts = append(parts, sep)
		}
		col := h.FullHelpView([][]key.Binding{c})
		if i == short {
			col += "\n\n" + h.FullHelpView([][]key.Binding{extra})
		}
		parts = append(parts, col)
	}
	out := lipgloss.JoinHorizontal(lipgloss.Top, parts...)
	return out, lipgloss.Width(out) <= w
}

// wrapWords joins items with sep into lines no wider than w, never breaking
// an item.
func wrapWords(items []string, sep string, w int) string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case lipgloss.Width(line+sep+it) <= w:
			line += sep + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
