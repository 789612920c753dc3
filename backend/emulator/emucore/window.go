package emucore

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// Window enforces "N calls per second" the way the vendors count it: no
// one-second window may hold more than N admitted calls. A client that
// bursts past its rate is rejected here, as it would be in the cloud.
type Window struct {
	mu    sync.Mutex
	calls map[string][]time.Time // key → admission times within the last second, oldest first
}

// NewWindow returns an empty limiter.
func NewWindow() *Window { return &Window{calls: map[string][]time.Time{}} }

// Allow admits one call under key if fewer than perSecond calls were admitted
// in the second before now.
func (w *Window) Allow(key string, perSecond int, now time.Time) bool {
	if perSecond <= 0 {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	ts := w.calls[key]
	cut := now.Add(-time.Second)
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= perSecond {
		w.calls[key] = ts
		return false
	}
	// Concurrent requests read the clock on arrival and reach here in any
	// order: keep the times sorted so the expiry above stays exact (an
	// out-of-order entry behind a newer one would outlive its second and
	// count against calls it never shared a window with).
	j := sort.Search(len(ts), func(k int) bool { return ts[k].After(now) })
	w.calls[key] = slices.Insert(ts, j, now)
	return true
}
