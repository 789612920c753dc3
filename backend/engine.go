package backend

import (
	"context"
	"errors"
	"time"
)

// OutcomeStatus is what happened to one user of an action.
type OutcomeStatus string

const (
	Applied      OutcomeStatus = "applied"
	Failed       OutcomeStatus = "failed"
	NotAttempted OutcomeStatus = "not-attempted"
)

// UserOutcome is the result of an action for one user.
type UserOutcome struct {
	User      string
	Status    OutcomeStatus
	Err       *VendorError // set when Failed (and for NotAttempted after cancellation: code "cancelled")
	RequestID string       // of the call that decided this user's fate
	Attempts  int
}

// Progress is reported as an action runs, for a progress bar.
type Progress struct {
	Total     int
	Applied   int
	Failed    int
	Remaining int
	Calls     int           // vendor calls made so far
	PerSecond float64       // pace of calls
	ETA       time.Duration // from the pace and the calls left
}

// Result is a finished (or cancelled) action.
type Result struct {
	ID           string // journal id, when a Recorder is set
	Request      ActionRequest
	Call         string // vendor call
	Params       string
	Outcomes     []UserOutcome // one per distinct user, in request order
	Applied      int
	Failed       int
	NotAttempted int
	Calls        int
	Cancelled    bool
	Started      time.Time
	Finished     time.Time
}

// Recorder is the journal's hook into the engine. Begin is called after
// validation and before the first request; an error from it aborts the action
// with nothing sent (a full disk must not let an unrecorded action run).
type Recorder interface {
	Begin(req ActionRequest, plan *Plan) (id string, err error)
	Record(id string, outcomes []UserOutcome) error
	Finish(id string, res *Result) error
}

// Engine runs actions: validation, batching, pacing, retries, outcomes.
type Engine struct {
	Pacer       *Pacer
	Recorder    Recorder // nil: nothing is journaled
	MaxAttempts int      // tries per batch, first included (default 5)
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	MaxInFlight int // concurrent calls per action (default 32)
	Now         func() time.Time
}

// ErrNoUsers is returned for an empty user list.
var ErrNoUsers = errors.New("no users given")

// Prepare checks req against the action table, the actor's role, the
// provider's capabilities and the vendor's rules, and returns the plan. It
// sends nothing. The console calls it to word its confirmation.
func (e *Engine) Prepare(p Provider, req ActionRequest) (*Plan, error) {
	panic("engine: Prepare not implemented yet")
}

// Run executes req on p. A non-nil error means nothing was sent (bad input,
// role, unsupported action, journal failure); otherwise every distinct user
// has an outcome in the Result. progress (may be nil) is called as batches
// finish. Cancelling ctx stops promptly: users not yet sent are NotAttempted.
func (e *Engine) Run(ctx context.Context, p Provider, req ActionRequest, progress func(Progress)) (*Result, error) {
	panic("engine: Run not implemented yet")
}
