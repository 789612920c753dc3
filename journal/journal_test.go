package journal

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/srv/state")
	if got := DefaultPath(); got != "/srv/state/quell/journal.db" {
		t.Errorf("with XDG_STATE_HOME: %s", got)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/mod")
	if got := DefaultPath(); got != "/home/mod/.local/state/quell/journal.db" {
		t.Errorf("without XDG_STATE_HOME: %s", got)
	}
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	_, path := openTemp(t)
	for p, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
}

func TestRoundTrip(t *testing.T) { forStores(t, testRoundTrip) }

func testRoundTrip(t *testing.T) {
	j, path := openTemp(t)
	start := time.Date(2025, 3, 1, 12, 0, 0, 123456000, time.UTC)
	j.now = func() time.Time { return start }
	req := muteReq("u1", "u2", "u1", "u3", "u4") // u1 twice: one row
	id := mustBegin(t, j, req)

	a := queryOne(t, j, id)
	if a.Status != "running" || a.Pending != 4 || len(a.Outcomes) != 0 || strings.Join(a.Users, ",") != "u1,u2,u3,u4" {
		t.Fatalf("after Begin: %+v", a)
	}

	if err := j.Record(id, applied("u1", "u2")); err != nil {
		t.Fatal(err)
	}
	vfail := &backend.VendorError{Provider: backend.TRTC, Call: "forbid_send_msg", Code: "10004",
		Message: "invalid user", Meaning: "the user ID does not exist", RequestID: "req-fail"}
	if err := j.Record(id, []backend.UserOutcome{{User: "u3", Status: backend.Failed, Err: vfail, Attempts: 2}}); err != nil {
		t.Fatal(err)
	}
	end := start.Add(3 * time.Second)
	res := &backend.Result{ID: id, Finished: end, Outcomes: append(applied("u1", "u2"),
		backend.UserOutcome{User: "u3", Status: backend.Failed, Err: vfail, Attempts: 2},
		backend.UserOutcome{User: "u4", Status: backend.Applied, RequestID: "req-u4"})}
	if err := j.Finish(id, res); err != nil {
		t.Fatal(err)
	}
	if !j.pg {
		var sync int
		if err := j.db.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 1 {
			t.Errorf("synchronous is %d after Begin, want 1 (NORMAL): %v", sync, err)
		}
	}
	j.Close()

	j2 := reopen(t, path)
	a = queryOne(t, j2, id)
	if a.Actor != alice {
		t.Errorf("actor %+v", a.Actor)
	}
	if !a.Started.Equal(start) || !a.Finished.Equal(end) {
		t.Errorf("times %v %v", a.Started, a.Finished)
	}
	if a.App != "live" || a.Room != "room-1" || a.Kind != backend.ActMute || a.Call != "forbid_send_msg" || a.Params != "MuteTime 600" {
		t.Errorf("what/where: %+v", a)
	}
	if a.Status != "finished" || a.Applied != 3 || a.Failed != 1 || a.Pending != 0 || len(a.Outcomes) != 4 {
		t.Errorf("result: status %s applied %d failed %d pending %d outcomes %d", a.Status, a.Applied, a.Failed, a.Pending, len(a.Outcomes))
	}
	f := a.Outcomes[2]
	if f.User != "u3" || f.Status != backend.Failed || f.Err == nil || f.Err.Code != "10004" || f.Err.Message != "invalid user" ||
		f.Err.Meaning != "the user ID does not exist" || f.RequestID != "req-fail" || f.Attempts != 2 {
		t.Errorf("failed outcome %+v err %+v", f, f.Err)
	}
	if a.Outcomes[3].RequestID != "req-u4" {
		t.Errorf("u4 %+v", a.Outcomes[3])
	}

	req2, err := j2.ResumeRequest(id)
	if err != nil {
		t.Fatal(err)
	}
	if req2.Duration != 10*time.Minute || req2.Reason != "spam" || strings.Join(req2.Users, ",") != "u3" {
		t.Errorf("resume of a finished action: %+v", req2)
	}
}

func TestCancelledAndUnknown(t *testing.T) { forStores(t, testCancelledAndUnknown) }

func testCancelledAndUnknown(t *testing.T) {
	j, _ := openTemp(t)
	id := mustBegin(t, j, muteReq("a", "b"))
	cancelled := &backend.VendorError{Code: "cancelled", Meaning: "cancelled before an answer came"}
	if err := j.Finish(id, &backend.Result{Cancelled: true, Outcomes: []backend.UserOutcome{
		{User: "a", Status: backend.Applied}, {User: "b", Status: backend.NotAttempted, Err: cancelled}}}); err != nil {
		t.Fatal(err)
	}
	a := queryOne(t, j, id)
	if a.Status != "cancelled" || a.Finished.IsZero() || a.Outcomes[1].Err.Code != "cancelled" {
		t.Errorf("%+v", a)
	}
	if err := j.Record("nope", applied("a")); !errors.Is(err, ErrUnknownAction) || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Record on unknown id: %v", err)
	}
	if _, err := j.ResumeRequest("nope"); !errors.Is(err, ErrUnknownAction) {
		t.Errorf("ResumeRequest on unknown id: %v", err)
	}
}

func TestOpenRejectsNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("this is not a database\n", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
}

func TestOpenRejectsCorruptDatabase(t *testing.T) {
	j, path := openTemp(t)
	mustBegin(t, j, muteReq(users("u", 50)...))
	j.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Keep the 100-byte header, so it still looks like SQLite, and wreck
	// the schema on the rest of page 1.
	for i := 100; i < 4096 && i < len(data); i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "move it aside") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
}

func TestOpenRejectsNewerSchema(t *testing.T) {
	j, path := openTemp(t)
	if _, err := j.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	j.Close()
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "newer quell") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
}

func TestOpenLockedDatabase(t *testing.T) {
	old := busyTimeout
	busyTimeout = 200 * time.Millisecond
	defer func() { busyTimeout = old }()

	j, path := openTemp(t)
	j.Close()
	holder, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "PRAGMA locking_mode = EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	_, err = Open(path)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
}

// makeReadOnly makes path unwritable even for root (chattr +i), or says why
// it cannot.
func makeReadOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(path, 0o600) })
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("running as root and chattr +i failed (%v: %s): cannot make a read-only file", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

func TestOpenReadOnlyFile(t *testing.T) {
	j, path := openTemp(t)
	mustBegin(t, j, muteReq("a"))
	j.Close()
	makeReadOnly(t, path)
	_, err := Open(path)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "writable") {
		t.Fatalf("got %v", err)
	}
	t.Log(err)
}

func TestFullDiskFailsBegin(t *testing.T) {
	j, _ := openTemp(t)
	var pages int
	if err := j.db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	// Cap the file at its current size: the next action's intent cannot fit.
	if _, err := j.db.Exec("PRAGMA max_page_count = " + itoa(pages)); err != nil {
		t.Fatal(err)
	}
	_, err := j.Begin(muteReq(users("user-with-a-long-id-", 2000)...), mutePlan)
	if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), "full") || !strings.Contains(err.Error(), "no request was sent") {
		t.Fatalf("Begin on a full journal: %v", err)
	}
	t.Log(err)
	acts, err := j.Query(Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 0 {
		t.Errorf("a failed Begin left %d actions behind", len(acts))
	}
}
