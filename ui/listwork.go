package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// listWork gives the answer of a list's background work (a fuzzy pass, a
// refresh) to its list, which drops a stale one, and starts the work lists
// have queued, so neither a fuzzy filter nor a refresh of 100,000 rows holds
// a key.
func (m *Model) listWork(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.stack {
		for _, l := range s.lists {
			l.Answer(msg)
			if c := l.Work(); c != nil {
				cmds = append(cmds, c)
			}
		}
	}
	return tea.Batch(cmds...)
}
