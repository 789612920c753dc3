package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/components"
)

// pendingAction is an action being put together: the dialogs fill its
// request one step at a time, then it is prepared, confirmed and run.
type pendingAction struct {
	spec     backend.ActionSpec
	prov     backend.Provider
	req      backend.ActionRequest
	hidden   []string    // selected users the filter hides (or gone from the list)
	scrolled []string    // selected users shown but scrolled out of view
	staff    []staffUser // selected users who are the room's owner or admins
	scope    scope       // the room's name and size, for the confirmation
	// staffChosen: the moderator chose to act with or without the owner
	// and admins; confirmed: the confirmation was answered.
	staffChosen, confirmed bool
	leftOut                int        // owner/admins the moderator chose to leave out
	elsewhere              bool       // an undo asked from outside its room's view
	retry                  bool       // the last action again, on the users it did not reach
	batch                  *roomBatch // the rooms marked in the rooms list, one run each
	lengthOK               bool       // mute: a length was chosen
	modeOK                 bool       // block: what to block was chosen
	plan                   *backend.Plan
	call                   string // the vendor call, worded for the confirmation
	undo                   bool   // this undoes the previous action
	undoes                 string // the title of the action undone: "mute"
	resumes                string // journal ID of the interrupted action this resumes
}

// lastAction is what `z` undoes.
type lastAction struct {
	spec   backend.ActionSpec
	prov   backend.Provider
	req    backend.ActionRequest // with Users narrowed to those applied
	noUndo string                // set when the action has no inverse
}

// startAction checks that the action may run here, collects its targets and
// opens its first dialog. Every refusal says why.
func (m *Model) startAction(spec backend.ActionSpec) tea.Cmd { return m.startActionOn(spec, nil) }

// startActionOn is startAction on users of the screen named (the detail
// pane's user); nil takes the selection.
func (m *Model) startActionOn(spec backend.ActionSpec, users []string) tea.Cmd {
	s := m.top()
	if s.app == nil && s.target.App != "" {
		// An outcome from a shared journal: its app is another console's.
		return m.toastErr(spec.Title + ": this console has no app named " + clean(s.target.App))
	}
	if spec.TakesUsers && !s.userRows() {
		return m.nameTarget(spec)
	}
	if def := s.def(); !def.Offers(spec.Kind) {
		return m.toastErr(fmt.Sprintf("%s is not offered in the %s view", spec.Title, s.kind))
	}
	if refusal := m.refusal(spec, m.helpContext()); refusal != "" {
		return m.toastErr(refusal)
	}
	if s.app == nil {
		return m.toastErr(spec.Title + ": open an app first")
	}
	pa := &pendingAction{spec: spec, prov: s.app, req: backend.ActionRequest{
		App: s.appName(), Room: s.target.Room, Kind: spec.Kind, Owner: s.target.Owner, Actor: m.o.Actor,
	}}
	l := s.list()
	if spec.TakesUsers {
		pa.req.Users = l.Selected()
		pa.hidden, pa.scrolled = l.MarkedUnseen()
		if l.AllShownMarked() {
			pa.scrolled = nil // "all of the room" (or of the filter) says it
		}
		if users != nil { // the pane's user, not the marks behind it
			pa.req.Users, pa.hidden, pa.scrolled = users, nil, nil
		}
		if len(pa.req.Users) == 0 {
			return m.toastErr("no user here to " + spec.Title)
		}
	} else if s.def().RoomRows { // a room action from the rooms list: the marked rooms, else the cursor's
		if marked := l.Marked(); len(marked) > 0 {
			pa.req.Room = marked[0]
			if len(marked) > 1 {
				pa.batch = &roomBatch{rooms: marked, names: map[string]string{}}
				for _, r := range s.data.Rooms {
					pa.batch.names[r.ID] = r.Name
				}
			}
		} else if row, ok := l.CursorRow(); ok {
			pa.req.Room = row.ID
		} else {
			return m.toastErr("no room under the cursor")
		}
	}
	if !spec.TakesUsers && pa.req.Room == "" {
		return m.toastErr(spec.Title + " acts on a room: open or select a room first")
	}
	m.consequences(pa)
	return m.advance(pa)
}

// refusal is why spec may not start now in ctx; "" when it may.
func (m *Model) refusal(spec backend.ActionSpec, ctx keys.HelpContext) string {
	if ok, why := keys.Offered(spec, ctx); !ok {
		return why
	}
	if refusal := m.drainRefusal(); refusal != "" {
		return refusal
	}
	return m.busy()
}

// nameTarget answers a user action's key where no user is shown (the apps,
// a room list): the command line opens with the action's command typed, to
// name the room and users (`:mute ROOM USER… [DURATION]`). A refusal that
// holds wherever the users are (read-only, role) is said at once.
func (m *Model) nameTarget(spec backend.ActionSpec) tea.Cmd {
	anywhere := keys.HelpContext{ReadOnly: m.o.ReadOnly, Role: m.o.Actor.Role, Scope: keys.ScopeUsers | keys.ScopeRoom,
		Caps: backend.NewCapabilities([]backend.Capability{spec.Needs}, nil)}
	if refusal := m.refusal(spec, anywhere); refusal != "" {
		return m.toastErr(refusal)
	}
	m.cmdline = components.NewCmdLine(m.st, commandIDs())
	m.cmdline.SetValue(string(spec.Kind) + " ")
	return nil
}

