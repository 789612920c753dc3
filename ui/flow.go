package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/components"
)

// actionFlow is the state of the action path, apart from the router: the
// run in the background (its pump and progress), what `z` undoes, the
// interrupted actions offered for resuming, and whether the server is
// draining. The pending action itself travels in the dialogs that fill it
// (their For), so nothing half-built is kept here.
type actionFlow struct {
	*common
	run         *actionRun // the action running; nil when none
	runSeq      uint64
	last        *lastAction   // what `z` undoes
	interrupted []Interrupted // offered for resuming at start, one at a time
	draining    bool          // ShutdownMsg received: no new actions, quit when the run ends
	progress    components.Progress
}

func newActionFlow(c *common) *actionFlow {
	return &actionFlow{common: c, progress: components.NewProgress(c.st)}
}

// next is the dialog the action needs next: a length, what to block, an
// owner; then, prepared, its confirmation. nil when it may run as it is;
// an error when the engine refuses it (nothing was sent).
func (f *actionFlow) next(pa *pendingAction) (*components.Dialog, error) {
	switch {
	case pa.spec.Takes(backend.ParamDuration) && !pa.lengthOK:
		return f.mutePicker(pa), nil
	case pa.spec.Takes(backend.ParamAVMode) && !pa.modeOK:
		return f.blockPicker(pa), nil
	case pa.spec.NeedsOwner && pa.req.Owner == "":
		return f.ownerPrompt(pa), nil
	}
	plan, err := f.o.Engine.Prepare(pa.prov, pa.req)
	if err != nil {
		return nil, err
	}
	pa.plan = plan
	pa.call = f.o.Engine.Describe(plan, len(pa.req.Users))
	switch {
	case pa.spec.TypeToConfirm:
		return f.dismissPrompt(pa), nil
	case pa.spec.MustConfirm(len(pa.req.Users)):
		return f.confirmDialog(pa), nil
	}
	return nil, nil
}

// begin starts the run of pa; the command reads its first message.
func (f *actionFlow) begin(pa *pendingAction) tea.Cmd {
	f.runSeq++
	run, cmd := startRun(f.ctx, f.o.Engine, pa, f.runSeq, f.now)
	f.run = run
	f.o.Logger.Info("action started", "action", pa.spec.Name, "app", pa.req.App, "room", clean(pa.req.Room),
		"users", len(pa.req.Users), "call", pa.call, "actor", clean(pa.req.Actor.Name))
	return cmd
}

// end takes the run's last message: the action it ran, false when the
// message is not the current run's.
func (f *actionFlow) end(msg actionDoneMsg) (*pendingAction, bool) {
	if f.run == nil || msg.run != f.run.id {
		return nil, false
	}
	pa := f.run.pending
	f.run = nil
	f.now = f.o.Now() // the optimistic countdowns start from now, not the last tick
	return pa, true
}

// undoAction is the inverse of the last action on the users it reached,
// or why there is none to run.
func (f *actionFlow) undoAction() (*pendingAction, string) {
	switch {
	case f.o.ReadOnly:
		return nil, "read-only mode: undo is turned off"
	case f.last == nil:
		return nil, "nothing to undo"
	case f.last.noUndo != "":
		return nil, f.last.noUndo
	case f.busy() != "":
		return nil, f.busy()
	}
	inv, ok := backend.Spec(f.last.spec.Inverse)
	if !ok {
		return nil, f.last.spec.Title + " cannot be undone"
	}
	req := f.last.req
	req.Kind, req.Duration, req.Forever, req.AVMode = inv.Kind, 0, false, backend.AVNone
	return &pendingAction{spec: inv, prov: f.last.prov, req: req, undo: true, lengthOK: true, modeOK: true}, ""
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
