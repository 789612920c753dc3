package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/components"
)

// Interrupted is an action whose process stopped before every user was
// confirmed (a crash, kill -9, a lost SSH server).
type Interrupted struct {
	ID          string
	Actor       string
	Started     time.Time
	App, Room   string
	Kind        backend.ActionKind
	Applied     int
	Failed      int
	Unconfirmed int // users with no recorded outcome
}

// Resumer lists interrupted actions and settles them; the journal is one.
// ResumeRequest returns the action with only the users not yet applied and
// an empty Actor: the console sets its own operator, whose role the engine
// checks.
type Resumer interface {
	Interrupted() ([]Interrupted, error)
	ResumeRequest(id string) (backend.ActionRequest, error)
	MarkResumed(id, newID string) error
	MarkInterrupted(id string) error
}

type (
	interruptedMsg struct {
		list []Interrupted
		err  error
	}
	resumeReadyMsg struct {
		id  string
		req backend.ActionRequest
		err error
	}
	// resumeSettledMsg reports the journal's answer to resumed/dismissed.
	resumeSettledMsg struct {
		id, verb string
		err      error
	}
)

// mayResume says whether this console offers to resume at start: it needs
// a journal, the right to run some action, and to not be read-only.
func (f *actionFlow) mayResume() bool {
	if f.o.Resume == nil || f.o.ReadOnly {
		return false
	}
	for spec := range backend.Actions() {
		if spec.Allowed(f.o.Actor.Role) == nil {
			return true
		}
	}
	return false
}

// mayResumeKind says whether this console's operator may run kind: each
// action's own least role (dismiss needs an admin), from the table.
func (f *actionFlow) mayResumeKind(kind backend.ActionKind) bool {
	spec, ok := backend.Spec(kind)
	return ok && spec.Allowed(f.o.Actor.Role) == nil
}

// loadInterrupted asks the journal for interrupted actions, once, at start.
func (f *actionFlow) loadInterrupted() tea.Cmd {
	if !f.mayResume() {
		return nil
	}
	r := f.o.Resume
	return func() tea.Msg {
		list, err := r.Interrupted()
		return interruptedMsg{list: list, err: err}
	}
}

func (m *Model) onInterrupted(msg interruptedMsg) tea.Cmd {
	if msg.err != nil {
		return m.toastErr("journal: " + errText(msg.err))
	}
	m.interrupted = m.interrupted[:0]
	for _, it := range msg.list {
		if m.mayResumeKind(it.Kind) { // the others are left for an operator who may run them
			m.interrupted = append(m.interrupted, it)
		}
	}
	return m.offerResume()
}

// offerResume opens the dialog for the next interrupted action, unless the
// moderator is busy with another dialog or action (it is offered again when
// that one ends).
func (m *Model) offerResume() tea.Cmd {
	if len(m.interrupted) == 0 || m.modal != nil || m.run != nil || m.draining {
		return nil
	}
	m.modal = m.resumeDialog(m.interrupted[0], len(m.interrupted))
	return nil
}

// Choices of the resume dialog; Later is first so enter alone sends nothing.
const (
	resumeLater = iota
	resumeDismiss
	resumeNow
)

func (f *actionFlow) resumeDialog(it Interrupted, of int) *components.Dialog {
	title := "An action was interrupted"
	if of > 1 {
		title = fmt.Sprintf("%d actions were interrupted", of)
	}
	where := "app " + clean(it.App)
	if it.Room != "" {
		where += ", room " + clean(it.Room)
	}
	body := []string{
		fmt.Sprintf("%s on %s, started %s by %s (%s).", capital(string(it.Kind)), where,
			it.Started.In(f.now.Location()).Format("2006-01-02 15:04:05"), clean(it.Actor), clean(it.ID)),
		fmt.Sprintf("%d applied, %d failed, %d never confirmed: its process stopped first.", it.Applied, it.Failed, it.Unconfirmed),
		"Resume sends it again to the users not yet applied only. Dismiss keeps it in the journal as interrupted.",
	}
	return &components.Dialog{
		Title:   title,
		Body:    body,
		Options: []string{"Later", "Dismiss", "Resume"},
		Cursor:  resumeLater,
		For:     askResume{it},
	}
}

