package ui

import (
	"fmt"
	"sync"

	"github.com/quell-console/quell/backend"
)

// localLog is the activity of this console when no journal or engine log is
// given: every finished action, in order.
type localLog struct {
	mu   sync.Mutex
	acts []backend.Activity
	n    int
}

func newLocalLog() *localLog { return &localLog{} }

func (l *localLog) add(res *backend.Result) {
	if res == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	id := res.ID
	if id == "" {
		id = fmt.Sprintf("run-%d", l.n)
	}
	status := "finished"
	switch {
	case res.Interrupted:
		status = "cut-off"
	case res.Cancelled:
		status = "cancelled"
	}
	l.acts = append(l.acts, backend.Activity{
		Seq: int64(l.n), ID: id, Actor: res.Request.Actor, Started: res.Started, Finished: res.Finished,
		App: res.Request.App, Room: res.Request.Room, Kind: res.Request.Kind, Call: res.Call, Params: res.Params,
		Users: res.Request.Users, Status: status, Applied: res.Applied, Failed: res.Failed, Unknown: res.Unknown, Outcomes: res.Outcomes,
	})
}

// Since returns the activities added after seq.
func (l *localLog) Since(seq int64) ([]backend.Activity, int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []backend.Activity
	for _, a := range l.acts {
		if a.Seq > seq {
			out = append(out, a)
		}
	}
	return out, int64(l.n), nil
}
