package ui

import "github.com/quell-console/quell/ui/components"

// helpView is the full help: every key offered here, then the `:`
// commands. Actions the room cannot do are left out; pressing their key
// says why.
func (m *Model) helpView(w, h int) string {
	cols := m.km.FullHelp(m.helpContext())
	for i := range cols {
		cols[i] = m.offered(cols[i])
	}
	cs := commands()
	cmds := make([]components.CommandHelp, len(cs))
	for i, c := range cs {
		cmds[i] = components.CommandHelp{Name: c.Name, Arg: c.Arg, Help: c.Help}
	}
	return m.help.Full(m.st, cols, cmds, w, h)
}