// onResumeChosen acts on the resume dialog's answer for it.
func (m *Model) onResumeChosen(it Interrupted, choice int) tea.Cmd {
	switch choice {
	case resumeDismiss:
		m.interrupted = m.interrupted[1:]
		return m.settleResume(it.ID, "", "dismissed")
	case resumeNow:
		m.interrupted = m.interrupted[1:]
		return m.readResume(it.ID)
	}
	return m.resumeLater()
}

func (m *Model) resumeLater() tea.Cmd {
	n := len(m.interrupted)
	m.interrupted = nil
	return m.toastOK(fmt.Sprintf("%d interrupted action(s) left for later: quell journal --pending lists them", n))
}

func (f *actionFlow) readResume(id string) tea.Cmd {
	r := f.o.Resume
	return func() tea.Msg {
		req, err := r.ResumeRequest(id)
		return resumeReadyMsg{id: id, req: req, err: err}
	}
}

// onResumeReady runs the rebuilt action as this console's operator. The
// dialog was its confirmation, so it launches once the engine has prepared
// it; a refusal (role, unknown app) shows in the failure panel.
func (m *Model) onResumeReady(msg resumeReadyMsg) tea.Cmd {
	if msg.err != nil {
		return m.toastErr("resume " + clean(msg.id) + ": " + errText(msg.err))
	}
	if refusal := m.drainRefusal(); refusal != "" {
		return m.toastErr(refusal)
	}
	if m.run != nil {
		return m.toastErr("an action is still running: resume " + clean(msg.id) + " when it ends (quell journal resume)")
	}
	req := msg.req
	spec, ok := backend.Spec(req.Kind)
	if !ok {
		return m.toastErr("resume " + clean(msg.id) + ": unknown action " + clean(string(req.Kind)))
	}
	if spec.TakesUsers && len(req.Users) == 0 {
		return m.settleResume(msg.id, "", "dismissed (every user was already applied)")
	}
	p, ok := m.provider(req.App)
	if !ok {
		return m.toastErr("resume " + clean(msg.id) + ": no app named " + clean(req.App) + " in this config")
	}
	req.Actor = m.o.Actor
	pa := &pendingAction{spec: spec, prov: p, req: req, lengthOK: true, modeOK: true, resumes: msg.id}
	plan, err := m.o.Engine.Prepare(p, req)
	if err != nil {
		m.failure = failureFromError(pa, err)
		return nil
	}
	pa.plan, pa.call = plan, m.o.Engine.Describe(plan, len(req.Users))
	return m.launch(pa)
}

// settleResume records in the journal that id was resumed as newID, or
// dismissed when newID is "".
func (f *actionFlow) settleResume(id, newID, verb string) tea.Cmd {
	r := f.o.Resume
	return func() tea.Msg {
		var err error
		if newID == "" {
			err = r.MarkInterrupted(id)
		} else {
			err = r.MarkResumed(id, newID)
		}
		return resumeSettledMsg{id: id, verb: verb, err: err}
	}
}

func (m *Model) onResumeSettled(msg resumeSettledMsg) tea.Cmd {
	if msg.err != nil {
		return m.toastErr("journal: " + errText(msg.err))
	}
	return tea.Batch(m.toastOK("interrupted action "+clean(msg.id)+" "+msg.verb), m.offerResume(), m.loadActivity())
}

// afterResumedRun settles the original action once its resumption ran; a
// cancelled resumption leaves it pending, to be resumed again.
func (m *Model) afterResumedRun(pa *pendingAction, res *backend.Result) tea.Cmd {
	if pa.resumes == "" {
		return nil
	}
	if res == nil || res.Cancelled || res.ID == "" {
		return m.offerResume()
	}
	return m.settleResume(pa.resumes, res.ID, "resumed as "+res.ID)
}
