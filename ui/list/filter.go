package list

import (
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// FilterMode is how the filter query matches rows. The query's first
// character chooses it, as typed after "/".
type FilterMode int

const (
	// FilterContains shows the rows whose user ID or name contains the
	// text, case-insensitively, and nothing else. It is the default because
	// what is shown is what A marks: a fuzzy "/u03" in a 20,000-member room
	// showed 8,733 rows (u046132 …) and A marked them all.
	FilterContains FilterMode = iota
	// FilterFuzzy ("/~text") shows substring matches first, then rows whose
	// ID or name holds the letters of text in order.
	FilterFuzzy
	// FilterExclude ("/!text") shows the rows that do not contain text.
	FilterExclude
)

// String names the mode for the status bar.
func (f FilterMode) String() string {
	switch f {
	case FilterFuzzy:
		return "fuzzy"
	case FilterExclude:
		return "not containing"
	}
	return "containing"
}

// ParseFilter splits a query as typed into its mode and text: "~ali" is a
// fuzzy "ali", "!bot" excludes "bot", anything else is a substring.
func ParseFilter(q string) (FilterMode, string) {
	switch {
	case strings.HasPrefix(q, "~"):
		return FilterFuzzy, q[1:]
	case strings.HasPrefix(q, "!"):
		return FilterExclude, q[1:]
	}
	return FilterContains, q
}

// SetFilter filters the rows by q, as typed (see ParseFilter), keeping the
// sort order. When q extends the previous query in the same mode (contains
// or fuzzy) only the previous matches are searched again: every row that
// matches "ali" also matches "al", so typing stays fast at 100,000 rows. The
// cursor stays on its row while that row still contains the text (or, for
// "!", is still shown); otherwise it goes to the first row shown. (Keeping
// it on the nearest or a fuzzy match put it on the wrong user: "/live-006"
// typed on live-001 left the cursor on live-004, a fuzzy match, with
// live-006 shown above it, and the next action hit live-004.) Clearing the
// filter keeps the cursor on its row.
func (m *Model) SetFilter(q string) {
	if q == m.filter {
		return
	}
	oldMode, oldText := ParseFilter(m.filter)
	mode, text := ParseFilter(q)
	var from []int
	// While a fuzzy pass is out, matched holds only the substring matches:
	// no base to narrow from.
	if oldText != "" && mode == oldMode && mode != FilterExclude && m.job == nil &&
		strings.HasPrefix(strings.ToLower(text), strings.ToLower(oldText)) {
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
	if text != "" && (curRow < 0 || m.viewPos[curRow] < 0 || m.tier[curRow] != 1) {
		m.cursor = 0
	}
	m.offset = m.cursor - line
	m.clampOffset()
}

// FilterMode is the mode of the current filter; FilterContains when there
// is none.
func (m Model) FilterMode() FilterMode {
	mode, _ := ParseFilter(m.filter)
	return mode
}

// Filtering reports whether a filter hides rows: a query with text.
func (m Model) Filtering() bool {
	_, text := ParseFilter(m.filter)
	return text != ""
}

// refilter rebuilds matched and view from the candidates in from (row
// indices in sort order), or from every row when from is nil.
func (m *Model) refilter(from []int) {
	if m.job != nil {
		m.job.cancelled.Store(true) // whatever it finds is stale now
		m.job = nil
	}
	if from == nil {
		from = m.order
	}
	for i := range m.viewPos {
		m.viewPos[i] = -1
	}
	mode, text := ParseFilter(m.filter)
	q := strings.ToLower(text)
	if q == "" {
		m.matched = m.order
		m.view = m.order
		for pos, i := range m.view {
			m.viewPos[i] = int32(pos)
		}
		m.clampCursor()
		return
	}

	if mode != FilterFuzzy {
		m.refilterSubstring(from, q, mode == FilterExclude)
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
	if m.async && len(rest.idx) > asyncFuzzyRows {
		// Too many candidates to match on the update loop ("~v9" at
		// 100,000 rows took 65 ms): show the substring matches now and
		// match the rest in the background (see Work).
		m.job = newFuzzyJob(q, from, rest)
		m.finish(from, nsub, 0)
		return
	}
	nfuzz := 0
	for _, mt := range fuzzy.FindFromNoSort(q, rest) {
		m.tier[rest.idx[mt.Index]] = 2
		nfuzz++
	}
	m.finish(from, nsub, nfuzz)
}

// finish builds matched and view from the tiers of the rows in from:
// substring matches (tier 1) first, then fuzzy ones (tier 2).
func (m *Model) finish(from []int, nsub, nfuzz int) {

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

// refilterSubstring shows the rows of from that contain q (or, excluding,
// that do not). tier 1 marks a shown row.
func (m *Model) refilterSubstring(from []int, q string, exclude bool) {
	view := make([]int, 0, len(from)/4)
	for _, i := range from {
		if strings.Contains(m.lower[i], q) != exclude {
			m.tier[i] = 1
			view = append(view, i)
		} else {
			m.tier[i] = 0
		}
	}
	m.matched, m.view = view, view
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

// asyncFuzzyRows is how many fuzzy candidates the update loop matches
// itself; more go to a background pass. sahilm/fuzzy matches about 1,000
// candidates in 0.1-0.5 ms.
var asyncFuzzyRows = 5_000

// fuzzyJob is a fuzzy pass over candidates too many to match on the update
// loop. It owns copies of its candidates' text, so Patch and SetRows never
// race it; any refilter cancels it and makes its answer stale.
type fuzzyJob struct {
	q         string
	from      []int // the refilter's rows, in sort order
	idx       []int // candidates, as row indices
	text      []string
	started   bool
	cancelled atomic.Bool
}

func newFuzzyJob(q string, from []int, rest fuzzSource) *fuzzyJob {
	j := &fuzzyJob{q: q, from: from, idx: rest.idx, text: make([]string, len(rest.idx))}
	for k, i := range rest.idx {
		j.text[k] = rest.lower[i]
	}
	return j
}

// FilterDoneMsg is the answer of a background fuzzy pass: the rows it
// matched. ApplyFilter takes it; an answer to a superseded query is dropped.
type FilterDoneMsg struct {
	job  *fuzzyJob
	rows []int
}

// SetAsync lets the table match large fuzzy filters and merge large
// refreshes (SetRowsLater) off the update loop: the console's lists do,
// tests that want an answer at once do not. The caller must then run Work's
// commands and hand their messages to Answer.
func (m *Model) SetAsync(on bool) { m.async = on }

// Pending reports whether a background fuzzy pass is still out: rows shown
// are the substring matches only, for now.
func (m Model) Pending() bool { return m.job != nil }

// ApplyFilter shows the fuzzy matches of a background pass after the
// substring matches, the cursor staying on its row. It reports whether msg
// was this table's current pass; a stale answer changes nothing.
func (m *Model) ApplyFilter(msg FilterDoneMsg) bool {
	j := m.job
	if j == nil || msg.job != j {
		return false
	}
	m.job = nil
	curRow := -1
	if m.cursor >= 0 && m.cursor < len(m.view) {
		curRow = m.view[m.cursor]
	}
	line := m.cursor - m.offset
	for _, i := range msg.rows {
		m.tier[i] = 2
	}
	for _, i := range m.view {
		m.viewPos[i] = -1
	}
	m.finish(j.from, len(m.view), len(msg.rows))
	if curRow >= 0 && m.viewPos[curRow] >= 0 {
		m.cursor = int(m.viewPos[curRow])
	}
	m.offset = m.cursor - line
	m.clampOffset()
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
