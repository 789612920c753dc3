package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/list"
)

// listWork gives a background fuzzy pass's answer to its list (a stale one
// is dropped by the list) and starts the passes lists have queued, so a
// fuzzy filter over 100,000 rows never holds a key.
func (m *Model) listWork(msg tea.Msg) tea.Cmd {
	done, isDone := msg.(list.FilterDoneMsg)
	var cmds []tea.Cmd
	for _, s := range m.stack {
		for _, l := range s.lists {
			if isDone {
				l.ApplyFilter(done)
			}
			if c := l.Work(); c != nil {
				cmds = append(cmds, c)
			}
		}
	}
	return tea.Batch(cmds...)
}
