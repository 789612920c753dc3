// Package list is the one table every console view uses: virtualised (View
// draws only the visible rows), with a filter, sort, marks and change
// highlighting that all key on row IDs, so they survive live refreshes.
//
// It replaces bubbles/table, whose default keymap takes letters quell binds
// to actions (k is kick): Update handles only the navigation keys of the
// keys.KeyMap and the mouse wheel.
package list

import (
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/theme"
)

// Tone colours a whole row by the user's state.
type Tone int

const (
	ToneNormal Tone = iota
	ToneMuted
	ToneBanned
	ToneBlocked
	ToneDim
)

// Column describes one column.
type Column struct {
	Title string
	Min   int  // minimum width
	Flex  int  // share of spare width; 0 keeps the column at Min
	Right bool // right-align (numbers, durations)
	// Less orders rows for this column; nil compares Cells naturally
	// ("user9" < "user10").
	Less func(a, b *Row) bool
	// Live, if set, draws the cell at View time from the row and the clock
	// fed by SetNow (countdowns: "muted 4m12s"). Cells[i] then holds the
	// stable value (e.g. the end time) used for sorting, filtering and change
	// detection, so a ticking countdown neither needs a SetRows per second
	// nor marks every row changed. The text returned must be sanitized.
	Live func(r *Row, now time.Time) string
}

// Row is one line of the table.
type Row struct {
	ID     string   // stable identity: cursor, marks and change marks key on it
	Cells  []string // display text, already sanitized
	Search string   // text the filter matches (ID and name), already sanitized
	Tone   Tone
	Data   any // the view's own record
}

// changeFade is how long a changed row stays highlighted.
const changeFade = 2 * time.Second

// Model is the table state. Setters take a pointer; Update and View take a
// value, as bubbletea expects. Copies share row storage: keep one live copy.
type Model struct {
	cols  []Column
	st    *theme.Styles
	km    *keys.KeyMap
	empty string

	rows   []Row          // as given to SetRows
	lower  []string       // lower-cased Row.Search, by row index
	byID   map[string]int // row ID → row index
	loaded bool           // SetRows has been called at least once

	order   []int   // row indices in sort order (all rows)
	rank    []int32 // row index → position in order
	sortCol int     // -1: the order rows were given in
	desc    bool

	filter  string
	matched []int // row indices matching filter, in sort order
	view    []int // what is shown: substring matches, then fuzzy-only ones
	viewPos []int32
	// tier scratch per row index: 0 no match, 1 substring, 2 fuzzy only.
	tier []uint8

	cursor  int // position in view
	offset  int // first visible position in view
	marks   map[string]struct{}
	marked  []bool // by row index: the marks, for counting without the map
	changed map[string]time.Time

	now           time.Time
	width, height int

	async   bool      // large fuzzy passes and refreshes run off the update loop
	job     *fuzzyJob // the background fuzzy pass out now, if any
	rowsJob *rowsJob  // the background refresh out now, if any
	// A background merge may be reading rows and lower (rowsShared) and
	// byID (mapShared): the loop copies before changing them in place.
	rowsShared, mapShared bool
}

// New makes an empty table. st and km may be nil in tests: plain styles
// (which never query a terminal) and the default keymap are used.
func New(cols []Column, st *theme.Styles, km *keys.KeyMap) Model {
	if st == nil {
		st = theme.New(lipgloss.NewRenderer(io.Discard))
	}
	if km == nil {
		km = keys.Default()
	}
	return Model{
		cols:    cols,
		st:      st,
		km:      km,
		empty:   "no rows",
		byID:    map[string]int{},
		sortCol: -1,
		marks:   map[string]struct{}{},
		changed: map[string]time.Time{},
		width:   80,
		height:  10,
	}
}

// SetEmptyText sets what an empty table says ("loading…", "no members").
func (m *Model) SetEmptyText(s string) { m.empty = s }

// SetSize sets the table's outer size; the header takes one line.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.clampOffset()
}

// SetNow feeds the clock used for change fading and Live cells, so View
// stays pure.
func (m *Model) SetNow(t time.Time) {
	m.now = t
	// Forget marks that have faded so the map stays as small as the changes.
	for id, at := range m.changed {
		if t.Sub(at) >= changeFade {
			delete(m.changed, id)
		}
	}
}

// Filter returns the current filter query.
func (m Model) Filter() string { return m.filter }

// SortColumn returns the sort column (-1 when rows keep their given order)
// and whether it is descending.
func (m Model) SortColumn() (int, bool) { return m.sortCol, m.desc }

// Shown is the number of rows the filter shows.
func (m Model) Shown() int { return len(m.view) }

// Total is the number of rows.
func (m Model) Total() int { return len(m.rows) }

// CursorRow returns the row under the cursor.
func (m Model) CursorRow() (*Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.view) {
		return nil, false
	}
	return &m.rows[m.view[m.cursor]], true
}

// Selected is what an action applies to: the marks if any, else the cursor
// row's ID; nil when the table is empty.
func (m Model) Selected() []string {
	if len(m.marks) > 0 {
		return m.Marked()
	}
	if r, ok := m.CursorRow(); ok {
		return []string{r.ID}
	}
	return nil
}

// Patch updates one row in place (an optimistic update after an action).
// The row keeps its place until the next SetRows re-sorts and re-filters, so
// the list does not jump under the moderator; it is marked changed. f may
// replace the row or its fields, but not change r.Cells' elements: a
// background refresh may be reading them.
func (m *Model) Patch(id string, f func(*Row)) {
	i, ok := m.byID[id]
	if !ok {
		return
	}
	if m.rowsShared {
		// A background merge reads the old rows: patch a copy.
		m.rows, m.lower = slices.Clone(m.rows), slices.Clone(m.lower)
		m.rowsShared = false
	}
	r := &m.rows[i]
	f(r)
	r.ID = id // identity is not the patch's to change
	m.lower[i] = strings.ToLower(r.Search)
	m.changed[id] = m.now
}
