package backend

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// OutcomeStatus is what happened to one user of an action.
type OutcomeStatus string

const (
	Applied      OutcomeStatus = "applied"
	Failed       OutcomeStatus = "failed"
	NotAttempted OutcomeStatus = "not-attempted"
	// Unknown: the request was sent and no answer came (a timeout, a
	// dropped connection, the run cut off while the call was in flight), so
	// the vendor may have applied it. Never reported as Failed: after SIGTERM
	// a user blocked at the vendor would show unblocked. The engine reads
	// the state back where the vendor lists it (Plan.Verify) and turns such
	// users into Applied or NotAttempted; where it cannot, they stay Unknown.
	Unknown OutcomeStatus = "unknown"
)

// ErrCancelledByOperator is the cause a console gives when its operator
// cancels a running action (esc). Any other end of the run's context (a
// signal, an SSH session closing, the shutdown grace running out) cuts the
// action off: Result.Interrupted, and the journal keeps it pending.
var ErrCancelledByOperator = errors.New("cancelled by the operator")

// UserOutcome is the result of an action for one user.
type UserOutcome struct {
	User      string
	Status    OutcomeStatus
	Err       *VendorError // set when Failed, Unknown (why no answer came) and NotAttempted (why not sent)
	RequestID string       // of the call that decided this user's fate
	Attempts  int
}

// Progress is reported as an action runs, for a progress bar.
type Progress struct {
	Total     int
	Applied   int
	Failed    int
	Unknown   int // sent, no answer: may have been applied
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
	Unknown      int // sent, no answer, and no read-back could tell
	Calls        int
	Cancelled    bool
	// Interrupted: cancelled by something other than the operator (a
	// signal, a session ending): the journal keeps the action pending so
	// `quell journal resume` can finish it.
	Interrupted bool
	// Verified is how many users a read-back of the vendor's state decided
	// (before a retry, after the run, or before a resume sent them).
	Verified int
	Started  time.Time
	Finished time.Time
	// RecordErr is the journal failing after the action began; quell stops
	// sending when it does, so the users left are NotAttempted.
	RecordErr error
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

// Defaults for the zero fields of Engine.
const (
	DefaultMaxAttempts = 5
	DefaultBaseBackoff = 250 * time.Millisecond
	DefaultMaxBackoff  = 4 * time.Second
	DefaultMaxInFlight = 32
)

// Prepare checks req against the action table, the actor's role, the
// provider's capabilities and the vendor's rules, and returns the plan. It
// sends nothing. The console calls it to word its confirmation.
//
// The role is checked here, on the server side of an SSH session, so a
// viewer's key sequence can never reach a vendor.
func (e *Engine) Prepare(p Provider, req ActionRequest) (*Plan, error) {
	_, plan, err := e.prepare(p, req)
	return plan, err
}

// Run executes req on p. A non-nil error means nothing was sent (bad input,
// role, unsupported action, journal failure); otherwise every distinct user
// has an outcome in the Result. progress (may be nil) is called as batches
// finish. Cancelling ctx stops promptly: users not yet sent are NotAttempted.
//
// An action that takes no users (dismiss) has one outcome, for the room: its
// User is the room ID.
func (e *Engine) Run(ctx context.Context, p Provider, req ActionRequest, progress func(Progress)) (*Result, error) {
	req, plan, err := e.prepare(p, req)
	if err != nil {
		return nil, err
	}
	r := e.newRun(ctx, p, req, plan, progress)
	if e.Recorder != nil {
		id, err := e.Recorder.Begin(req, plan)
		if err != nil {
			return nil, fmt.Errorf("journal: %w (nothing was sent)", err)
		}
		r.res.ID = id
	}
	return r.execute(), nil
}

// Describe words a plan for a confirmation: "forbid_send_msg × 3, MuteTime 600".
func (e *Engine) Describe(plan *Plan, users int) string {
	s := fmt.Sprintf("%s × %d", plan.Call, plan.Calls(users))
	if plan.Params != "" {
		s += ", " + plan.Params
	}
	return s
}
