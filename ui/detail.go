package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/ui/list"
)

// askDetail is the detail pane of one row (a member): a dialog that shows
// the row's subject in full and takes the action keys, on that user alone.
// The row is a copy: the list under a dialog does not refresh, and an
// action closes the pane.
type askDetail struct{ row list.Row }

// openDetail opens the pane on the row under the cursor, on a view whose
// Def describes its rows (Detail); false when it has none.
func (m *Model) openDetail() bool {
	s := m.top()
	row, ok := s.list().CursorRow()
	if !ok || s.def().Detail == nil {
		return false
	}
	d := &components.Dialog{Title: "Member", For: askDetail{row: *row},
		Hint: "the action keys act on this user · esc closes"}
	if !m.fillDetail(d) {
		return false
	}
	m.modal = d
	return true
}

// fillDetail writes the pane's lines at the console's clock (the clock
// tick redraws the countdowns); false when the row has no detail.
func (m *Model) fillDetail(d *components.Dialog) bool {
	ask, ok := d.For.(askDetail)
	if !ok {
		return false
	}
	def := m.top().def()
	lines, ok := def.Detail(&ask.row, m.now)
	if !ok {
		return false
	}
	var keys []string
	for _, ab := range m.km.OfferedActions(m.helpContext()) {
		if ab.Spec.TakesUsers && def.Offers(ab.Spec.Kind) {
			keys = append(keys, ab.Binding.Help().Key+" "+ab.Binding.Help().Desc)
		}
	}
	if len(keys) == 0 {
		keys = []string{"none offered here"}
	}
	d.Body = append(lines, "", "Actions: "+strings.Join(keys, " · "))
	return true
}

// onDetailKey is an action key pressed in the pane: the pane closes and the
// action starts on its user, through the same flow as on the list.
func (m *Model) onDetailKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	ask, ok := m.modal.For.(askDetail)
	if !ok {
		return nil, false
	}
	if msg.Type == tea.KeyEsc {
		m.modal = nil // nothing was asked: no "cancelled" to say
		return nil, true
	}
	spec, ok := m.km.ActionFor(msg)
	if !ok || !spec.TakesUsers {
		return nil, false
	}
	m.modal = nil
	return m.startActionOn(spec, []string{ask.row.ID}), true
}
