package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

// actionProgressMsg reports an action's progress; run is the id of the run
// it belongs to.
type actionProgressMsg struct {
	run uint64
	p   backend.Progress
}

// actionDoneMsg ends a run: res holds every user's outcome, err says nothing
// was sent (bad input, role, journal failure).
type actionDoneMsg struct {
	run uint64
	res *backend.Result
	err error
}

// actionRun is an action running in the background. The engine runs in a
// goroutine and writes to ch; the UI reads ch one message at a time with
// next (glow's pump), so Update stays the only place state changes.
type actionRun struct {
	id       uint64
	pending  *pendingAction
	cancel   context.CancelFunc // the operator's cancel (esc): the action is cancelled, not left pending
	ch       chan tea.Msg
	progress backend.Progress
	started  time.Time
	stopping bool // esc pressed: cancelled, waiting for the engine to stop
}

// startRun launches the engine and returns the run with the command that
// reads its first message.
func startRun(parent context.Context, eng *backend.Engine, pa *pendingAction, id uint64, now time.Time) (*actionRun, tea.Cmd) {
	// The operator's esc cancels with ErrCancelledByOperator; the parent
	// ending (quit, a signal, the SSH session closing) cuts the action off,
	// and the journal keeps it pending for a resume.
	ctx, cancelCause := context.WithCancelCause(parent)
	cancel := func() { cancelCause(backend.ErrCancelledByOperator) }
	r := &actionRun{id: id, pending: pa, cancel: cancel, ch: make(chan tea.Msg, 16), started: now,
		progress: backend.Progress{Total: len(pa.req.Users), Remaining: len(pa.req.Users)}}
	go func() {
		defer close(r.ch)
		res, err := eng.Run(ctx, pa.prov, pa.req, func(p backend.Progress) {
			// Progress is cumulative: when the UI lags, dropping an update
			// loses nothing the next one does not carry.
			select {
			case r.ch <- actionProgressMsg{run: id, p: p}:
			default:
			}
		})
		cancel()
		// The console reads ch until it quits; once it has (parent ended)
		// nobody will, and with 16 progress messages unread a plain send
		// would hold this goroutine for ever.
		select {
		case r.ch <- actionDoneMsg{run: id, res: res, err: err}:
		case <-parent.Done():
		}
	}()
	return r, r.next()
}

// next reads one message of the run; Update calls it again after each
// progress message until the done message arrives.
func (r *actionRun) next() tea.Cmd {
	ch := r.ch
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}
