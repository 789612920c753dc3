package ui

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/config"
)

// keyBudget is the longest a key may wait for its frame (issue #11).
const keyBudget = 50 * time.Millisecond

// loadFaults is issue #11's weather: 20% gateway 5xx, 10% of calls carried
// out with the answer lost (a timeout), and a burst of rate-limit answers
// for 150 ms of every second.
var loadFaults = emucore.Faults{HTTP5xx: 0.2, TimeoutRate: 0.1, BurstEvery: time.Second, BurstFor: 150 * time.Millisecond}

// Issue #11: a 1,000-user bulk action under the weather above, with the
// console open and refreshing: every user is accounted for (applied, failed
// with a reason, or unknown), and the console answers every key within
// 50 ms while it runs.
func TestLoadBulkActionUnderFaults(t *testing.T) {
	s := runEmulator(t)
	const sdk = emulator.DemoChatLiveSDKAppID
	users := s.Chat().AddLiveRoom(sdk, "qa-load", 1000)
	results := &resultLog{done: make(chan *backend.Result, 1)}
	lat := &keyLatency{}
	h := loadConsole(t, s, results, lat, time.Second)
	h.settled("chat-live")

	// The room is opened under the weather: its first load must come
	// through the 5xx (listing retries), or there is nothing to select.
	s.Env().SetFaults(loadFaults)
	h.keys(":")
	h.typeText("app chat-live")
	h.keys("enter")
	h.waitText("live-001")
	h.keys(":")
	h.typeText("room qa-load")
	h.keys("enter")
	waitLong(h, "the room's members", 30*time.Second, func(sc string) bool {
		return strings.Contains(sc, users[0]) && !strings.Contains(sc, "loading…")
	})
	h.keys("A")
	h.waitText("1000 selected")
	h.keys("m", "enter")
	h.waitText("Mute 1,000 users?")
	h.keys("right", "enter")
	listsBefore := s.Env().Rec.Calls("chat", "get_member_list")

	// Keys while it runs: each one's time from send to its frame on the
	// update loop (end to end through teatest), and the loop's own time
	// for it (Update and View).
	var e2e []time.Duration
	var res *backend.Result
	deadline := time.After(3 * time.Minute)
	for k := 0; res == nil; k++ {
		select {
		case res = <-results.done:
			continue
		case <-deadline:
			t.Fatalf("the action did not finish in 3 minutes; screen:\n%s", h.screen())
		case <-time.After(20 * time.Millisecond):
		}
		key := "down"
		if k%2 == 1 {
			key = "up"
		}
		start := time.Now()
		h.keys(key)
		h.screen() // the probe is queued behind the key: its answer is the key's frame
		e2e = append(e2e, time.Since(start))
	}

	// Every user accounted for, once, in request order.
	if len(res.Outcomes) != len(users) {
		t.Fatalf("%d outcomes for %d users", len(res.Outcomes), len(users))
	}
	counts := map[backend.OutcomeStatus]int{}
	for i, o := range res.Outcomes {
		counts[o.Status]++
		if o.User != users[i] {
			t.Fatalf("outcome %d is for %q, want %q", i, o.User, users[i])
		}
		switch o.Status {
		case backend.Applied:
			if s.Chat().MutedUntil(sdk, "qa-load", o.User).IsZero() {
				t.Errorf("%s reported applied, not muted in the emulator", o.User)
			}
		case "":
			t.Errorf("%s has no outcome", o.User)
		default: // failed, not attempted or unknown: with a reason
			if o.Err == nil || o.Err.Code == "" {
				t.Errorf("%s is %s with no reason", o.User, o.Status)
			}
		}
	}
	// Not attempted is legitimate here only as a read-back's "not applied":
	// nobody cancels.
	if n := counts[backend.NotAttempted]; n > 0 {
		for _, o := range res.Outcomes {
			if o.Status == backend.NotAttempted && o.Err.Code != "not-applied" {
				t.Errorf("%s not attempted (%s) in an action nobody cancelled", o.User, o.Err.Code)
			}
		}
	}
	if res.Applied != counts[backend.Applied] || res.Failed != counts[backend.Failed] || res.Unknown != counts[backend.Unknown] {
		t.Errorf("totals applied %d failed %d unknown %d, outcomes say %v", res.Applied, res.Failed, res.Unknown, counts)
	}
	rec := s.Env().Rec
	t.Logf("outcomes %v in %d calls; emulator: %d mute_member calls, 5xx %d, timeouts %d, rate-limit answers %d",
		counts, res.Calls, rec.Calls("chat", "mute_member"), rec.Faults("5xx"), rec.Faults("timeout"), rec.Faults("rate-limit"))
	if rec.Faults("5xx") == 0 || rec.Faults("timeout") == 0 || rec.Faults("rate-limit") == 0 {
		t.Error("the weather did not happen: every kind of fault must have been met")
	}

	// The console answered every key within the budget. Three readings:
	// the CPU the update loop spent on each key (Update and View; what the
	// console controls, immune to the machine's other load; Linux counts it
	// in scheduler ticks of a few ms) must stay under the budget for every
	// key; the loop's wall-clock time and the time
	// from send to frame through teatest add the scheduling of a shared
	// 2-core machine (one key in a few hundred waited 70–80 ms for a core
	// while another package compiled), so their slowest 1% is logged, not
	// asserted. A loop that blocked (a call made on it) would show in the
	// wall-clock p99: every key would wait.
	loop, cpu := lat.all(), lat.cpuTimes()
	if len(loop) < 20 {
		t.Fatalf("only %d keys measured", len(loop))
	}
	t.Logf("%d keys: update loop CPU p50 %v max %v; wall p50 %v p99 %v max %v; send to frame p50 %v p99 %v max %v", len(loop),
		pct(cpu, 50), pct(cpu, 100), pct(loop, 50), pct(loop, 99), pct(loop, 100), pct(e2e, 50), pct(e2e, 99), pct(e2e, 100))
	// Under -race the instrumented loop may spend twice the budget on a
	// key (one in several hundred met a GC assist and took 54 ms of CPU on
	// CI; another run's send-to-frame p99 was 58 ms); .ci/run runs this
	// test without -race too, where 50 ms holds for all three.
	budget := keyBudget
	if raceBuild {
		budget = 2 * keyBudget
	}
	if m := pct(cpu, 100); threadCPUKnown && m >= budget {
		t.Errorf("a key cost the update loop %v of CPU (budget %v, race detector %v)", m, budget, raceBuild)
	}
	if m := pct(loop, 99); m >= budget {
		t.Errorf("keys held the update loop up to %v (p99; budget %v, race detector %v)", m, budget, raceBuild)
	}
	if m := pct(e2e, 99); m >= budget {
		t.Errorf("keys took up to %v from send to frame (p99; budget %v, race detector %v)", m, budget, raceBuild)
	}
	// The console kept refreshing the room while the action ran.
	if n := rec.Calls("chat", "get_member_list") - listsBefore; n < 2 {
		t.Errorf("%d member-list calls during the action; the console's refresh every second stopped", n)
	}

	// Issue #11 asks that quell's own retries never apply a user twice: a
	// call whose answer was lost is read back before it is resent.
	if n := rec.MaxApplied("chat", "mute_member"); n > 1 {
		t.Errorf("a user was muted %d times by quell's retries", n)
	}
}

