package emucore

import (
	"sort"
	"sync"
	"time"
)

// Recorder counts what the emulator received, so tests can assert "exactly N
// calls, no user applied twice, no rate-limit rejection".
type Recorder struct {
	mu       sync.Mutex
	calls    map[string]int            // "vendor/action" → calls received (authenticated or not)
	rejected map[string]int            // "vendor/action/code" → calls answered with an error code
	applied  map[string]map[string]int // "vendor/action" → "app/room/user" → times applied
	faults   map[string]int
	// first and last are when each "vendor/action" was first and last
	// received, for "the calls took under T" without the client's start-up.
	first, last map[string]time.Time
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	r := &Recorder{}
	r.Reset()
	return r
}

// Reset forgets everything.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = map[string]int{}
	r.rejected = map[string]int{}
	r.applied = map[string]map[string]int{}
	r.faults = map[string]int{}
	r.first = map[string]time.Time{}
	r.last = map[string]time.Time{}
}

// Call records one received call of action.
func (r *Recorder) Call(vendor, action string) {
	now := time.Now()
	k := vendor + "/" + action
	r.mu.Lock()
	r.calls[k]++
	if _, ok := r.first[k]; !ok {
		r.first[k] = now
	}
	r.last[k] = now
	r.mu.Unlock()
}

// CallSpan is the time from the first to the last received call of action.
func (r *Recorder) CallSpan(vendor, action string) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := vendor + "/" + action
	return r.last[k].Sub(r.first[k])
}

// Reject records a call answered with an error code.
func (r *Recorder) Reject(vendor, action, code string) {
	r.mu.Lock()
	r.rejected[vendor+"/"+action+"/"+code]++
	r.mu.Unlock()
}

// Applied records that action took effect for user.
func (r *Recorder) Applied(vendor, action, app, room, user string) {
	r.mu.Lock()
	k := vendor + "/" + action
	if r.applied[k] == nil {
		r.applied[k] = map[string]int{}
	}
	r.applied[k][app+"/"+room+"/"+user]++
	r.mu.Unlock()
}

// Fault records an injected fault.
func (r *Recorder) Fault(kind string) {
	r.mu.Lock()
	r.faults[kind]++
	r.mu.Unlock()
}

// Calls is how many calls of action were received.
func (r *Recorder) Calls(vendor, action string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[vendor+"/"+action]
}

// Rejected is how many calls of action got code ("" = any code).
func (r *Recorder) Rejected(vendor, action, code string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if code != "" {
		return r.rejected[vendor+"/"+action+"/"+code]
	}
	n := 0
	p := vendor + "/" + action + "/"
	for k, v := range r.rejected {
		if len(k) > len(p) && k[:len(p)] == p {
			n += v
		}
	}
	return n
}

// AppliedUsers is how many distinct users action was applied to.
func (r *Recorder) AppliedUsers(vendor, action string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.applied[vendor+"/"+action])
}

// MaxApplied is the most times action was applied to any one user.
func (r *Recorder) MaxApplied(vendor, action string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := 0
	for _, n := range r.applied[vendor+"/"+action] {
		m = max(m, n)
	}
	return m
}

// Faults is how many faults of kind ("drop", "5xx", "error") were injected.
func (r *Recorder) Faults(kind string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.faults[kind]
}

// Summary lists "vendor/action calls" lines, sorted, for logs and debugging.
func (r *Recorder) Summary() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.calls))
	keys := make([]string, 0, len(r.calls))
	for k := range r.calls {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out[k] = r.calls[k]
	}
	return out
}
