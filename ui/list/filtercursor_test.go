package list

import (
	"fmt"
	"slices"
	"testing"
)

// Found in a real terminal: on live-001, "/live-006" showed live-006 first
// and live-004 below it (a fuzzy match: the 6 of its owner), and the cursor
// went to live-004, the shown row nearest live-001. The next key acted on
// the wrong room. Typing a filter puts the cursor on the best match unless
// its row still contains what was typed.
func TestFilterPutsCursorOnBestMatch(t *testing.T) {
	rows := []Row{
		row("live-001", "Karaoke", ""),
		row("live-004", "Radio u003610", ""),
		row("live-006", "Speedrun", ""),
	}
	m := newTable(rows)
	m.SetFilter("~live-006")
	if got := shownIDs(m); len(got) < 2 || got[0] != "live-006" {
		t.Fatalf("shown = %v, want live-006 first and the fuzzy live-004 after it", got)
	}
	if got := cursorID(t, m); got != "live-006" {
		t.Errorf("cursor on %s, want live-006 (the match typed)", got)
	}

	// A row that still contains the query keeps the cursor.
	m.SetFilter("")
	m.MoveCursor(-1) // from live-006 to live-004
	m.SetFilter("~live-00")
	if got := cursorID(t, m); got != "live-004" {
		t.Errorf("cursor on %s, want live-004 (still a substring match)", got)
	}
	// Clearing the filter keeps it too.
	m.SetFilter("")
	if got := cursorID(t, m); got != "live-004" {
		t.Errorf("after clearing, cursor on %s, want live-004", got)
	}
}

// A fuzzy filter over more candidates than the update loop matches itself
// shows the substring matches at once and the fuzzy ones when the
// background pass answers; an answer to a query since replaced is dropped.
func TestFuzzyFilterOffTheUpdateLoop(t *testing.T) {
	var rows []Row
	for i := range 20_000 {
		id := fmt.Sprintf("u%06d", i)
		rows = append(rows, row(id, "Name "+id, ""))
	}
	sync := newTable(rows)
	sync.SetFilter("~u01")
	defer func(n int) { asyncFuzzyRows = n }(asyncFuzzyRows)
	asyncFuzzyRows = 1_000 // "~u01" leaves 3,439 fuzzy candidates

	m := newTable(rows)
	m.SetAsync(true)
	m.MoveCursor(10_500) // u010500: contains u01
	m.SetFilter("~u01")
	if !m.Pending() || m.Shown() != 10_000 {
		t.Fatalf("pending %v, shown %d: want the 10000 substring matches while the fuzzy pass is out", m.Pending(), m.Shown())
	}
	cmd := m.Work()
	if cmd == nil || m.Work() != nil {
		t.Fatal("Work must hand out the pass exactly once")
	}
	msg, ok := cmd().(FilterDoneMsg)
	if !ok || !m.ApplyFilter(msg) {
		t.Fatal("the pass's answer was not taken")
	}
	if m.Pending() || !slices.Equal(shownIDs(m), shownIDs(sync)) {
		t.Fatalf("after the pass: %d rows, want the %d a synchronous filter shows", m.Shown(), sync.Shown())
	}
	if got := cursorID(t, m); got != "u010500" {
		t.Errorf("cursor moved to %s when the fuzzy rows arrived", got)
	}

	// A stale answer: the query changed while the pass ran.
	m.SetFilter("")
	m.SetFilter("~u01")
	stale := m.Work()
	m.SetFilter("~u019")
	shown := shownIDs(m)
	if out := stale(); out != nil {
		if m.ApplyFilter(out.(FilterDoneMsg)) {
			t.Fatal("an answer to ~u01 was applied to ~u019")
		}
	}
	if !slices.Equal(shownIDs(m), shown) {
		t.Error("a stale answer changed the rows shown")
	}
	// Narrowing waits for no pass: ~u019 was matched over every row.
	if m.Pending() {
		if c := m.Work(); c != nil {
			m.ApplyFilter(c().(FilterDoneMsg))
		}
	}
	sync.SetFilter("~u019")
	if !slices.Equal(shownIDs(m), shownIDs(sync)) {
		t.Errorf("~u019 shows %d rows, want %d", m.Shown(), sync.Shown())
	}
}
