package list

import (
	"slices"
	"strings"
)

// SetRows replaces the rows. The cursor and marks stay on the same IDs (the
// cursor moves to the nearest surviving row when its own is gone), the
// filter and sort are re-applied, and rows that are new or whose Cells
// changed are marked changed at the current clock. The first SetRows marks
// nothing: a first load is not a change.
func (m *Model) SetRows(rows []Row) {
	// Remember the cursor by ID, and the old view around it, before the old
	// rows go.
	oldCursorID := ""
	var oldView []string
	if r, ok := m.CursorRow(); ok {
		oldCursorID = r.ID
		oldView = m.viewIDsAround(m.cursor, m.height+64)
	}
	screenLine := m.cursor - m.offset

	byID := make(map[string]int, len(rows))
	lower := make([]string, len(rows))
	for i := range rows {
		id := rows[i].ID
		lower[i] = strings.ToLower(rows[i].Search)
		if m.loaded {
			if j, ok := m.byID[id]; !ok || !slices.Equal(m.rows[j].Cells, rows[i].Cells) {
				m.changed[id] = m.now
			}
		}
		byID[id] = i
	}
	for id := range m.marks {
		if _, ok := byID[id]; !ok {
			delete(m.marks, id)
		}
	}
	for id := range m.changed {
		if _, ok := byID[id]; !ok {
			delete(m.changed, id)
		}
	}
	var hint []int
	if m.sortCol >= 0 {
		hint = carryOrder(m.order, m.rows, byID, len(rows))
	}
	m.rows, m.lower, m.byID, m.loaded = rows, lower, byID, true
	m.tier = make([]uint8, len(rows))
	m.viewPos = make([]int32, len(rows))

	m.resort(hint)
	m.refilter(nil)

	m.cursor = m.nearest(oldCursorID, oldView)
	m.offset = m.cursor - screenLine
	m.clampOffset()
}

// viewIDsAround returns the IDs of the view from pos outward, alternating
// below and above (pos, pos+1, pos-1, pos+2, ...), at most n of them: the
// candidates for the cursor's new home, nearest first.
func (m *Model) viewIDsAround(pos, n int) []string {
	out := make([]string, 0, n)
	for d := 0; len(out) < n; d++ {
		below, above := pos+d, pos-d
		if below >= len(m.view) && above < 0 {
			break
		}
		if below < len(m.view) {
			out = append(out, m.rows[m.view[below]].ID)
		}
		if d > 0 && above >= 0 {
			out = append(out, m.rows[m.view[above]].ID)
		}
	}
	return out
}

// nearest finds the new view position of the first candidate still shown.
func (m *Model) nearest(id string, candidates []string) int {
	if len(m.view) == 0 {
		return 0
	}
	if id == "" {
		return 0
	}
	for _, c := range candidates {
		if i, ok := m.byID[c]; ok && m.viewPos[i] >= 0 {
			return int(m.viewPos[i])
		}
	}
	// Nothing near survived: keep the position, within bounds.
	return min(m.cursor, len(m.view)-1)
}

// carryOrder lays the new rows out in the previous sort order (rows that
// are new go last), as new row indices. A refresh mostly brings the same rows
// in the same order, and the sort finishes almost at once on sorted input.
func carryOrder(oldOrder []int, oldRows []Row, byID map[string]int, n int) []int {
	out := make([]int, 0, n)
	seen := make([]bool, n)
	for _, oi := range oldOrder {
		if ni, ok := byID[oldRows[oi].ID]; ok && !seen[ni] {
			seen[ni] = true
			out = append(out, ni)
		}
	}
	for i, s := range seen {
		if !s {
			out = append(out, i)
		}
	}
	return out
}

// resort orders all rows by the sort column; ties fall back to the ID, so
// rows with equal cells do not swap places between refreshes. Unsorted, rows
// keep the order they were given in. hint, if not nil, is a likely order to
// start from.
func (m *Model) resort(hint []int) {
	n := len(m.rows)
	if hint != nil && len(hint) == n {
		m.order = hint
	} else {
		m.order = make([]int, n)
		for i := range m.order {
			m.order[i] = i
		}
	}
	if c := m.sortCol; c >= 0 && c < len(m.cols) {
		sign := 1
		if m.desc {
			sign = -1
		}
		var cmp func(a, b int) int
		if less := m.cols[c].Less; less != nil {
			cmp = func(a, b int) int {
				ra, rb := &m.rows[a], &m.rows[b]
				switch {
				case less(ra, rb):
					return -sign
				case less(rb, ra):
					return sign
				}
				return m.tieBreak(a, b)
			}
		} else {
			// The cells are copied out first: walking Row structs for
			// each comparison costs more in cache misses than the
			// comparison itself.
			keys := make([]string, n)
			for i := range m.rows {
				keys[i] = cell(&m.rows[i], c)
			}
			cmp = func(a, b int) int {
				if r := naturalCompare(keys[a], keys[b]); r != 0 {
					return sign * r
				}
				return m.tieBreak(a, b)
			}
		}
		// The order is total, so an unstable (faster, and adaptive to
		// sorted input) sort is still deterministic.
		slices.SortFunc(m.order, cmp)
	}
	if cap(m.rank) >= n {
		m.rank = m.rank[:n]
	} else {
		m.rank = make([]int32, n)
	}
	for pos, i := range m.order {
		m.rank[i] = int32(pos)
	}
}

// tieBreak orders rows whose sort cells are equal: by ID, then (duplicate
// IDs) by the given order.
func (m *Model) tieBreak(a, b int) int {
	if r := strings.Compare(m.rows[a].ID, m.rows[b].ID); r != 0 {
		return r
	}
	return a - b
}

func cell(r *Row, c int) string {
	if c < len(r.Cells) {
		return r.Cells[c]
	}
	return ""
}

// SortBy sorts by column col (-1: the given order), descending if desc. The
// cursor stays on its row.
func (m *Model) SortBy(col int, desc bool) {
	if col < -1 || col >= len(m.cols) {
		col = -1
	}
	if col == -1 {
		desc = false
	}
	id, line := m.cursorID(), m.cursor-m.offset
	m.sortCol, m.desc = col, desc
	m.resort(nil)
	m.refilter(nil)
	m.follow(id, line)
}

// CycleSort moves the sort to the next column, ascending; after the last
// column it returns to the given order.
func (m *Model) CycleSort() {
	next := m.sortCol + 1
	if next >= len(m.cols) {
		next = -1
	}
	m.SortBy(next, false)
}

// ReverseSort flips the direction; unsorted tables sort by the first column,
// descending.
func (m *Model) ReverseSort() {
	if m.sortCol < 0 {
		if len(m.cols) == 0 {
			return
		}
		m.SortBy(0, true)
		return
	}
	m.SortBy(m.sortCol, !m.desc)
}

func (m *Model) cursorID() string {
	if r, ok := m.CursorRow(); ok {
		return r.ID
	}
	return ""
}

// follow puts the cursor back on id after a reorder that kept every row,
// on the same screen line when the rows allow it.
func (m *Model) follow(id string, line int) {
	if i, ok := m.byID[id]; ok && m.viewPos[i] >= 0 {
		m.cursor = int(m.viewPos[i])
	}
	m.clampCursor()
	m.offset = m.cursor - line
	m.clampOffset()
}
