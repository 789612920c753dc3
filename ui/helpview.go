package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// helpView is the full help: every key offered here in columns, then the
// `:` commands. Actions the room cannot do are left out; pressing their key
// says why. It fits w×h: bubbles' help cuts the columns past the width (at
// 80 columns that was refresh, help and quit), so the columns that do not
// fit go in a band below; when that is too tall, the commands are listed
// by name only and the sorting tip (its keys are listed) is left out.
func (m *Model) helpView(w, h int) string {
	st := m.st
	cols := m.km.FullHelp(m.helpContext())
	for i := range cols {
		cols[i] = m.offered(cols[i])
	}
	keysPart := st.Help.Title.Render("Keys") + "\n" + keyBands(m.help, cols, w)
	title := st.Help.Title.Render("Commands (type : then tab to complete)")
	tail := st.Help.Desc.Render("s sorts by the next column, S reverses it; marks keep user IDs across refreshes. esc closes.")

	var full strings.Builder
	for _, c := range commands() {
		full.WriteString(st.Help.Key.Render(fmt.Sprintf("  %-18s", commandName(c.Name, c.Arg))))
		full.WriteString(st.Help.Desc.Render(c.Help))
		full.WriteString("\n")
	}
	out := strings.Join([]string{keysPart, "", title, full.String(), tail}, "\n")
	if lipgloss.Height(out) <= h {
		return out
	}
	cs := commands()
	names := make([]string, len(cs))
	for i, c := range cs {
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
		bands = append(bands, h.FullHelpView(cols[start:end]))
		start = end
	}
	return strings.Join(bands, "\n\n")
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
