package list

import "testing"

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