// loadConsole opens the console on s's apps as `quell` would, with an HTTP
// client that gives up after a second (so a lost answer costs a second, not
// the default 15 s), results journaled to log, keys timed into lat and the
// live refresh every refresh.
func loadConsole(t *testing.T, s *emulator.Server, log backend.Recorder, lat *keyLatency, refresh time.Duration, more ...func(*Options)) *harness {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := s.WriteConfig(path); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	pacer := connect.Pacer(cfg)
	providers, err := connect.Open(cfg, backend.Deps{Pacer: pacer, State: backend.NewMemoryState(),
		HTTP: &http.Client{Timeout: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	o := testOptions(providers...)
	o.Engine = &backend.Engine{Pacer: pacer, Recorder: log}
	o.Now = nil
	o.Refresh = refresh
	for _, f := range more {
		f(&o)
	}
	m, err := newModel(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, timed{probed{m}, lat}, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	})
	return &harness{t: t, tm: tm}
}

// waitLong is waitFor with a longer deadline: under faults a load retries.
func waitLong(h *harness, what string, d time.Duration, cond func(screen string) bool) string {
	h.t.Helper()
	deadline := time.Now().Add(d)
	var sc string
	for time.Now().Before(deadline) {
		if sc = h.screen(); cond(sc) {
			return sc
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatalf("timed out waiting for %s; screen:\n%s", what, sc)
	return ""
}

// timed measures, for every key, the update loop's time from taking it to
// drawing its frame: bubbletea calls View right after each Update.
type timed struct {
	probed
	lat *keyLatency
}

func (m timed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok {
		m.lat.start()
	}
	_, cmd := m.probed.Update(msg)
	return m, cmd
}

func (m timed) View() string {
	v := m.probed.View()
	m.lat.stop()
	return v
}

// keyLatency times each key on the update loop, by the wall clock and by
// the CPU the loop's thread spent on it (the goroutine is pinned to its
// thread from Update to View so the two readings are of one thread).
type keyLatency struct {
	mu       sync.Mutex
	began    time.Time
	cpuBegan time.Duration
	took     []time.Duration
	cpu      []time.Duration
}

func (k *keyLatency) start() {
	runtime.LockOSThread()
	k.mu.Lock()
	k.began, k.cpuBegan = time.Now(), threadCPU()
	k.mu.Unlock()
}

func (k *keyLatency) stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.began.IsZero() {
		k.took = append(k.took, time.Since(k.began))
		k.cpu = append(k.cpu, threadCPU()-k.cpuBegan)
		k.began = time.Time{}
		runtime.UnlockOSThread()
	}
}

func (k *keyLatency) cpuTimes() []time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.cpu)
}

func (k *keyLatency) all() []time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.took)
}