// consequences fills in what the confirmation says of the action's reach:
// the room's name and size, and which selected users are its owner or
// admins (for an action that spares them).
func (m *Model) consequences(pa *pendingAction) {
	var roles map[string]string
	pa.scope, roles = m.gather(pa.req.App, pa.req.Room)
	if !pa.spec.SparesStaff {
		return
	}
	pa.staff = nil
	for _, u := range pa.req.Users {
		if r, ok := roles[u]; ok {
			pa.staff = append(pa.staff, staffUser{id: u, role: r})
		}
	}
}

// advance opens the next dialog the action needs, or runs it once nothing
// is missing; a refusal from the engine shows in the failure panel.
func (m *Model) advance(pa *pendingAction) tea.Cmd {
	d, err := m.next(pa)
	switch {
	case err != nil:
		m.failure = failureFromError(pa, err)
	case d != nil:
		m.modal = d
	default:
		return m.launch(pa)
	}
	return nil
}

// launch runs the action in the background; its progress and result come
// back as messages.
func (m *Model) launch(pa *pendingAction) tea.Cmd {
	if refusal := m.drainRefusal(); refusal != "" {
		return m.toastErr(refusal) // a confirmation answered as the shutdown arrived
	}
	m.failure = nil
	if pa.batch != nil {
		pa.batch.next = 1 // pa.req.Room is the first
	}
	return m.begin(pa)
}

// onDone shows the result: rows patched at once, a toast when all went
// well, a failure panel that stays when not, and the undo for `z`.
func (m *Model) onDone(msg actionDoneMsg) tea.Cmd {
	pa, ok := m.end(msg)
	if !ok {
		return nil
	}
	if msg.err != nil {
		m.o.Logger.Warn("action refused", "action", pa.spec.Name, "err", errText(msg.err))
		if pa.batch != nil {
			return m.batchStep(pa, nil, msg.err)
		}
		m.failure = failureFromError(pa, msg.err)
		return m.afterResumedRun(pa, nil)
	}
	res := msg.res
	m.acts.record(res)
	applied := make([]string, 0, res.Applied)
	for _, o := range res.Outcomes {
		if o.Status == backend.Applied {
			applied = append(applied, o.User)
		}
	}
	m.patchApplied(pa, applied)
	if pa.spec.EndsRoom && len(applied) > 0 {
		m.leaveDismissed(pa.req.App, pa.req.Room)
	}
	m.remember(pa, applied)
	m.keepRest(pa, res)
	m.o.Logger.Info("action finished", "action", pa.spec.Name, "applied", res.Applied, "failed", res.Failed,
		"not_attempted", res.NotAttempted, "unknown", res.Unknown, "cancelled", res.Cancelled)

	var toast, next tea.Cmd
	switch {
	case pa.batch != nil:
		next = m.batchStep(pa, res, nil) // the next room, or the batch's summary
	case res.Failed > 0 || res.NotAttempted > 0 || res.Unknown > 0:
		m.failure = failureFromResult(pa, res)
		m.failure.Retry = m.retryHint()
	default:
		toast = m.toastOK(successText(pa, res))
	}
	if res.RecordErr != nil {
		// The vendor has the action but the journal may not: the moderator
		// must know the activity log (and other consoles) may lack it.
		m.o.Logger.Warn("journal failed to record an action", "action", pa.spec.Name, "err", errText(res.RecordErr))
		toast = m.toastErr(recordErrText(res.RecordErr))
	}
	// The next refresh confirms the optimistic rows; ask for it now.
	m.refreshGen++
	return tea.Batch(toast, next, m.load(m.top()), m.loadActivity(), m.refreshTick(), m.afterResumedRun(pa, res))
}

func successText(pa *pendingAction, res *backend.Result) string {
	verb := pa.spec.Verb
	if pa.undo {
		verb = "undone: " + verb
	}
	if !pa.spec.TakesUsers {
		return fmt.Sprintf("%s room %s", verb, clean(pa.req.Room))
	}
	where := ""
	if pa.req.Room != "" {
		where = " in " + clean(pa.req.Room)
	}
	if pa.spec.NeedsOwner {
		where = " of " + clean(pa.req.Owner)
	}
	return fmt.Sprintf("%s %s%s", verb, countUsers(res.Applied), where)
}

// recordErrText warns that the journal failed to record an outcome.
func recordErrText(err error) string {
	return "journal failed to record this action's outcome (" + errText(err) +
		"): the activity log may lack it; the vendor has what the panel shows"
}

func countUsers(n int) string {
	if n == 1 {
		return "1 user"
	}
	return fmt.Sprintf("%d users", n)
}

// undo runs the inverse of the last action on the users it reached.
func (m *Model) undo() tea.Cmd {
	pa, refusal := m.undoAction()
	if refusal != "" {
		return m.toastErr(refusal)
	}
	// Away from the room it acted in, the moderator may have forgotten what
	// z undoes: it says what and where, and asks.
	t := m.top().target
	pa.elsewhere = t.App != pa.req.App || t.Room != pa.req.Room
	pa.scope, _ = m.gather(pa.req.App, pa.req.Room)
	return m.advance(pa)
}
