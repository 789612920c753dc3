package list

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func manyRows(n int, tag string) []Row {
	rows := make([]Row, n)
	for i := range rows {
		id := fmt.Sprintf("u%06d", i)
		rows[i] = row(id, tag+" "+id, "")
	}
	return rows
}

// runAsync runs cmd on its own goroutine, as bubbletea does, while loop
// works the table on this one; it returns the messages cmd produced.
func runAsync(cmd tea.Cmd, loop func()) []tea.Msg {
	out := make(chan []tea.Msg)
	go func() {
		var msgs []tea.Msg
		queue := []tea.Cmd{cmd}
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			if c == nil {
				continue
			}
			switch msg := c().(type) {
			case tea.BatchMsg:
				queue = append(queue, msg...)
			case nil:
			default:
				msgs = append(msgs, msg)
			}
		}
		out <- msgs
	}()
	loop()
	return <-out
}

// A large refresh merges off the update loop while the loop patches rows,
// moves and filters (go test -race checks they share nothing), and a merge
// for a filter since changed is merged again before it is shown.
func TestRefreshOffTheUpdateLoop(t *testing.T) {
	m := newTable(manyRows(asyncRows+10, "old"))
	m.SetAsync(true)
	m.MoveCursor(100)
	m.ToggleMark()
	next := manyRows(asyncRows+20, "new")
	m.SetRowsLater(len(next), func() []Row { return next })
	if !m.Refreshing() || m.Total() != asyncRows+10 {
		t.Fatalf("refreshing %v, %d rows: want the old rows shown while the merge runs", m.Refreshing(), m.Total())
	}
	msgs := runAsync(m.Work(), func() {
		for i := range 200 {
			m.Patch(fmt.Sprintf("u%06d", i), func(r *Row) { r.Tone = ToneDim })
			m.MoveCursor(1)
			_ = m.View()
		}
		m.SetFilter("new u0001")
	})
	if len(msgs) != 1 {
		t.Fatalf("%d answers", len(msgs))
	}
	if m.ApplyRows(msgs[0].(RowsDoneMsg)) {
		t.Fatal("a merge filtered for the old query was shown")
	}
	msgs = runAsync(m.Work(), func() {})
	if len(msgs) != 1 || !m.Answer(msgs[0]) || m.Refreshing() {
		t.Fatalf("the merge again: %d answers, refreshing %v", len(msgs), m.Refreshing())
	}
	fresh := newTable(next)
	fresh.SetFilter("new u0001")
	if !slices.Equal(shownIDs(m), shownIDs(fresh)) || m.Total() != asyncRows+20 {
		t.Errorf("after the merge: %d of %d rows shown, fresh table %d", m.Shown(), m.Total(), fresh.Shown())
	}
	if !m.IsMarked("u000100") {
		t.Error("the mark did not survive the refresh")
	}

	// A refresh superseded by a newer one is dropped, even if it answers.
	m.SetRowsLater(asyncRows+30, func() []Row { return manyRows(asyncRows+30, "a") })
	stale := m.Work()
	m.SetRows(manyRows(asyncRows+40, "b"))
	if msg := stale(); msg != nil && m.Answer(msg) && m.Total() != asyncRows+40 {
		t.Errorf("a stale refresh replaced the newer rows: %d", m.Total())
	}
	// Small tables, and tables not set async, merge at once.
	small := newTable(manyRows(10, "x"))
	small.SetAsync(true)
	small.SetRowsLater(12, func() []Row { return manyRows(12, "y") })
	if small.Refreshing() || small.Total() != 12 {
		t.Errorf("a small refresh went off the loop")
	}
}

// TestLargeFirstLoadOffTheUpdateLoop: the first load of a 100,000-member
// room is built off the loop too (its size is known before its rows are),
// and the empty table says "loading…" meanwhile, not that the room is empty.
func TestLargeFirstLoadOffTheUpdateLoop(t *testing.T) {
	m := newTable(nil)
	m.SetAsync(true)
	m.SetEmptyText("no members in this room")
	built := false
	m.SetRowsLater(100_000, func() []Row { built = true; return manyRows(100_000, "u") })
	if built || !m.Refreshing() {
		t.Fatal("the first load of 100,000 rows was built on the update loop")
	}
	if v := m.View(); !strings.Contains(v, "loading…") || strings.Contains(v, "no members") {
		t.Errorf("while the first load builds the table says:\n%s", v)
	}
	if !m.Answer(m.Work()()) || m.Total() != 100_000 {
		t.Fatalf("after the answer: %d rows", m.Total())
	}
}
