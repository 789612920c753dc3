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
	cols := m.km.FullHelp(m.helpContext())
	for i := range cols {
		cols[i] = m.offered(cols[i])
	}
	b.WriteString(h.FullHelpView(cols))
	b.WriteString("\n\n")
	b.WriteString(st.Help.Title.Render("Commands (type : then tab to complete)"))
	b.WriteString("\n")
	for _, c := range commands {
		name := ":" + c.Name
		if c.Arg != "" {
			name += " " + c.Arg
		}
		b.WriteString(st.Help.Key.Render(fmt.Sprintf("  %-18s", name)))
		b.WriteString(st.Help.Desc.Render(c.Help))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	b.WriteString(st.Help.Desc.Render("s sorts by the next column, S reverses it; marks keep user IDs across refreshes. esc closes."))
	return b.String()
}
