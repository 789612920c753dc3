package journal

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// crashAfterRecords begins a 100-user mute and records the first 40 as
// applied, 5 as failed and 5 as not attempted; 50 stay unconfirmed.
func crashAfterRecords(t testing.TB, j *Journal) (id string, all []string) {
	all = users("user-", 100)
	req := muteReq(all...)
	req.Forever = true
	req.Owner = "owner-1"
	id, err := j.Begin(req, mutePlan)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	for i := 0; i < 40; i += 10 {
		if err := j.Record(id, applied(all[i:i+10]...)); err != nil {
			t.Fatalf("Record: %v", err)
		}
	}
	var rest []backend.UserOutcome
	for _, u := range all[40:45] {
		rest = append(rest, backend.UserOutcome{User: u, Status: backend.Failed, Err: &backend.VendorError{Code: "10007"}})
	}
	for _, u := range all[45:50] {
		rest = append(rest, backend.UserOutcome{User: u, Status: backend.NotAttempted})
	}
	if err := j.Record(id, rest); err != nil {
		t.Fatalf("Record: %v", err)
	}
	return id, all
}

// checkPending checks what a journal reopened after a crash says about the
// action crashAfterRecords left behind.
func checkPending(t *testing.T, j *Journal, id string, all []string) {
	t.Helper()
	pend, err := j.Pending()
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) != 1 || pend[0].ID != id {
		t.Fatalf("pending: %+v", pend)
	}
	p := pend[0]
	if want := all[45:]; !slices.Equal(p.Unconfirmed, want) {
		t.Errorf("unconfirmed %d users %v..., want %d from %s", len(p.Unconfirmed), p.Unconfirmed[:min(3, len(p.Unconfirmed))], len(want), want[0])
	}
	if p.Applied != 40 || p.Failed != 5 || p.Actor != alice || p.Kind != backend.ActMute || p.App != "live" || p.Room != "room-1" || p.Params != "MuteTime 600" {
		t.Errorf("pending %+v", p)
	}
	req, err := j.ResumeRequest(id)
	if err != nil {
		t.Fatal(err)
	}
	// Not yet applied: the 5 failed and the 55 unconfirmed, in order.
	if want := all[40:]; !slices.Equal(req.Users, want) {
		t.Errorf("resume users: %d, want %d", len(req.Users), len(want))
	}
	if !req.Forever || req.Duration != 10*time.Minute || req.Owner != "owner-1" || req.Reason != "spam" ||
		req.Kind != backend.ActMute || req.App != "live" || req.Room != "room-1" {
		t.Errorf("resume request %+v", req)
	}
	if req.Actor != (backend.Actor{}) {
		t.Errorf("resume request carries the original actor %+v; the resuming operator must be set by the caller", req.Actor)
	}
	for _, a := range mustQuery(t, j) {
		if a.ID == id && a.Status != "interrupted" {
			t.Errorf("dead action shows as %q", a.Status)
		}
	}
}

