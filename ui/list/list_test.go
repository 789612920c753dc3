package list

import (
	"fmt"
	"io"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/theme"
)

func asciiStyles() *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return theme.New(r)
}

var testCols = []Column{
	{Title: "USER", Min: 8, Flex: 1},
	{Title: "NAME", Min: 8, Flex: 2},
	{Title: "STATE", Min: 6},
}

func row(id, name, state string) Row {
	return Row{ID: id, Cells: []string{id, name, state}, Search: id + " " + name}
}

func rowsOf(ids ...string) []Row {
	out := make([]Row, len(ids))
	for i, id := range ids {
		out[i] = row(id, "name-"+id, "")
	}
	return out
}

func newTable(rows []Row) Model {
	m := New(testCols, asciiStyles(), keys.Default())
	m.SetSize(80, 10)
	m.SetRows(rows)
	return m
}

func cursorID(t *testing.T, m Model) string {
	t.Helper()
	r, ok := m.CursorRow()
	if !ok {
		t.Fatal("no cursor row")
	}
	return r.ID
}

func shownIDs(m Model) []string {
	out := make([]string, len(m.view))
	for i, ri := range m.view {
		out[i] = m.rows[ri].ID
	}
	return out
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m, _ = m.Update(keyMsg(k))
	}
	return m
}

func TestCursorFollowsIDAcrossReorder(t *testing.T) {
	m := newTable(rowsOf("a", "b", "c", "d", "e"))
	m = press(m, "down", "down")
	if got := cursorID(t, m); got != "c" {
		t.Fatalf("cursor on %q, want c", got)
	}
	m.SetRows(rowsOf("e", "d", "c", "b", "a"))
	if got := cursorID(t, m); got != "c" {
		t.Errorf("after reorder cursor on %q, want c", got)
	}
	m.SetRows(rowsOf("c", "x", "y", "a"))
	if got := cursorID(t, m); got != "c" {
		t.Errorf("after reorder and removal cursor on %q, want c", got)
	}
}

