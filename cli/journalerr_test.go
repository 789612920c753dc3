package cli

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// TestActionWhoseJournalFailsExitsOne: the vendors apply the action, but
// the journal refuses to record it (a trigger stands in for a full disk).
// The results are still printed, and the exit status and stderr say the
// journal failed, so a runbook never takes the action for a recorded one.
func TestActionWhoseJournalFailsExitsOne(t *testing.T) {
	for _, tc := range []struct{ name, trigger string }{
		// Record and Finish both write the outcomes: the first write fails.
		{"outcomes", `CREATE TRIGGER fail BEFORE UPDATE OF status ON outcomes WHEN NEW.status IS NOT NULL
			BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`},
		// Only the closing write fails: every user was applied and recorded.
		{"finish", `CREATE TRIGGER fail BEFORE UPDATE OF status ON actions WHEN NEW.status <> 'running'
			BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, "777002", []string{"jf-1"})
			jpath := filepath.Join(t.TempDir(), "journal.db")
			h.ok("journal", "--journal", jpath) // creates the schema
			db, err := sql.Open("sqlite", jpath)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(tc.trigger); err != nil {
				t.Fatal(err)
			}
			_ = db.Close()

			rec := h.srv.Env().Rec
			rec.Reset()
			r := h.run("", "block", "--journal", jpath, "--app", emulator.DemoTRTC, "--room", "777002", "jf-1")
			if n := rec.AppliedUsers("trtc", "SetUserBlocked"); n != 1 {
				t.Fatalf("emulator applied the block to %d users, want 1\nstderr: %s", n, r.err)
			}
			if r.code != exitFailed {
				t.Errorf("exit %d, want %d (the journal failed)\nstdout: %s\nstderr: %s", r.code, exitFailed, r.out, r.err)
			}
			if !strings.Contains(r.out, "1 applied, 0 failed") {
				t.Errorf("the applied result is not printed:\n%s", r.out)
			}
			if !strings.Contains(r.err, "quell: the journal failed to record this action") ||
				!strings.Contains(r.err, "simulated disk failure") || !strings.Contains(r.err, "quell journal --pending") {
				t.Errorf("stderr does not explain the journal failure:\n%s", r.err)
			}
		})
	}
}
