package list

import (
	"slices"
	"strings"
)

// SetRows replaces the rows. The cursor and marks stay on the same IDs (the
// cursor moves to the nearest surviving row when its own is gone), the
// filter and sort are re-applied, and rows that are new or whose Cells
// changed are marked changed at the current clock. The first SetRows marks
// nothing: a first load is not a change. A background refresh still out
// (SetRowsLater) is dropped: these rows are newer.
func (m *Model) SetRows(rows []Row) {
	m.dropRowsJob()
	m.applyMerge(m.mergeInput(!m.mapShared).merge(rows))
}

// mergeInput is what merging new rows reads of the table: the old rows and
// their indices, the sort and the filter. A background merge reads it while
// the update loop goes on, so the loop never changes these in place while
// one may be running (rowsShared, mapShared).
type mergeInput struct {
	cols     []Column
	old      []Row
	oldLower []string
	oldByID  map[string]int
	oldOrder []int
	sortCol  int
	desc     bool
	filter   string
	loaded   bool
	inPlace  bool // the old ID map may be updated in place
}

func (m *Model) mergeInput(inPlace bool) mergeInput {
	return mergeInput{cols: m.cols, old: m.rows, oldLower: m.lower, oldByID: m.byID, oldOrder: m.order,
		sortCol: m.sortCol, desc: m.desc, filter: m.filter, loaded: m.loaded, inPlace: inPlace}
}

// merged is new rows sorted, indexed and filtered, ready to swap in: t
// holds rows, lower, byID, order, rank, tier, viewPos, matched and view.
type merged struct {
	t       Model
	changed []string // IDs new or with changed Cells
}

// merge sorts, indexes and filters rows, touching nothing of the table: it
// may run off the update loop.
func (in mergeInput) merge(rows []Row) *merged {
	// oldOf[i] is the old index of new row i (-1 for a new row). A refresh
	// mostly brings the same rows in the same order, give or take a few
	// joins and leaves: each row is first looked for where the previous
	// one was found (same index plus the last shift seen), and only looked
	// up by ID when it is not there. At 100,000 rows the map lookups were
	// most of a refresh.
	n := len(rows)
	old, oldLower := in.old, in.oldLower
	oldOf := make([]int32, n)
	lower := make([]string, n)
	var changed []string
	same := len(old) == n
	shift := 0
	for i := range rows {
		r := &rows[i]
		j := i + shift
		if j < 0 || j >= len(old) || old[j].ID != r.ID {
			var ok bool
			if j, ok = in.oldByID[r.ID]; ok {
				shift = j - i
			} else {
				j = -1
			}
		}
		oldOf[i] = int32(j)
		if j != i {
			same = false
		}
		if j >= 0 && old[j].Search == r.Search {
			lower[i] = oldLower[j] // lower-casing allocates: reuse
		} else {
			lower[i] = strings.ToLower(r.Search)
		}
		if in.loaded && (j < 0 || !slices.Equal(old[j].Cells, r.Cells)) {
			changed = append(changed, r.ID)
		}
	}
	byID := in.oldByID
	switch {
	case same && byID != nil:
		// Every row at its old index: the map stands.
	case in.inPlace:
		byID = moveIDs(byID, rows, old, oldOf)
	default:
		byID = indexIDs(rows)
	}
	t := Model{cols: in.cols, rows: rows, lower: lower, byID: byID, loaded: true,
		sortCol: in.sortCol, desc: in.desc, filter: in.filter,
		tier: make([]uint8, n), viewPos: make([]int32, n)}
	var hint []int
	if in.sortCol >= 0 {
		hint = carryOrder(in.oldOrder, oldOf, len(old))
	}
	if order := t.insertMoved(hint, old, oldOf); order != nil {
		t.order = order
		t.rerank()
	} else {
		t.resort(hint)
	}
	t.refilter(nil) // t is not async: a fuzzy filter is matched here
	return &merged{t: t, changed: changed}
}

// applyMerge swaps merged rows in: changes marked at the current clock,
// marks and change marks of rows gone dropped, the cursor kept on its row
// or the nearest survivor, on the same screen line.
func (m *Model) applyMerge(p *merged) {
	oldCursorID := ""
	var oldView []string
	if r, ok := m.CursorRow(); ok {
		oldCursorID = r.ID
		oldView = m.viewIDsAround(m.cursor, m.height+64)
	}
	screenLine := m.cursor - m.offset

	if m.job != nil {
		m.job.cancelled.Store(true) // a fuzzy pass over the old rows
		m.job = nil
	}
	t := &p.t
	m.rows, m.lower, m.byID, m.loaded = t.rows, t.lower, t.byID, true
	m.order, m.rank, m.tier, m.viewPos = t.order, t.rank, t.tier, t.viewPos
	m.matched, m.view = t.matched, t.view
	m.rowsShared, m.mapShared = false, false
	for _, id := range p.changed {
		m.changed[id] = m.now
	}
	m.marked = make([]bool, len(m.rows))
	for id := range m.marks {
		if i, ok := m.byID[id]; ok {
			m.marked[i] = true
		} else {
			delete(m.marks, id)
		}
	}
	for id := range m.changed {
		if _, ok := m.byID[id]; !ok {
			delete(m.changed, id)
		}
	}
	m.cursor = m.nearest(oldCursorID, oldView)
	m.offset = m.cursor - screenLine
	m.clampOffset()
}

// moveIDs returns the ID → index map for rows, updating byID in place
// (only rows that moved, joined or left), which costs less than a new map
// of 100,000 entries. Duplicate IDs, old or new, get a new map: the last
// row wins.
func moveIDs(byID map[string]int, rows, old []Row, oldOf []int32) map[string]int {
	if len(byID) != len(old) || len(old) == 0 {
		return indexIDs(rows)
	}
	used := make([]bool, len(old))
	for _, j := range oldOf {
		if j >= 0 {
			if used[j] {
				return indexIDs(rows)
			}
			used[j] = true
		}
	}
	for j, u := range used {
		if !u {
			delete(byID, old[j].ID)
		}
	}
	for i, j := range oldOf {
		if int(j) != i {
			byID[rows[i].ID] = i
		}
	}
	return byID
}

func indexIDs(rows []Row) map[string]int {
	byID := make(map[string]int, len(rows))
	for i := range rows {
		byID[rows[i].ID] = i
	}
	return byID
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