func TestCursorMovesToNearestWhenRowGoes(t *testing.T) {
	tests := []struct {
		name   string
		before []string
		at     int
		after  []string
		want   string
	}{
		{"next row below", []string{"a", "b", "c", "d", "e"}, 2, []string{"a", "b", "d", "e"}, "d"},
		{"row above when below gone too", []string{"a", "b", "c", "d", "e"}, 2, []string{"a", "b", "e"}, "b"},
		{"last row removed", []string{"a", "b", "c"}, 2, []string{"a", "b"}, "b"},
		{"all known rows gone", []string{"a", "b", "c"}, 1, []string{"x", "y", "z"}, "y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTable(rowsOf(tt.before...))
			m.MoveCursor(tt.at)
			m.SetRows(rowsOf(tt.after...))
			if got := cursorID(t, m); got != tt.want {
				t.Errorf("cursor on %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMarksKeyOnIDs(t *testing.T) {
	m := newTable(rowsOf("a", "b", "c", "d"))
	m.MoveCursor(1)
	m.ToggleMark() // b
	m.MoveCursor(2)
	m.ToggleMark() // d
	m.SetRows(rowsOf("d", "c", "b", "a", "e"))
	if got := m.Marked(); !slices.Equal(got, []string{"d", "b"}) {
		t.Errorf("marks after reorder = %v, want [d b] in shown order", got)
	}
	m.SetRows(rowsOf("a", "b", "c"))
	if got := m.Marked(); !slices.Equal(got, []string{"b"}) {
		t.Errorf("marks after d left = %v, want [b]", got)
	}
	if got := m.Selected(); !slices.Equal(got, []string{"b"}) {
		t.Errorf("Selected with marks = %v, want the marks", got)
	}
	m.ClearMarks()
	if got, want := m.Selected(), []string{cursorID(t, m)}; !slices.Equal(got, want) {
		t.Errorf("Selected without marks = %v, want cursor %v", got, want)
	}
	empty := newTable(nil)
	if got := empty.Selected(); got != nil {
		t.Errorf("Selected on empty table = %v, want nil", got)
	}
}

func TestMarkAllShownAndMarkedHidden(t *testing.T) {
	m := newTable([]Row{row("u1", "alice", ""), row("u2", "bob", ""), row("u3", "alina", ""), row("u4", "carol", "")})
	m.SetFilter("ali")
	if m.Shown() != 2 || m.Total() != 4 {
		t.Fatalf("shown/total = %d/%d, want 2/4", m.Shown(), m.Total())
	}
	m.MarkAllShown()
	if m.MarkedCount() != 2 || m.MarkedHidden() != 0 {
		t.Fatalf("marked %d hidden %d, want 2 0", m.MarkedCount(), m.MarkedHidden())
	}
	m.SetFilter("bob")
	if m.MarkedHidden() != 2 {
		t.Errorf("MarkedHidden = %d, want 2", m.MarkedHidden())
	}
	m.MarkAllShown()
	m.SetFilter("")
	if m.MarkedCount() != 3 || m.MarkedHidden() != 0 {
		t.Errorf("marked %d hidden %d, want 3 0", m.MarkedCount(), m.MarkedHidden())
	}
}

func TestFilterSubstringThenFuzzy(t *testing.T) {
	m := newTable([]Row{
		row("u1", "Alexandra Ice", ""), // fuzzy for "alice": a-l-i-c-e scattered
		row("u2", "bob", ""),
		row("u3", "ALICE", ""), // substring, any case
		row("u4", "malice", ""),
	})
	m.SetFilter("~alice")
	if got, want := shownIDs(m), []string{"u3", "u4", "u1"}; !slices.Equal(got, want) {
		t.Errorf("shown = %v, want substring matches first, then fuzzy: %v", got, want)
	}
	if m.FilterMode() != FilterFuzzy {
		t.Errorf("mode = %v, want fuzzy", m.FilterMode())
	}
	m.SetFilter("zzz")
	if m.Shown() != 0 {
		t.Errorf("zzz shows %d rows", m.Shown())
	}
	if v := m.View(); !strings.Contains(v, "no rows match “zzz”") {
		t.Errorf("view of an empty filter result:\n%s", v)
	}
	m.SetFilter("")
	if m.Shown() != 4 {
		t.Errorf("cleared filter shows %d rows, want 4", m.Shown())
	}
}

// Narrowing from the previous result must give exactly what a fresh filter
// gives.
func TestFilterNarrowingMatchesFreshFilter(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const letters = "abcdeAB1_"
	var rows []Row
	for i := range 2000 {
		b := make([]byte, 3+rng.Intn(10))
		for j := range b {
			b[j] = letters[rng.Intn(len(letters))]
		}
		rows = append(rows, row(fmt.Sprintf("id%d", i), string(b), ""))
	}
	for trial := range 50 {
		q := make([]byte, 1+rng.Intn(4))
		for j := range q {
			q[j] = letters[rng.Intn(len(letters))]
		}
		for _, prefix := range []string{"", "~", "!"} {
			inc := newTable(rows)
			for n := 0; n <= len(q); n++ {
				inc.SetFilter(prefix + string(q[:n]))
			}
			fresh := newTable(rows)
			fresh.SetFilter(prefix + string(q))
			if !slices.Equal(shownIDs(inc), shownIDs(fresh)) {
				t.Fatalf("trial %d query %q: incremental %d rows, fresh %d rows", trial, prefix+string(q), inc.Shown(), fresh.Shown())
			}
		}
	}
}

func TestFilterKeepsCursorOrNearest(t *testing.T) {
	m := newTable([]Row{row("a1", "ann", ""), row("b1", "bob", ""), row("a2", "anna", ""), row("c1", "cat", "")})
	m.MoveCursor(2) // a2
	m.SetFilter("ann")
	if got := cursorID(t, m); got != "a2" {
		t.Errorf("cursor on %q, want a2 (still shown)", got)
	}
	m.SetFilter("")
	m.MoveCursor(-1) // b1
	m.SetFilter("an")
	if got := cursorID(t, m); got != "a1" && got != "a2" {
		t.Errorf("cursor on %q, want a neighbour of b1", got)
	}
}

func TestSort(t *testing.T) {
	m := newTable([]Row{row("user10", "b", "x"), row("user9", "a", "y"), row("User1", "c", "z")})
	m.SortBy(0, false)
	if got, want := shownIDs(m), []string{"User1", "user9", "user10"}; !slices.Equal(got, want) {
		t.Errorf("natural sort = %v, want %v", got, want)
	}
	m.ReverseSort()
	if got, want := shownIDs(m), []string{"user10", "user9", "User1"}; !slices.Equal(got, want) {
		t.Errorf("reversed = %v, want %v", got, want)
	}
	if c, d := m.SortColumn(); c != 0 || !d {
		t.Errorf("SortColumn = %d %v", c, d)
	}
	m.CycleSort()
	if c, d := m.SortColumn(); c != 1 || d {
		t.Errorf("after cycle SortColumn = %d %v, want 1 asc", c, d)
	}
	if got, want := shownIDs(m), []string{"user9", "user10", "User1"}; !slices.Equal(got, want) {
		t.Errorf("by name = %v, want %v", got, want)
	}
	m.CycleSort()
	m.CycleSort()
	if c, _ := m.SortColumn(); c != -1 {
		t.Errorf("cycle past the last column = %d, want -1 (given order)", c)
	}
	if got, want := shownIDs(m), []string{"user10", "user9", "User1"}; !slices.Equal(got, want) {
		t.Errorf("given order = %v, want %v", got, want)
	}
}

func TestSortCustomLessAndCursorStays(t *testing.T) {
	cols := []Column{{Title: "ID", Min: 4}, {Title: "N", Min: 4, Right: true,
		Less: func(a, b *Row) bool { return a.Data.(int) < b.Data.(int) }}}
	m := New(cols, asciiStyles(), nil)
	m.SetSize(40, 5)
	m.SetRows([]Row{{ID: "a", Cells: []string{"a", "big"}, Data: 30}, {ID: "b", Cells: []string{"b", "small"}, Data: 2}, {ID: "c", Cells: []string{"c", "mid"}, Data: 10}})
	m.MoveCursor(0) // a
	m.SortBy(1, false)
	if got, want := shownIDs(m), []string{"b", "c", "a"}; !slices.Equal(got, want) {
		t.Errorf("by Data = %v, want %v", got, want)
	}
	if got := cursorID(t, m); got != "a" {
		t.Errorf("cursor on %q after sort, want a", got)
	}
	// The sort holds across refreshes.
	m.SetRows([]Row{{ID: "d", Cells: []string{"d", ""}, Data: 1}, {ID: "a", Cells: []string{"a", ""}, Data: 30}})
	if got, want := shownIDs(m), []string{"d", "a"}; !slices.Equal(got, want) {
		t.Errorf("after refresh = %v, want %v", got, want)
	}
}

func TestNaturalCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"a", "b", -1}, {"user9", "user10", -1}, {"10", "9", 1}, {"007", "7", -1}, {"a", "A", 1},
		{"abc", "ABD", -1}, {"x", "x", 0}, {"", "a", -1}, {"99999999999999999999", "100000000000000000000", -1},
	}
	for _, tt := range tests {
		if got := naturalCompare(tt.a, tt.b); got != tt.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := naturalCompare(tt.b, tt.a); got != -tt.want {
			t.Errorf("naturalCompare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestChangedRowsFade(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	m := New(testCols, asciiStyles(), nil)
	m.SetNow(t0)
	m.SetRows([]Row{row("a", "ann", ""), row("b", "bob", "")})
	if m.IsChanged("a") || m.IsChanged("b") {
		t.Fatal("first load marked rows changed")
	}
	m.SetNow(t0.Add(time.Second))
	m.SetRows([]Row{row("a", "ann", "muted"), row("b", "bob", ""), row("c", "cat", "")})
	if !m.IsChanged("a") || m.IsChanged("b") || !m.IsChanged("c") {
		t.Errorf("changed a=%v b=%v c=%v, want true false true", m.IsChanged("a"), m.IsChanged("b"), m.IsChanged("c"))
	}
	m.SetNow(t0.Add(2900 * time.Millisecond))
	if !m.IsChanged("a") {
		t.Error("change faded before 2 s")
	}
	m.SetNow(t0.Add(3 * time.Second))
	if m.IsChanged("a") || m.IsChanged("c") {
		t.Error("change still marked after 2 s")
	}
}

func TestPatch(t *testing.T) {
	m := newTable([]Row{row("a", "ann", ""), row("b", "bob", "")})
	m.Patch("b", func(r *Row) { r.Cells[2] = "muted"; r.Tone = ToneMuted; r.ID = "evil" })
	m.MoveCursor(1)
	r, _ := m.CursorRow()
	if r.ID != "b" || r.Cells[2] != "muted" || r.Tone != ToneMuted || !m.IsChanged("b") {
		t.Errorf("patched row = %+v changed=%v", *r, m.IsChanged("b"))
	}
	m.Patch("nobody", func(r *Row) { t.Error("patched a missing row") })
}

func TestUpdateNavigatesOnlyOnNavigationKeys(t *testing.T) {
	var ids []string
	for i := range 30 {
		ids = append(ids, fmt.Sprintf("u%02d", i))
	}
	m := newTable(rowsOf(ids...)) // 9 body rows
	for _, k := range []string{"j", "k", "d", "u", "b", "q", " "} {
		m = press(m, k)
	}
	if got := cursorID(t, m); got != "u00" {
		t.Fatalf("letters moved the cursor to %q", got)
	}
	steps := []struct {
		key  string
		want string
	}{
		{"down", "u01"}, {"pgdown", "u10"}, {"end", "u29"}, {"up", "u28"}, {"pgup", "u19"}, {"home", "u00"},
		{"G", "u29"}, {"g", "u00"},
	}
	for _, s := range steps {
		m = press(m, s.key)
		if got := cursorID(t, m); got != s.want {
			t.Errorf("after %s cursor on %q, want %q", s.key, got, s.want)
		}
	}
	m, _ = m.Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if got := cursorID(t, m); got != "u03" {
		t.Errorf("after wheel down cursor on %q, want u03", got)
	}
}

// The issue: "/u03" in a 20,000-member room showed 8,733 rows, fuzzy
// matches such as u046132, and A then marked them all. A plain filter shows
// the rows whose ID or name contains the text, and nothing else.
func TestFilterShowsOnlyRowsContainingTheText(t *testing.T) {
	var rows []Row
	for i := range 20_000 {
		id := fmt.Sprintf("u%06d", i)
		rows = append(rows, row(id, "Name "+id, ""))
	}
	m := newTable(rows)
	m.SetFilter("u01")
	for _, id := range shownIDs(m) {
		if !strings.Contains(id, "u01") {
			t.Fatalf("u01 shows %s, which does not contain it", id)
		}
	}
	// u010000..u019999; the names hold the same IDs.
	if m.Shown() != 10_000 {
		t.Errorf("u01 shows %d rows, want 10000", m.Shown())
	}
	if m.FilterMode() != FilterContains || !m.Filtering() {
		t.Errorf("mode %v filtering %v, want containing, true", m.FilterMode(), m.Filtering())
	}
	m.SetFilter("~u01")
	if m.Shown() <= 10_000 {
		t.Errorf("~u01 shows %d rows; fuzzy should add rows such as u000001", m.Shown())
	}
	m.SetFilter("U0100") // any case
	if m.Shown() != 100 {
		t.Errorf("U0100 shows %d rows, want 100", m.Shown())
	}
	m.MarkAllShown()
	if m.MarkedCount() != 100 {
		t.Errorf("A marked %d rows, want the 100 shown", m.MarkedCount())
	}
}

func TestFilterModes(t *testing.T) {
	m := newTable([]Row{
		row("u1", "Alexandra Ice", ""),
		row("u2", "bob", ""),
		row("u3", "ALICE", ""),
		row("bot7", "spam bot", ""),
	})
	cases := []struct {
		q    string
		mode FilterMode
		want []string
	}{
		{"alice", FilterContains, []string{"u3"}},
		{"~alice", FilterFuzzy, []string{"u3", "u1"}},
		{"!bot", FilterExclude, []string{"u1", "u2", "u3"}},
		{"!", FilterExclude, []string{"u1", "u2", "u3", "bot7"}},
		{"~", FilterFuzzy, []string{"u1", "u2", "u3", "bot7"}},
		{"", FilterContains, []string{"u1", "u2", "u3", "bot7"}},
	}
	for _, c := range cases {
		m.SetFilter(c.q)
		if got := shownIDs(m); !slices.Equal(got, c.want) || m.FilterMode() != c.mode {
			t.Errorf("%q shows %v (%v), want %v (%v)", c.q, got, m.FilterMode(), c.want, c.mode)
		}
	}
}

// A refresh finds each row's old self by position first; whatever joined,
// left, moved or changed, the table must equal one built fresh from the new
// rows, and mark changed exactly the new and changed rows.
func TestSetRowsRefreshMatchesFreshTable(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	mk := func(k int) Row { return row(fmt.Sprintf("id%05d", k), fmt.Sprintf("Name %d", rng.Intn(50)), "") }
	var rows []Row
	for k := range 500 {
		rows = append(rows, mk(k))
	}
	next := 500
	for trial := range 40 {
		for _, sortCol := range []int{-1, 0, 1} {
			m := newTable(slices.Clone(rows))
			m.SortBy(sortCol, trial%2 == 1)
			m.SetFilter([]string{"", "1", "!2", "~n 4"}[trial%4])
			t0 := time.Unix(1000, 0)
			m.SetNow(t0)

			nr := slices.Clone(rows)
			want := map[string]bool{}
			for range rng.Intn(6) {
				switch op := rng.Intn(4); {
				case op == 0 && len(nr) > 1: // leave
					i := rng.Intn(len(nr))
					nr = slices.Delete(nr, i, i+1)
				case op == 1: // join
					r := mk(next)
					next++
					i := rng.Intn(len(nr) + 1)
					nr = slices.Insert(nr, i, r)
					want[r.ID] = true
				case op == 2: // a cell changes
					i := rng.Intn(len(nr))
					r := nr[i]
					r.Cells = []string{r.ID, r.Cells[1] + "!", ""}
					r.Search = r.ID + " " + r.Cells[1]
					nr[i] = r
					want[r.ID] = true
				default: // two rows swap places
					i, j := rng.Intn(len(nr)), rng.Intn(len(nr))
					nr[i], nr[j] = nr[j], nr[i]
				}
			}
			m.SetRows(slices.Clone(nr))
			fresh := newTable(slices.Clone(nr))
			fresh.SortBy(sortCol, trial%2 == 1)
			fresh.SetFilter(m.Filter())
			if !slices.Equal(shownIDs(m), shownIDs(fresh)) {
				t.Fatalf("trial %d sort %d: refreshed table shows %d rows, fresh %d", trial, sortCol, m.Shown(), fresh.Shown())
			}
			for _, r := range nr {
				if got := m.IsChanged(r.ID); got != want[r.ID] {
					t.Fatalf("trial %d: %s changed=%v, want %v", trial, r.ID, got, want[r.ID])
				}
			}
			rows = nr
		}
	}
}

func TestSetRowsWithDuplicateIDs(t *testing.T) {
	rows := []Row{row("a", "x", ""), row("b", "y", ""), row("a", "z", ""), row("c", "w", "")}
	for _, next := range [][]Row{
		{row("b", "y", ""), row("a", "x", ""), row("a", "z", ""), row("c", "w", "")},
		{row("a", "x", ""), row("c", "w", ""), row("d", "v", "")},
		{row("d", "v", ""), row("d", "u", ""), row("c", "w", "")},
	} {
		for _, sortCol := range []int{-1, 1} {
			m := newTable(slices.Clone(rows))
			m.SortBy(sortCol, false)
			m.SetRows(slices.Clone(next))
			fresh := newTable(slices.Clone(next))
			fresh.SortBy(sortCol, false)
			if got, want := shownIDs(m), shownIDs(fresh); !slices.Equal(got, want) {
				t.Errorf("sort %d: refreshed %v, fresh %v", sortCol, got, want)
			}
			for _, r := range next {
				if i, ok := m.byID[r.ID]; !ok || m.rows[i].ID != r.ID {
					t.Errorf("byID[%s] = %d, %v", r.ID, i, ok)
				}
			}
		}
	}
}

// The marks are kept twice, by ID (they survive refreshes) and by row index
// (counted at every frame); whatever the moderator does, both must agree.
func TestMarkCountsAgreeWithTheMarks(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	rows := manyRows(300, "n")
	m := newTable(slices.Clone(rows))
	naive := func() (hidden int, marked []string) {
		for id := range m.marks {
			if i, ok := m.byID[id]; !ok || m.viewPos[i] < 0 {
				hidden++
			}
		}
		for _, i := range m.order {
			if m.IsMarked(m.rows[i].ID) {
				marked = append(marked, m.rows[i].ID)
			}
		}
		return hidden, marked
	}
	for step := range 400 {
		switch rng.Intn(7) {
		case 0, 1:
			m.MoveCursor(rng.Intn(40) - 20)
			m.ToggleMark()
		case 2:
			m.MarkAllShown()
		case 3:
			m.SetFilter([]string{"", "u00001", "!u0002", "~n u1", "n u02"}[rng.Intn(5)])
		case 4:
			if rng.Intn(4) == 0 {
				m.ClearMarks()
			}
		case 5:
			lo := rng.Intn(20)
			m.SetRows(slices.Concat(rows[:lo], rows[lo+rng.Intn(5):], manyRows(310, "n")[300:300+rng.Intn(10)]))
		case 6:
			m.SortBy(rng.Intn(3)-1, rng.Intn(2) == 0)
		}
		hidden, marked := naive()
		if got := m.MarkedHidden(); got != hidden {
			t.Fatalf("step %d: MarkedHidden %d, the marks say %d", step, got, hidden)
		}
		if got := m.Marked(); !slices.Equal(got, marked) && !(len(got) == 0 && len(marked) == 0) {
			t.Fatalf("step %d: Marked %d IDs, the marks say %d", step, len(got), len(marked))
		}
	}
}
