package quota

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/testservers"
)

// maxInWindow is the most calls any window of length w holds.
func maxInWindow(times []time.Time, w time.Duration) int {
	best := 0
	j := 0
	for i := range times {
		for times[i].Sub(times[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for k := i; k > 0 && ts[k].Before(ts[k-1]); k-- {
			ts[k], ts[k-1] = ts[k-1], ts[k]
		}
	}
}

// Two pacers stand for two processes: each alone would send 19/s, so
// without the shared quota they send 38/s together.
func TestTwoPacersShareOneRate(t *testing.T) {
	r := testservers.StartRedis(t)
	const n = 20.0
	var mu sync.Mutex
	var grants []time.Time
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for range 2 {
		q, err := Open(Options{URL: r.URL()})
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		p := backend.NewPacer(nil)
		p.SetShared(q)
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p.Wait(ctx, "app", "Call", "", n) == nil {
					mu.Lock()
					grants = append(grants, time.Now())
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	sortTimes(grants)
	if got := maxInWindow(grants, time.Second); got > int(n) {
		t.Fatalf("%d calls in one second across two processes, want at most %v", got, n)
	}
	// 3 s at 20/1.05 per second is about 57; far fewer means the processes
	// waited on each other for nothing.
	if len(grants) < 50 {
		t.Fatalf("only %d calls in 3 s: the shared quota starves its callers", len(grants))
	}
}

func TestRedisLostAndBack(t *testing.T) {
	r := testservers.StartRedis(t)
	var mu sync.Mutex
	var notes []string
	q, err := Open(Options{URL: r.URL(), Notify: func(s string) { mu.Lock(); notes = append(notes, s); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const rate = 20.0
	every := Interval(rate)
	if err := q.Wait(ctx, "k", rate); err != nil {
		t.Fatal(err)
	}
	if d := q.Degraded(); d != "" {
		t.Fatalf("degraded with Redis up: %q", d)
	}
	r.Kill()
	// Calls keep going, at the local share (one process seen: the full rate).
	start := time.Now()
	for range 5 {
		if err := q.Wait(ctx, "k", rate); err != nil {
			t.Fatalf("wait with Redis down: %v", err)
		}
	}
	if el := time.Since(start); el < 4*every {
		t.Fatalf("5 calls in %s with Redis down: the local share is not paced", el)
	}
	d := q.Degraded()
	if !strings.Contains(d, "shared quota down") || !strings.Contains(d, "1/1") {
		t.Fatalf("degraded note = %q", d)
	}
	r.Start()
	deadline := time.Now().Add(5 * time.Second)
	for q.Degraded() != "" && time.Now().Before(deadline) {
		_ = q.Wait(ctx, "k", rate)
	}
	if d := q.Degraded(); d != "" {
		t.Fatalf("still degraded after Redis came back: %q", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(notes) != 2 || notes[0] == "" || notes[1] != "" {
		t.Fatalf("notes = %q, want one warning then one all-clear", notes)
	}
}

func TestUnreachableAtStartUsesAssumedShare(t *testing.T) {
	q, err := Open(Options{URL: "redis://127.0.0.1:1/0"})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if d := q.Degraded(); !strings.Contains(d, "1/2") || !strings.Contains(d, "assumed") {
		t.Fatalf("degraded = %q, want the assumed share of two processes", d)
	}
}

func TestShareInterval(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		every time.Duration
		procs int
		want  time.Duration
	}{
		{50 * ms, 1, 50 * ms},
		{50 * ms, 2, 100 * ms},
		{50 * ms, 0, 50 * ms},
		{50 * ms, 40, time.Second}, // never below one call a second
		{2 * time.Second, 3, 6 * time.Second},
		{700 * ms, 2, time.Second},
	} {
		if got := ShareInterval(c.every, c.procs); got != c.want {
			t.Errorf("ShareInterval(%s, %d) = %s, want %s", c.every, c.procs, got, c.want)
		}
	}
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"redis://127.0.0.1:6379/0", ""},
		{"rediss://:s3cret@example.com:6380/2", ""},
		{"http://:s3cret@h:1/0", "scheme"},
		{"redis://:s3cret@h:1/notanumber", "database number"},
		{"redis:///0", "no host"},
	} {
		opt, err := ParseURL(c.url)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.url, err)
			} else if strings.HasPrefix(c.url, "rediss") && opt.TLSConfig == nil {
				t.Errorf("%s: no TLS", c.url)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "quota:") {
			t.Errorf("%s: err = %v, want one about %s", c.url, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: error shows the password: %v", c.url, err)
		}
	}
}

// Callers that reach their turn late (up to 8 ms, a busy machine) neither
// push the schedule back nor, catching up, put more than N calls into any
// second — nor into any window of a second and 25 ms, the arrival jitter
// the limit leaves room for.
func TestGCRAWindowBound(t *testing.T) {
	r := testservers.StartRedis(t)
	q, err := Open(Options{URL: r.URL()})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	const n = 20.0
	var mu sync.Mutex
	var grants []time.Time
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	// One caller always comes 5 ms after its turn (its grant's work);
	// the others wait their turn and compete for every slot.
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			late := time.Duration(i) * 5 * time.Millisecond
			for {
				time.Sleep(late)
				if q.Wait(ctx, "late", n) != nil {
					return
				}
				mu.Lock()
				grants = append(grants, time.Now())
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sortTimes(grants)
	if got := maxInWindow(grants, time.Second+25*time.Millisecond); got > int(n) {
		t.Fatalf("%d calls in a window of 1.025 s, want at most %v", got, n)
	}
	// 4 s at one call per 52 ms is 76.
	if want := int(4*time.Second/Interval(n)) - 3; len(grants) < want {
		t.Fatalf("%d calls in 4 s, want at least %d", len(grants), want)
	}
}

// A caller whose every wake-up comes 5 ms late (a busy machine) keeps the
// schedule: with a burst of exactly one interval each late ask restarts
// the key's schedule from the late moment (4 s would hold about 70 calls
// rather than 76).
func TestLateWakeUpsKeepSchedule(t *testing.T) {
	r := testservers.StartRedis(t)
	q, err := Open(Options{URL: r.URL()})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	orig := sleep
	sleep = func(ctx context.Context, d time.Duration) error { return orig(ctx, d+5*time.Millisecond) }
	defer func() { sleep = orig }()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	calls := 0
	for q.Wait(ctx, "lone", 20) == nil {
		calls++
	}
	if want := int(4*time.Second/Interval(20)) - 3; calls < want {
		t.Fatalf("%d calls in 4 s, want at least %d: late wake-ups push the schedule back", calls, want)
	}
}