// pct is the p-th percentile of ds (100: the largest).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p)/100)]
}

// resultLog is the engine's journal for these tests: it hands over each
// finished action's Result.
type resultLog struct {
	mu   sync.Mutex
	n    int
	done chan *backend.Result
}

func (r *resultLog) Begin(backend.ActionRequest, *backend.Plan) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	return "load-" + string(rune('0'+r.n)), nil
}

func (r *resultLog) Record(string, []backend.UserOutcome) error { return nil }

func (r *resultLog) Finish(_ string, res *backend.Result) error {
	select {
	case r.done <- res:
	default:
	}
	return nil
}

// Issue #11: the console's refresh retries the vendor's transient answers
// as the list commands do. Under 20% gateway 5xx, a room opened and
// refreshed nine times never shows a failed load (each load makes three
// calls: without retries about half the loads fail).
func TestConsoleRefreshRetriesGateway5xx(t *testing.T) {
	s := runEmulator(t)
	const sdk = emulator.DemoChatLiveSDKAppID
	users := s.Chat().AddLiveRoom(sdk, "qa-list", 50)
	failed := &loadFailures{}
	h := loadConsole(t, s, nil, &keyLatency{}, time.Hour, func(o *Options) { o.Logger = slog.New(failed) })
	h.settled("chat-live")
	s.Env().SetFaults(emucore.Faults{HTTP5xx: 0.2})
	h.keys(":")
	h.typeText("app chat-live")
	h.keys("enter")
	h.waitText("live-001")
	h.keys(":")
	h.typeText("room qa-list")
	h.keys("enter")
	loaded := func(sc string) bool {
		return strings.Contains(sc, users[0]) && !strings.Contains(sc, "in flight") && !strings.Contains(sc, "loading…")
	}
	waitLong(h, "the room's members", 30*time.Second, loaded)
	for range 8 {
		h.keys("r")
		waitLong(h, "the refresh", 30*time.Second, loaded)
	}
	if n := failed.count(); n > 0 {
		t.Errorf("%d loads failed under 20%% 5xx", n)
	}
	if n := s.Env().Rec.Faults("5xx"); n == 0 {
		t.Error("no 5xx was answered: the test tested nothing")
	}
}

// loadFailures counts the console's "load failed" log records.
type loadFailures struct {
	mu sync.Mutex
	n  int
}

func (l *loadFailures) Enabled(context.Context, slog.Level) bool { return true }
func (l *loadFailures) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *loadFailures) WithGroup(string) slog.Handler            { return l }
func (l *loadFailures) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "load failed" {
		l.mu.Lock()
		l.n++
		l.mu.Unlock()
	}
	return nil
}

func (l *loadFailures) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}
