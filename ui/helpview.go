package ui

import (
	"strings"

	"github.com/quell-console/quell/ui/components"
)

// helpView is the full help: every key offered here, then the `:`
// commands. Actions the room cannot do are left out; pressing their key
// says why.
func (m *Model) helpView(w, h int) string {
	cols := m.km.FullHelp(m.helpContext())
	for i := range cols {
		cols[i] = m.offered(cols[i])
	}
	var cmds []components.CommandHelp
	var actions []string
	for _, c := range commands() {
		if _, ok := actionSpecFor(c.Name); ok {
			// The action commands are one line: nine would push the
			// others off an 80×24 help.
			if actions = append(actions, c.Name); len(actions) == 1 {
				cmds = append(cmds, components.CommandHelp{Name: c.Name, Arg: "ROOM USER…"})
			}
			continue
		}
		if c.Name == "help" {
			continue // the screen it opens: its line is the action commands'
		}
		cmds = append(cmds, components.CommandHelp{Name: c.Name, Arg: c.Arg, Help: c.Help})
	}
	for i := range cmds {
		if len(actions) > 0 && cmds[i].Name == actions[0] {
			cmds[i].Help = "[10m|audio|video|owner=ID], and :" + strings.Join(actions[1:], " :")
		}
	}
	return m.help.Full(m.st, cols, cmds, w, h)
}