func mustQuery(t *testing.T, j *Journal) []backend.Activity {
	t.Helper()
	acts, err := j.Query(Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return acts
}

func TestPendingAfterCloseWithoutFinish(t *testing.T) {
	forStores(t, testPendingAfterCloseWithoutFinish)
}

func testPendingAfterCloseWithoutFinish(t *testing.T) {
	j, path := openTemp(t)
	id, all := crashAfterRecords(t, j)
	done := mustBegin(t, j, muteReq("x"))
	if err := j.Finish(done, &backend.Result{Outcomes: applied("x")}); err != nil {
		t.Fatal(err)
	}
	if p, _ := j.Pending(); len(p) != 0 {
		t.Fatalf("this handle's own running action is pending: %+v", p)
	}
	j.Close()
	j2 := reopen(t, path)
	checkPending(t, j2, id, all)

	// Resuming: the new action runs, the old one leaves Pending.
	req, _ := j2.ResumeRequest(id)
	req.Actor = backend.Actor{Name: "bob", Role: backend.RoleModerator}
	newID := mustBegin(t, j2, req)
	if err := j2.MarkResumed(id, newID); err != nil {
		t.Fatal(err)
	}
	if p, _ := j2.Pending(); len(p) != 0 {
		t.Errorf("still pending after MarkResumed: %+v", p)
	}
	var resumedAs string
	j2.db.QueryRow(rebind(j2.pg, "SELECT resumed_as FROM actions WHERE id = ?"), id).Scan(&resumedAs)
	if resumedAs != newID {
		t.Errorf("resumed_as %q", resumedAs)
	}
	if err := j2.MarkInterrupted(done); err == nil {
		t.Error("a finished action was marked interrupted")
	}
}

func TestMarkInterruptedLeavesPending(t *testing.T) { forStores(t, testMarkInterruptedLeavesPending) }

func testMarkInterruptedLeavesPending(t *testing.T) {
	j, path := openTemp(t)
	id, _ := crashAfterRecords(t, j)
	j.Close()
	j2 := reopen(t, path)
	if err := j2.MarkInterrupted(id); err != nil {
		t.Fatal(err)
	}
	if p, _ := j2.Pending(); len(p) != 0 {
		t.Errorf("pending after MarkInterrupted: %+v", p)
	}
	a := queryOne(t, j2, id)
	if a.Status != "interrupted" || a.Finished.IsZero() {
		t.Errorf("%+v", a.Status)
	}
}

func TestLiveActionOfAnotherHandleIsNotPending(t *testing.T) {
	forStores(t, testLiveActionOfAnotherHandleIsNotPending)
}

func testLiveActionOfAnotherHandleIsNotPending(t *testing.T) {
	j1, path := openTemp(t)
	id, _ := crashAfterRecords(t, j1)
	j2 := reopen(t, path)
	if p, err := j2.Pending(); err != nil || len(p) != 0 {
		t.Fatalf("a live handle's action is pending elsewhere: %+v %v", p, err)
	}
	if a := queryOne(t, j2, id); a.Status != "running" {
		t.Errorf("live action shows %q", a.Status)
	}
	if err := j2.MarkInterrupted(id); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Errorf("marking a live action: %v", err)
	}
	j1.Close()
	if p, _ := j2.Pending(); len(p) != 1 {
		t.Errorf("after its handle closed: %d pending", len(p))
	}
}

// TestPendingFromCopiedFiles copies the database and its WAL while the
// action is half done — what a power cut after the last commit leaves.
func TestPendingFromCopiedFiles(t *testing.T) {
	j, path := openTemp(t)
	id, all := crashAfterRecords(t, j)
	dst := filepath.Join(t.TempDir(), "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	checkPending(t, reopen(t, dst), id, all)
}

const crashChildEnv = "QUELL_JOURNAL_CRASH_CHILD"

// TestCrashChild is the process TestKill9 kills: it writes half an action
// and waits to die.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("run by TestKill9")
	}
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := crashAfterRecords(t, j)
	os.Stdout.WriteString("ready " + id + "\n")
	time.Sleep(time.Minute)
}

func TestKill9(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("in the child")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if s, ok := strings.CutPrefix(sc.Text(), "ready "); ok {
				line <- s
				io.Copy(io.Discard, out)
				return
			}
		}
		close(line)
	}()
	var id string
	select {
	case id = <-line:
	case <-time.After(30 * time.Second):
		t.Fatal("child never got ready")
	}
	if id == "" {
		t.Fatal("child exited before writing")
	}

	// While the child lives, its action is running, not pending.
	j := reopen(t, path)
	if p, err := j.Pending(); err != nil || len(p) != 0 {
		t.Fatalf("a live process's action is pending: %+v %v", p, err)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	checkPending(t, j, id, users("user-", 100))
	j.Close()
	checkPending(t, reopen(t, path), id, users("user-", 100))
	// The dead child's lock file is gone; only the open handle's remains.
	if left, _ := os.ReadDir(ownersDir(path)); len(left) != 1 {
		t.Errorf("%d lock files left in %s", len(left), ownersDir(path))
	}
}
