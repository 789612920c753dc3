package backend

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// DefaultMemoryLogKeep is how many activities a MemoryLog keeps.
const DefaultMemoryLogKeep = 1000

// MemoryLog is the Recorder and ActivityLog of a run without a journal: the
// engine records into it and the activity view polls it. It forgets the
// oldest finished activities beyond Keep. Safe for concurrent use.
type MemoryLog struct {
	Now  func() time.Time // nil: time.Now
	Keep int              // most activities kept (0: DefaultMemoryLogKeep)

	mu   sync.Mutex
	seq  int64
	next int
	acts []*memActivity // in the order they began
	byID map[string]*memActivity
}

type memActivity struct {
	Activity
	targets int            // users, or 1 for an action on the room
	at      map[string]int // user → index in Outcomes
}

// NewMemoryLog returns an empty log.
func NewMemoryLog() *MemoryLog { return &MemoryLog{byID: map[string]*memActivity{}} }

func (l *MemoryLog) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// touch gives a its next seq; mu held.
func (l *MemoryLog) touch(a *memActivity) {
	l.seq++
	a.Seq = l.seq
}

// Begin starts a running activity.
func (l *MemoryLog) Begin(req ActionRequest, plan *Plan) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byID == nil {
		l.byID = map[string]*memActivity{}
	}
	l.next++
	a := &memActivity{Activity: Activity{
		ID: fmt.Sprintf("mem-%d", l.next), Actor: req.Actor, Started: l.now(),
		App: req.App, Room: req.Room, Kind: req.Kind, Call: plan.Call, Params: plan.Params,
		Users: slices.Clone(req.Users), Status: "running",
	}, targets: len(req.Users), at: map[string]int{}}
	if plan.BatchSize == 0 {
		a.targets = 1
	}
	a.Pending = a.targets
	l.touch(a)
	l.acts = append(l.acts, a)
	l.byID[a.ID] = a
	l.trim()
	return a.ID, nil
}

// Record adds the outcomes decided by one call.
func (l *MemoryLog) Record(id string, outcomes []UserOutcome) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.byID[id]
	if !ok {
		return fmt.Errorf("activity %s: not in the log", id)
	}
	for _, o := range outcomes {
		if i, ok := a.at[o.User]; ok {
			a.Outcomes[i] = o
			continue
		}
		a.at[o.User] = len(a.Outcomes)
		a.Outcomes = append(a.Outcomes, o)
	}
	a.Applied, a.Failed = 0, 0
	for _, o := range a.Outcomes {
		switch o.Status {
		case Applied:
			a.Applied++
		case Failed:
			a.Failed++
		}
	}
	a.Pending = max(a.targets-len(a.Outcomes), 0)
	l.touch(a)
	return nil
}

// Finish closes an activity with the engine's result.
func (l *MemoryLog) Finish(id string, res *Result) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	a, ok := l.byID[id]
	if !ok {
		return fmt.Errorf("activity %s: not in the log", id)
	}
	a.Status = "finished"
	if res.Cancelled {
		a.Status = "cancelled"
	}
	a.Finished = res.Finished
	if a.Finished.IsZero() {
		a.Finished = l.now()
	}
	a.Outcomes = slices.Clone(res.Outcomes)
	clear(a.at)
	for i, o := range a.Outcomes {
		a.at[o.User] = i
	}
	a.Applied, a.Failed, a.Pending = res.Applied, res.Failed, 0
	l.touch(a)
	l.trim()
	return nil
}

// Since returns copies of the activities changed after seq, oldest change
// first, and the newest seq.
func (l *MemoryLog) Since(seq int64) ([]Activity, int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Activity
	for _, a := range l.acts {
		if a.Seq > seq {
			c := a.Activity
			c.Users = slices.Clone(a.Users)
			c.Outcomes = slices.Clone(a.Outcomes)
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(x, y Activity) int { return int(x.Seq - y.Seq) })
	return out, l.seq, nil
}

// trim forgets the oldest finished activities beyond Keep; running ones stay
// so their Record and Finish still land. mu held.
func (l *MemoryLog) trim() {
	keep := l.Keep
	if keep <= 0 {
		keep = DefaultMemoryLogKeep
	}
	for excess := len(l.acts) - keep; excess > 0; excess-- {
		i := slices.IndexFunc(l.acts, func(a *memActivity) bool { return a.Status != "running" })
		if i < 0 {
			return
		}
		delete(l.byID, l.acts[i].ID)
		l.acts = slices.Delete(l.acts, i, i+1)
	}
}

var (
	_ Recorder    = (*MemoryLog)(nil)
	_ ActivityLog = (*MemoryLog)(nil)
)
