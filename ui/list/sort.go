package list

import (
	"slices"
	"strings"
)

// Sorting: the order the rows are shown in, kept across refreshes.

// carryOrder lays the new rows out in the previous sort order (rows that
// are new go last), as new row indices, from oldOf (new index → old index).
// A refresh mostly brings the same rows in the same order, and the sort
// finishes almost at once on sorted input.
func carryOrder(oldOrder []int, oldOf []int32, nOld int) []int {
	n := len(oldOf)
	newOf := make([]int32, nOld)
	for i := range newOf {
		newOf[i] = -1
	}
	for i, j := range oldOf {
		if j >= 0 && newOf[j] < 0 {
			newOf[j] = int32(i)
		}
	}
	out := make([]int, 0, n)
	seen := make([]bool, n)
	for _, oi := range oldOrder {
		if oi < nOld {
			if ni := newOf[oi]; ni >= 0 && !seen[ni] {
				seen[ni] = true
				out = append(out, int(ni))
			}
		}
	}
	for i, s := range seen {
		if !s {
			out = append(out, i)
		}
	}
	return out
}

// insertMoved orders the rows without sorting them all: rows whose sort
// cell did not change keep their carried order (hint), and the few that
// joined or changed are sorted and inserted by binary search. A refresh of
// 100,000 rows with a few joins re-sorted everything (pdqsort is not
// adaptive to one unsorted tail) and took 170 ms. It returns nil when a
// full sort is due: a column with its own Less (it may read more than the
// cell), or many rows moved.
func (m *Model) insertMoved(hint []int, old []Row, oldOf []int32) []int {
	c := m.sortCol
	if hint == nil || c < 0 || c >= len(m.cols) || m.cols[c].Less != nil {
		return nil
	}
	n := len(m.rows)
	kept := make([]int, 0, n)
	var moved []int
	for _, i := range hint {
		if j := oldOf[i]; j >= 0 && cell(&old[j], c) == cell(&m.rows[i], c) {
			kept = append(kept, i)
		} else {
			moved = append(moved, i)
		}
	}
	if len(moved) > n/16 {
		return nil
	}
	cmp := m.cellCmp(c)
	slices.SortFunc(moved, cmp)
	out := make([]int, 0, n)
	pos := 0
	for _, i := range moved {
		rest := kept[pos:]
		k, _ := slices.BinarySearchFunc(rest, i, cmp)
		out = append(out, rest[:k]...)
		out = append(out, i)
		pos += k
	}
	return append(out, kept[pos:]...)
}

// cellCmp compares rows by column c's cells naturally, in the sort
// direction, ties broken by ID.
func (m *Model) cellCmp(c int) func(a, b int) int {
	sign := 1
	if m.desc {
		sign = -1
	}
	return func(a, b int) int {
		if r := naturalCompare(cell(&m.rows[a], c), cell(&m.rows[b], c)); r != 0 {
			return sign * r
		}
		return m.tieBreak(a, b)
	}
}

func reuse[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
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
	m.rerank()
}

// rerank fills rank from order.
func (m *Model) rerank() {
	m.rank = reuse(m.rank, len(m.rows))
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
