package list

// Accessors the action safety rules need (issue #8), kept apart from the
// list's own files.

// MarkedUnseen lists, in the table's order, the marked IDs the moderator
// cannot see now: hidden, the rows the filter hides and marks whose row has
// left the list; scrolled, the rows shown but out of the window (after esc
// cleared a filter, marks made under it sit among every row). An action
// reaches them too, so its confirmation names them.
func (m Model) MarkedUnseen() (hidden, scrolled []string) {
	page := m.pageRows()
	for _, id := range m.Marked() {
		i, ok := m.byID[id]
		if !ok || i >= len(m.viewPos) || m.viewPos[i] < 0 {
			hidden = append(hidden, id)
			continue
		}
		if p := int(m.viewPos[i]); p < m.offset || p >= m.offset+page {
			scrolled = append(scrolled, id)
		}
	}
	return hidden, scrolled
}

// AllShownMarked reports whether every row the filter shows is marked.
func (m Model) AllShownMarked() bool {
	for _, i := range m.view {
		if _, on := m.marks[m.rows[i].ID]; !on {
			return false
		}
	}
	return len(m.view) > 0
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
