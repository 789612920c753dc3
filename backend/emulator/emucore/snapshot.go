package emucore

// Snapshot is a copy of everything a Recorder holds, for the emulator's
// stats endpoint: tests in another process read it to assert what the
// emulator received and applied.
type Snapshot struct {
	Calls    map[string]int            `json:"calls"`    // "vendor/action" → calls received
	Rejected map[string]int            `json:"rejected"` // "vendor/action/code" → calls answered with code
	Applied  map[string]map[string]int `json:"applied"`  // "vendor/action" → "app/room/user" → times applied
	Faults   map[string]int            `json:"faults"`   // "drop", "5xx" → injected
}

// Snapshot copies the recorder's counts.
func (r *Recorder) Snapshot() Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Snapshot{Calls: copyCounts(r.calls), Rejected: copyCounts(r.rejected), Faults: copyCounts(r.faults),
		Applied: make(map[string]map[string]int, len(r.applied))}
	for k, v := range r.applied {
		s.Applied[k] = copyCounts(v)
	}
	return s
}

func copyCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
