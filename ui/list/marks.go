package list

import "slices"

// ToggleMark marks or unmarks the row under the cursor.
func (m *Model) ToggleMark() {
	r, ok := m.CursorRow()
	if !ok {
		return
	}
	i := m.view[m.cursor]
	if _, on := m.marks[r.ID]; on {
		delete(m.marks, r.ID)
		m.marked[i] = false
	} else {
		m.marks[r.ID] = struct{}{}
		m.marked[i] = true
	}
}

// MarkAllShown marks every row the filter shows (rows it hides keep their
// marks as they are).
func (m *Model) MarkAllShown() {
	for _, i := range m.view {
		m.marks[m.rows[i].ID] = struct{}{}
		m.marked[i] = true
	}
}

// ClearMarks unmarks every row, shown or not.
func (m *Model) ClearMarks() {
	clear(m.marks)
	clear(m.marked)
}

// Marked returns the marked IDs in the table's current sort order, hidden
// ones included, so a confirmation lists them the way the moderator sees them.
func (m Model) Marked() []string {
	if len(m.marks) == 0 {
		return nil
	}
	out := make([]string, 0, len(m.marks))
	if len(m.marks) < 64 {
		// Few marks: sort them by rank instead of walking every row.
		for id := range m.marks {
			out = append(out, id)
		}
		slices.SortFunc(out, func(a, b string) int {
			return int(m.rank[m.byID[a]]) - int(m.rank[m.byID[b]])
		})
		return out
	}
	for _, i := range m.order {
		if m.marked[i] {
			out = append(out, m.rows[i].ID)
		}
	}
	return out
}

// MarkedCount is the number of marked rows.
func (m Model) MarkedCount() int { return len(m.marks) }

// MarkedHidden is how many marked rows the filter hides: a confirmation must
// say so, since the action reaches them too. The status bar asks at every
// frame: it counts the marked rows shown (by row index), not the marks (by
// ID), which took 38 ms with 100,000 marked.
func (m Model) MarkedHidden() int {
	if len(m.marks) == 0 {
		return 0
	}
	shown := 0
	for _, i := range m.view {
		if m.marked[i] {
			shown++
		}
	}
	return len(m.marks) - shown
}

// IsMarked reports whether the row id is marked.
func (m Model) IsMarked(id string) bool {
	_, on := m.marks[id]
	return on
}
