package ui

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
)

// soakFor is how long TestSoak runs: QUELL_SOAK (a Go duration, e.g. 10m)
// or 20 s, short enough for every test run.
func soakFor(t *testing.T) time.Duration {
	v := os.Getenv("QUELL_SOAK")
	if v == "" {
		return 20 * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 20*time.Second {
		t.Fatalf("QUELL_SOAK=%q: want a duration of 20s or more", v)
	}
	return d
}

// soakRefresh is the console's live refresh in the soak: the default.
const soakRefresh = DefaultRefresh

// Issue #11: the console open on a 20,000-member room while the room
// churns (ten members leave, ten join and ten are muted every 100 ms, on
// top of the emulator's own churn): after a warm-up its goroutines and heap
// (after GC) stay flat within 10%, and it refreshes on its interval. The
// emulator runs in the same process, so its heap is counted too; its room
// keeps its size, so it adds no growth.
//
//	QUELL_SOAK=10m go test -run TestSoak -v -timeout 15m ./ui
func TestSoak(t *testing.T) {
	run := soakFor(t)
	s := emulator.New(emulator.Options{Demo: true, Churn: true, Seed: 11})
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	const sdk = emulator.DemoChatGroupsSDKAppID
	users := s.Chat().AddGroup(sdk, "soak-20k", "Public", 20000)

	h := loadConsole(t, s, nil, &keyLatency{}, soakRefresh)
	h.settled("chat-live")
	h.keys(":")
	h.typeText("app chat-groups")
	h.keys("enter")
	h.waitText("chat-groups")
	h.keys(":")
	h.typeText("room soak-20k")
	h.keys("enter")
	waitLong(h, "the 20,000 members", time.Minute, func(sc string) bool {
		return strings.Contains(sc, users[0]) && !strings.Contains(sc, "loading…")
	})

	stop := make(chan struct{})
	stirred := make(chan struct{})
	go func() {
		defer close(stirred)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				s.Chat().Stir(sdk, "soak-20k", 10)
			}
		}
	}()
	defer func() { close(stop); <-stirred }()

	// Each room load reads the mutes once (get_group_muted_account): its
	// count is the number of refreshes.
	rec := s.Env().Rec
	loads := func() int { return rec.Calls("chat", "get_group_muted_account") }
	warm := max(run/4, 8*time.Second)
	every := max(run/60, time.Second)
	type sample struct {
		at         time.Duration
		goroutines int
		heap       uint64
	}
	var samples []sample
	start := time.Now()
	loads0, lastLoads, lastLoadAt, longestGap := 0, 0, time.Duration(0), time.Duration(0)
	// A slow machine (each sample forces a GC of a heap this size) takes
	// fewer samples than run/every: the run goes on until there are enough
	// to compare two halves of at least four.
	const minSamples = 8
	for time.Since(start) < run || len(samples) < minSamples {
		time.Sleep(250 * time.Millisecond)
		at := time.Since(start)
		if n := loads(); n != lastLoads || at < warm {
			lastLoads, lastLoadAt = n, at
		}
		if at >= warm {
			if loads0 == 0 {
				loads0 = lastLoads
			}
			longestGap = max(longestGap, at-lastLoadAt)
		}
		if at < warm || (len(samples) > 0 && at-samples[len(samples)-1].at < every) {
			continue
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		samples = append(samples, sample{at, runtime.NumGoroutine(), ms.HeapAlloc})
	}
	refreshes := loads() - loads0
	window := time.Since(start) - warm

	// Flat: the median of the second half of the samples against the
	// median of the first (a refresh in flight at one sample is noise, a
	// leak is a trend).
	half := len(samples) / 2
	med := func(ss []sample, f func(sample) float64) float64 {
		v := make([]float64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	heap := func(s sample) float64 { return float64(s.heap) }
	gor := func(s sample) float64 { return float64(s.goroutines) }
	h0, h1 := med(samples[:half], heap), med(samples[half:], heap)
	g0, g1 := med(samples[:half], gor), med(samples[half:], gor)
	t.Logf("soak %v (%v warm-up, %d samples): heap after GC %.1f → %.1f MB (%+.1f%%), goroutines %.0f → %.0f; "+
		"%d refreshes in %v (interval %v, longest gap %v); %d member pages read",
		run, warm, len(samples), h0/1e6, h1/1e6, 100*(h1/h0-1), g0, g1,
		refreshes, window.Round(time.Second), soakRefresh, longestGap.Round(10*time.Millisecond), rec.Calls("chat", "get_group_member_info"))
	if h1 > h0*1.10 {
		t.Errorf("heap grew %.1f%% (%.1f → %.1f MB)", 100*(h1/h0-1), h0/1e6, h1/1e6)
	}
	if g1 > g0*1.10 {
		t.Errorf("goroutines grew from %.0f to %.0f", g0, g1)
	}
	// On its interval: a refresh starts one interval after the last one
	// answered, so a cycle is the interval plus the load's own time. Under
	// -race on a busy CI machine a 20,000-member load takes up to ~3 s
	// (CI saw 2 refreshes in 12 s, gaps up to 5.6 s), so the floor is one
	// refresh per two intervals, as the gap check below; never more than
	// one per interval (no refresh storm).
	most := int(window / soakRefresh)
	if least := int(window / (2 * soakRefresh)); refreshes < least || refreshes > most+1 {
		t.Errorf("%d refreshes in %v, want %d to %d (one every %v after the last answer)", refreshes, window, least, most+1, soakRefresh)
	}
	if longestGap > 2*soakRefresh {
		t.Errorf("%v without a refresh (interval %v)", longestGap, soakRefresh)
	}
}
