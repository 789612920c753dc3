package list

import (
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// SetFilter shows only rows whose Search contains q (case-insensitive), then
// rows that match q fuzzily, each group in sort order. When q extends the
// previous query only the previous matches are searched again: every row that
// matches "ali" (as substring or fuzzily) also matches "al", so typing stays
// fast at 100,000 rows. The cursor stays on its row while that row still
// contains the query; otherwise it goes to the best match, the first row
// shown. (Keeping it on the nearest or a fuzzy match put it on the wrong
// user: "/live-006" typed on live-001 left the cursor on live-004, a fuzzy
// match, with live-006 shown above it, and the next action hit live-004.)
// Clearing the filter keeps the cursor on its row.
func (m *Model) SetFilter(q string) {
	if q == m.filter {
		return
	}
	var from []int
	if m.filter != "" && strings.HasPrefix(strings.ToLower(q), strings.ToLower(m.filter)) {
		from = m.matched
	}
	curRow := -1
	if m.cursor >= 0 && m.cursor < len(m.view) {
		curRow = m.view[m.cursor]
	}
	line := m.cursor - m.offset
	m.filter = q
	m.refilter(from)
	m.cursor = m.nearestByRank(curRow)
	if q != "" && (curRow < 0 || m.viewPos[curRow] < 0 || m.tier[curRow] != 1) {
		m.cursor = 0
	}
	m.offset = m.cursor - line
	m.clampOffset()
}

// refilter rebuilds matched and view from the candidates in from (row
// indices in sort order), or from every row when from is nil.
func (m *Model) refilter(from []int) {
	if from == nil {
		from = m.order
	}
	for i := range m.viewPos {
		m.viewPos[i] = -1
	}
	q := strings.ToLower(m.filter)
	if q == "" {
		m.matched = m.order
		m.view = m.order
		for pos, i := range m.view {
			m.viewPos[i] = int32(pos)
		}
		m.clampCursor()
		return
	}

	// Substring first: cheap, and the best matches. What is left goes to
	// the fuzzy matcher in one batch.
	// A one-letter query has no fuzzy matches beyond its substring ones; an
	// ASCII query is pre-checked as a subsequence, a plain byte loop, so the
	// fuzzy matcher (which allocates per candidate) only sees likely matches.
	var rest fuzzSource
	nsub := 0
	oneRune := utf8.RuneCountInString(q) == 1
	ascii := isASCII(q)
	for _, i := range from {
		switch {
		case strings.Contains(m.lower[i], q):
			m.tier[i] = 1
			nsub++
		case oneRune || (ascii && !subsequence(m.lower[i], q)):
			m.tier[i] = 0
		default:
			m.tier[i] = 0
			rest.idx = append(rest.idx, i)
		}
	}
	rest.lower = m.lower
	nfuzz := 0
	for _, mt := range fuzzy.FindFromNoSort(q, rest) {
		m.tier[rest.idx[mt.Index]] = 2
		nfuzz++
	}

	// Fresh slices: the previous matched may be m.order or a slice the
	// caller passed as from.
	matched := make([]int, 0, nsub+nfuzz)
	view := make([]int, 0, nsub+nfuzz)
	for _, i := range from {
		if m.tier[i] != 0 {
			matched = append(matched, i)
		}
		if m.tier[i] == 1 {
			view = append(view, i)
		}
	}
	for _, i := range from {
		if m.tier[i] == 2 {
			view = append(view, i)
		}
	}
	m.matched, m.view = matched, view
	for pos, i := range m.view {
		m.viewPos[i] = int32(pos)
	}
	m.clampCursor()
}

// nearestByRank returns the view position of row (a row index), or, when the
// filter hides it, of the shown row closest to it in sort order.
func (m *Model) nearestByRank(row int) int {
	if len(m.view) == 0 || row < 0 || row >= len(m.rows) {
		return 0
	}
	if p := m.viewPos[row]; p >= 0 {
		return int(p)
	}
	want := m.rank[row]
	best, bestD := 0, int32(-1)
	for pos, i := range m.view {
		d := m.rank[i] - want
		if d < 0 {
			d = -d
		}
		if bestD < 0 || d < bestD {
			best, bestD = pos, d
		}
	}
	return best
}

// subsequence reports whether the bytes of q appear in s in order.
func subsequence(s, q string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(q); i++ {
		if s[i] == q[j] {
			j++
		}
	}
	return j == len(q)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fuzzSource feeds a subset of rows to the fuzzy matcher without copying
// strings.
type fuzzSource struct {
	idx   []int
	lower []string
}

func (s fuzzSource) String(i int) string { return s.lower[s.idx[i]] }
func (s fuzzSource) Len() int            { return len(s.idx) }
