package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
	"github.com/quell-console/quell/ui/components"
)

// listUsers is how many users a failure panel names before "+N more".
const listUsers = 8

func (m *Model) toastOK(s string) tea.Cmd {
	m.toast.Show(s, false, m.now)
	return nil
}

func (m *Model) toastErr(s string) tea.Cmd {
	m.toast.Show(s, true, m.now)
	return nil
}

// clean is textsafe.Clean: every provider string passes through it before
// it is drawn or logged.
func clean(s string) string { return textsafe.Clean(s) }

// errText is an error made safe to draw: vendor messages are attacker
// controlled.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return clean(err.Error())
}

func setVendor(f *components.Failure, ve *backend.VendorError) {
	f.Code = clean(ve.Code)
	f.Meaning = clean(ve.Meaning)
	if f.Meaning == "" {
		f.Meaning = clean(ve.Message)
	}
	f.Next = clean(ve.NextStep)
	f.RequestID = clean(ve.RequestID)
}

// failureFromError explains an action refused before anything was sent.
func failureFromError(pa *pendingAction, err error) *components.Failure {
	f := &components.Failure{Title: fmt.Sprintf("%s refused: nothing was sent", pa.spec.Title)}
	var ve *backend.VendorError
	var ie *backend.InputError
	var ue *backend.UnsupportedError
	var re *backend.RoleError
	switch {
	case errors.As(err, &ve):
		setVendor(f, ve)
	case errors.As(err, &ie):
		f.Code = "input"
		f.Meaning = clean(ie.Field + " " + strings.TrimSpace(fmt.Sprintf("%q", ie.Value)) + ": " + ie.Problem)
		f.Next = clean(ie.Fix)
	case errors.As(err, &ue):
		f.Code = "unsupported"
		f.Meaning = clean(ue.Why)
	case errors.As(err, &re):
		f.Code = "role"
		f.Meaning = clean(re.Error())
		f.Next = "ask an admin"
	default:
		f.Meaning = errText(err)
	}
	return f
}

// unknownText is how the console names users whose call got no answer.
const unknownText = "unknown — may have been applied"

// failureFromResult explains an action that failed for some users, was
// cancelled before reaching them all, or got no answer for some. Users are
// listed surely-not-reached first, then failed, then unknown: a call sent
// with no answer (cut off in flight, timed out) may have been applied by
// the vendor, and where the vendor could list the state the engine has
// already read it back, so those left are ones nobody can tell.
func failureFromResult(pa *pendingAction, res *backend.Result) *components.Failure {
	f := &components.Failure{}
	n := len(res.Outcomes)
	switch {
	case res.Cancelled:
		f.Title = fmt.Sprintf("%s cancelled: %d of %d not reached", pa.spec.Title, res.NotAttempted, n)
		if res.Failed > 0 {
			f.Title += fmt.Sprintf(", %d failed", res.Failed)
		}
	case res.Failed+res.NotAttempted > 0:
		f.Title = fmt.Sprintf("%s failed for %d of %d", pa.spec.Title, res.Failed+res.NotAttempted, n)
	default:
		f.Title = fmt.Sprintf("%s: no answer for %d of %d", pa.spec.Title, res.Unknown, n)
	}
	if res.Unknown > 0 {
		f.Title += fmt.Sprintf(", %d %s", res.Unknown, unknownText)
	}
	list := func(o backend.UserOutcome) {
		if f.Code == "" && o.Err != nil && o.Status != backend.Unknown && o.Err.Code != "cancelled" {
			setVendor(f, o.Err)
			if f.RequestID == "" {
				f.RequestID = clean(o.RequestID)
			}
		}
		if len(f.Users) < listUsers {
			f.Users = append(f.Users, clean(o.User))
		} else {
			f.More++
		}
	}
	for _, status := range []backend.OutcomeStatus{backend.NotAttempted, backend.Failed, backend.Unknown} {
		for _, o := range res.Outcomes {
			if o.Status == status {
				list(o)
			}
		}
	}
	switch {
	case f.Code == "" && res.Cancelled:
		f.Code, f.Meaning, f.Next = "cancelled", "stopped before these users were sent", "run the action again for them"
	case f.Code == "" && res.Unknown > 0:
		f.Code, f.Meaning = "unknown", "no answer came: the vendor may have applied it, and cannot list this state"
		f.Next = "retry reads the state back first where the vendor lists it"
	}
	return f
}
