package list

// Accessors the action safety rules need (issue #8), kept apart from the
// list's own files.

// MarkedUnseen lists, in the table's order, the marked IDs the moderator
// cannot see now: rows the filter hides, rows scrolled out of the window
// (after esc cleared a filter, marks made under it sit among every row),
// and marks whose row has left the list. An action reaches them too, so its
// confirmation names them.
func (m Model) MarkedUnseen() []string {
	var out []string
	page := m.pageRows()
	for _, id := range m.Marked() {
		i, ok := m.byID[id]
		if !ok || i >= len(m.viewPos) {
			out = append(out, id)
			continue
		}
		if p := int(m.viewPos[i]); p < 0 || p < m.offset || p >= m.offset+page {
			out = append(out, id)
		}
	}
	return out
}

// MarkOnly makes ids the marks, replacing any others (retrying the users an
// action did not reach selects exactly them). IDs without a row are marked
// all the same: the action still reaches them, and MarkedUnseen names them.
func (m *Model) MarkOnly(ids []string) {
	clear(m.marks)
	for _, id := range ids {
		m.marks[id] = struct{}{}
	}
}
