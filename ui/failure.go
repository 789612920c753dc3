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

// failureFromResult explains an action that failed for some users or was
// cancelled before reaching them all. Users are listed surely-not-reached
// first: a call cancelled in flight (code "cancelled" on a failed outcome)
// may have been applied by the vendor, so those users come after and the
// title says how many are unknown rather than calling them not reached.
func failureFromResult(pa *pendingAction, res *backend.Result) *components.Failure {
	f := &components.Failure{}
	inFlight := 0
	for _, o := range res.Outcomes {
		if cancelledInFlight(o) {
			inFlight++
		}
	}
	switch {
	case res.Cancelled:
		f.Title = fmt.Sprintf("%s cancelled: %d of %d not reached", pa.spec.Title, res.NotAttempted, len(res.Outcomes))
		if inFlight > 0 {
			f.Title += fmt.Sprintf(", %d unknown (sent before the cancel: may have landed)", inFlight)
		}
		if failed := res.Failed - inFlight; failed > 0 {
			f.Title += fmt.Sprintf(", %d failed", failed)
		}
	default:
		f.Title = fmt.Sprintf("%s failed for %d of %d", pa.spec.Title, res.Failed+res.NotAttempted, len(res.Outcomes))
	}
	list := func(o backend.UserOutcome) {
		if f.Code == "" && o.Err != nil && o.Status == backend.Failed && !cancelledInFlight(o) {
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
	for _, o := range res.Outcomes { // never sent
		if o.Status == backend.NotAttempted {
			list(o)
		}
	}
	for _, o := range res.Outcomes { // failed, then those whose answer never came
		if o.Status == backend.Failed && !cancelledInFlight(o) {
			list(o)
		}
	}
	for _, o := range res.Outcomes {
		if cancelledInFlight(o) {
			list(o)
		}
	}
	if f.Code == "" && res.Cancelled {
		f.Code, f.Meaning, f.Next = "cancelled", "stopped before these users were sent", "run the action again for them"
	}
	return f
}

// cancelledInFlight is an outcome whose call was sent and then cancelled
// before its answer came: the vendor may have applied it.
func cancelledInFlight(o backend.UserOutcome) bool {
	return o.Status == backend.Failed && o.Err != nil && o.Err.Code == "cancelled"
}
