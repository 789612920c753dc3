package views

import (
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// A block or group mute sent with no answer, which the vendor cannot list,
// shows as "?" in its column and in the member's pane.
func TestMembersMarkWhatMayBeApplied(t *testing.T) {
	d := &Data{Members: []backend.Member{
		{UserID: "may-block", Maybe: "may be blocked (all)", MaybeKind: backend.UnsureAV},
		{UserID: "may-mute", Maybe: "may be muted", MaybeKind: backend.UnsureMute},
		{UserID: "blocked-may-unblock", AVBlock: backend.AVAudio, Maybe: "may be unblocked", MaybeKind: backend.UnsureAV},
	}}
	rows := membersView.Rows(d, now)
	cols := membersView.Columns()
	col := func(title string) int {
		for i, c := range cols {
			if c.Title == title {
				return i
			}
		}
		t.Fatalf("no column %s", title)
		return -1
	}
	av, muted := col("AV BLOCK"), col("MUTED")
	if got := rows[0].Cells[av]; got != "? may be blocked (all)" {
		t.Errorf("AV cell %q", got)
	}
	if got := rows[1].Cells[muted]; got != "? may be muted" || rows[1].Cells[av] != "" {
		t.Errorf("muted cell %q, av %q", got, rows[1].Cells[av])
	}
	if got := rows[2].Cells[av]; got != "audio ?" {
		t.Errorf("AV cell %q", got)
	}
	lines, ok := memberDetail(&rows[0], now.Add(time.Second))
	if !ok || !strings.Contains(strings.Join(lines, "\n"), "may be blocked (all)") {
		t.Errorf("pane %v", lines)
	}
}

func TestActivityAndOutcomesShowUnknown(t *testing.T) {
	a := backend.Activity{Status: "cut-off", Users: []string{"a", "b", "c", "d"}, Applied: 1, Unknown: 2}
	if got := result(a); got != "cut-off 1 ok 2 unknown 1 unsent" {
		t.Errorf("activity result %q", got)
	}
	d := &Data{Activity: &backend.Activity{ID: "x", Outcomes: []backend.UserOutcome{{User: "u", Status: backend.Unknown}}}}
	rows := outcomesView.Rows(d, now)
	if len(rows) != 1 || rows[0].Cells[1] != "unknown — may have been applied" {
		t.Errorf("outcome row %v", rows)
	}
}
