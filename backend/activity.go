package backend

import "time"

// Activity is one action as the activity view shows it: who did what, where,
// and what happened to each user. The journal is the durable source; the
// memory log serves runs without one.
type Activity struct {
	Seq      int64 // increases with every change, for polling
	ID       string
	Actor    Actor
	Host     string // the machine the action ran on ("" before it was recorded)
	Started  time.Time
	Finished time.Time // zero while running
	App      string
	Room     string
	Kind     ActionKind
	Call     string
	Params   string
	Users    []string
	// "running", "finished", "cancelled" (by its operator), "cut-off" (by
	// a signal or a session ending: pending, resumable), "interrupted"
	// (its process died, or it was resumed or set aside)
	Status   string
	Applied  int
	Failed   int
	Unknown  int // sent with no answer and not settled by a read-back: may be applied
	Pending  int // not yet confirmed
	Outcomes []UserOutcome
}

// ActivityLog is read by the activity view. Since returns the activities
// changed after seq (oldest first) and the newest seq, so every console sees
// the others' actions as they happen.
type ActivityLog interface {
	Since(seq int64) ([]Activity, int64, error)
}

// ChangeNotifier is an ActivityLog that can say when any process changed it
// (the PostgreSQL journal's LISTEN/NOTIFY), so a view reloads at once
// rather than at its next refresh. Changed returns a channel closed at the
// next change, or nil when the log cannot tell.
type ChangeNotifier interface {
	Changed() <-chan struct{}
}
