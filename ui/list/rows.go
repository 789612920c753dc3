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
