package journal

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestClaim(t *testing.T) { forStores(t, testClaim) }

// Two handles stand for two processes after a crash: the first to claim the
// pending action resumes it; the other is refused and no longer offered it
// until the claimer's handle closes.
func testClaim(t *testing.T) {
	j, path := openTemp(t)
	id, _ := crashAfterRecords(t, j)
	j.Close()
	a, b := reopen(t, path), reopen(t, path)
	if err := a.Claim(id); err != nil {
		t.Fatalf("first claim: %v", err)
	}
	if err := a.Claim(id); err != nil {
		t.Fatalf("the claimer claiming again: %v", err)
	}
	err := b.Claim(id)
	if !errors.Is(err, ErrClaimed) {
		t.Fatalf("second claim: %v, want ErrClaimed", err)
	}
	if p, _ := b.Pending(); len(p) != 0 {
		t.Fatalf("a claimed action is offered to another process: %+v", p)
	}
	if err := b.MarkInterrupted(id); !errors.Is(err, ErrClaimed) {
		t.Fatalf("another process dismissing a claimed action: %v", err)
	}
	// The claimer dies: the lease ends with its handle.
	a.Close()
	if p, _ := b.Pending(); len(p) != 1 {
		t.Fatalf("after the claimer closed: %d pending, want 1", len(p))
	}
	if err := b.Claim(id); err != nil {
		t.Fatalf("claim after the claimer closed: %v", err)
	}
	if err := b.MarkResumed(id, "new"); err != nil {
		t.Fatal(err)
	}
	if err := b.Claim(id); err == nil {
		t.Fatal("a settled action was claimed")
	}
	if err := b.Claim("nope"); !errors.Is(err, ErrUnknownAction) {
		t.Fatalf("unknown: %v", err)
	}
}

// Many handles race for one claim: exactly one wins.
func TestClaimRace(t *testing.T) { forStores(t, testClaimRace) }

func testClaimRace(t *testing.T) {
	j, path := openTemp(t)
	id, _ := crashAfterRecords(t, j)
	j.Close()
	const n = 6
	hs := make([]*Journal, n)
	for i := range hs {
		hs[i] = reopen(t, path)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for _, h := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if h.Claim(id) == nil {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d handles claimed the action, want 1", won)
	}
}

func TestHostRecorded(t *testing.T) { forStores(t, testHostRecorded) }

func testHostRecorded(t *testing.T) {
	j, _ := openTemp(t)
	id := mustBegin(t, j, muteReq("u1"))
	host, _ := os.Hostname()
	if a := queryOne(t, j, id); a.Host != host || host == "" {
		t.Fatalf("host %q, want %q", a.Host, host)
	}
	acts, _ := j.Query(Filter{})
	var b strings.Builder
	if err := Write(&b, acts, "json"); err != nil || !strings.Contains(b.String(), `"host": "`+host+`"`) {
		t.Fatalf("JSON export without the host (%v):\n%s", err, b.String())
	}
}

// A write by one process wakes the other's views at once (NOTIFY).
func TestChangedWakesOtherHandles(t *testing.T) {
	if pgServer == nil {
		t.Skip(pgSkip)
	}
	url := pgServer.NewDatabase(t)
	a, b := reopen(t, url), reopen(t, url)
	// The listener connects in the background; its first wake-up says it
	// is listening.
	select {
	case <-b.Changed():
	case <-time.After(10 * time.Second):
		t.Fatal("listener never started")
	}
	ch := b.Changed()
	start := time.Now()
	mustBegin(t, a, muteReq("u1"))
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("no change seen within a second of another handle's write")
	}
	acts, _, err := b.Since(0)
	if err != nil || len(acts) != 1 {
		t.Fatalf("Since after the wake-up: %d %v", len(acts), err)
	}
	t.Logf("woken %s after the write", time.Since(start))
}

func TestChangedIsNilOnSQLite(t *testing.T) {
	j, _ := openTemp(t)
	if j.Changed() != nil {
		t.Fatal("SQLite claims to notify")
	}
}

// Several processes opening an empty database at once migrate it once.
func TestConcurrentFirstOpen(t *testing.T) {
	if pgServer == nil {
		t.Skip(pgSkip)
	}
	url := pgServer.NewDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j, err := Open(url)
			if err == nil {
				j.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	j := reopen(t, url)
	var versions int
	if err := j.db.QueryRow("SELECT count(*) FROM schema_version").Scan(&versions); err != nil || versions != len(pgMigrations) {
		t.Fatalf("schema_version rows %d (%v), want %d", versions, err, len(pgMigrations))
	}
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	if pgServer == nil {
		t.Skip(pgSkip)
	}
	_, err := Open("postgres://quell:s3cretpw@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("opened a journal on a closed port")
	}
	if msg := err.Error(); strings.Contains(msg, "s3cretpw") || !strings.Contains(msg, "cannot reach the PostgreSQL server") {
		t.Fatalf("error: %s", msg)
	}
}

// A handle whose liveness lock was lost (its session killed, the server
// restarted) takes it again before its next action, so another process
// never mistakes that action for an orphan and resumes it while it runs.
func TestLostOwnerSessionIsRetaken(t *testing.T) {
	if pgServer == nil {
		t.Skip(pgSkip)
	}
	url := pgServer.NewDatabase(t)
	a, b := reopen(t, url), reopen(t, url)
	var killed int
	err := b.db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND objsubid = 2 AND classid::bigint = $1 AND objid::bigint = $2`,
		int64(lockClass), int64(runnerKey(a.runner))).Scan(&killed)
	if err != nil || killed != 1 {
		t.Fatalf("terminated %d sessions: %v", killed, err)
	}
	id := mustBegin(t, a, muteReq("u1", "u2"))
	if p, err := b.Pending(); err != nil || len(p) != 0 {
		t.Fatalf("a live handle's new action is pending elsewhere: %+v %v", p, err)
	}
	if err := b.Claim(id); err == nil {
		t.Fatal("another handle claimed a live action")
	}
}
