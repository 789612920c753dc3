package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/ui/theme"
)

// actionFlow is the state of the action path, apart from the router: the
// run in the background (its pump and progress), what `z` undoes, the
// interrupted actions offered for resuming, and whether the server is
// draining. The pending action itself travels in the dialogs that fill it
// (their For), so nothing half-built is kept here.
type actionFlow struct {
	run         *actionRun // the action running; nil when none
	runSeq      uint64
	last        *lastAction   // what `z` undoes
	interrupted []Interrupted // offered for resuming at start, one at a time
	draining    bool          // ShutdownMsg received: no new actions, quit when the run ends
	progress    components.Progress
}

func newActionFlow(st *theme.Styles) *actionFlow {
	return &actionFlow{progress: components.NewProgress(st)}
}

// drainRefusal is the refusal of every new action while draining; "" when
// actions may start.
func (f *actionFlow) drainRefusal() string {
	if f.draining {
		return "the server is shutting down: no new actions (this session closes when the running action ends)"
	}
	return ""
}

// busy is the refusal of a new action while one runs; "" when none does.
func (f *actionFlow) busy() string {
	if f.run != nil {
		return "an action is still running: wait for it, or esc to cancel it"
	}
	return ""
}

// onProgress takes in a progress message of the run and reads the next.
func (f *actionFlow) onProgress(msg actionProgressMsg) tea.Cmd {
	if f.run == nil || msg.run != f.run.id {
		return nil
	}
	f.run.progress = msg.p
	return f.run.next()
}

// remember keeps what `z` will undo: the users the action reached.
func (f *actionFlow) remember(pa *pendingAction, applied []string) {
	if pa.undo {
		f.last = nil // undoing an undo is the original action: do it again by hand
		return
	}
	if pa.spec.Inverse == "" {
		f.last = &lastAction{spec: pa.spec, noUndo: pa.spec.NoUndo}
		return
	}
	if len(applied) == 0 {
		return
	}
	req := pa.req
	req.Users = applied
	f.last = &lastAction{spec: pa.spec, prov: pa.prov, req: req}
}

// progressView draws the running action.
func (m *Model) progressView(w int) string {
	r := m.run
	verb := r.pending.spec.Title
	if r.stopping {
		verb = "cancelling " + verb
	}
	return m.progress.View(m.st, capital(verb)+" "+target(r.pending), r.progress, w)
}
