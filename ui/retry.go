package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

// keepRest remembers, after a run, the users it failed for or never
// reached, so one key (km.Retry) runs the same action, with the same
// parameters, on them alone; nil when it reached everyone.
func (f *actionFlow) keepRest(pa *pendingAction, res *backend.Result) {
	f.rest = nil
	if !pa.spec.TakesUsers || res == nil {
		return
	}
	var users, recheck []string
	for _, o := range res.Outcomes {
		switch o.Status {
		case backend.Failed, backend.NotAttempted:
			users = append(users, o.User)
		case backend.Unknown:
			// May have landed: the engine reads them back before sending.
			users = append(users, o.User)
			recheck = append(recheck, o.User)
		}
	}
	if len(users) == 0 {
		return
	}
	req := pa.req
	req.Users, req.Recheck = users, recheck
	f.rest = &pendingAction{spec: pa.spec, prov: pa.prov, req: req, lengthOK: true, modeOK: true, retry: true}
}

// retryHint offers the retry in the failure panel.
func (m *Model) retryHint() string {
	if m.rest == nil || !m.km.Retry.Enabled() {
		return ""
	}
	return fmt.Sprintf("%s retries these %d", m.km.Retry.Help().Key, len(m.rest.req.Users))
}

// retry selects the users the last action did not reach (where its room
// is shown) and opens the same action's confirmation for them.
func (m *Model) retry() tea.Cmd {
	switch {
	case m.o.ReadOnly:
		return m.toastErr("read-only mode: no actions")
	case m.rest == nil:
		return m.toastErr("nothing to retry: the last action reached everyone it was sent to")
	case m.drainRefusal() != "":
		return m.toastErr(m.drainRefusal())
	case m.busy() != "":
		return m.toastErr(m.busy())
	}
	// A copy: cancelling the confirmation leaves the retry on offer.
	pa := *m.rest
	pa.req.Users = append([]string(nil), m.rest.req.Users...)
	pa.req.Recheck = append([]string(nil), m.rest.req.Recheck...)
	if s := m.top(); s.userRows() && s.target.App == pa.req.App && s.target.Room == pa.req.Room {
		l := s.list()
		l.MarkOnly(pa.req.Users)
		pa.hidden, pa.scrolled = l.MarkedUnseen()
	}
	m.failure = nil
	pa.scope, _ = m.gather(pa.req.App, pa.req.Room)
	return m.advance(&pa)
}
