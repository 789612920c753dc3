package ui

import (
	"fmt"
	"strings"
)

// helpView is the full help: every key offered here in columns, then the
// `:` commands. Actions the room cannot do are left out; pressing their key
// says why.
func (m *Model) helpView(w int) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Help.Title.Render("Keys"))
	b.WriteString("\n")
	h := m.help
	h.Width = w
	b.WriteString(h.FullHelpView(m.km.FullHelp(m.helpContext())))
	b.WriteString("\n\n")
	b.WriteString(st.Help.Title.Render("Commands (type : then tab to complete)"))
	b.WriteString("\n")
	for _, c := range commands {
		name := ":" + c.Name
		if c.Arg != "" {
			name += " " + c.Arg
		}
		b.WriteString(st.Help.Key.Render(fmt.Sprintf("  %-16s", name)))
		b.WriteString(st.Help.Desc.Render(c.Help))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	b.WriteString(st.Help.Desc.Render("s sorts by the next column, S reverses it. Selection keeps user IDs across refreshes and filters. esc or ? closes this help."))
	return b.String()
}
