package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// failure is the panel that stays on screen after an action failed for some
// users or was refused: what went wrong, what the code means, what to do,
// and the RequestId to quote to the vendor. esc closes it; the activity view
// keeps every outcome.
type failure struct {
	title     string
	code      string
	meaning   string
	next      string
	requestID string
	users     []string // sanitized: who failed or was not reached
	more      int      // users beyond those listed
}

// toast is a short message that leaves by itself.
type toast struct {
	text  string
	err   bool
	until time.Time
}

const (
	toastOK   = 3 * time.Second
	toastErr  = 6 * time.Second
	listUsers = 8 // users named in a failure panel before "+N more"
)

func (m *Model) toastOK(s string) tea.Cmd {
	m.toast = &toast{text: s, until: m.now.Add(toastOK)}
	return nil
}

func (m *Model) toastErr(s string) tea.Cmd {
	m.toast = &toast{text: s, err: true, until: m.now.Add(toastErr)}
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

func (f *failure) setVendor(ve *backend.VendorError) {
	f.code = clean(ve.Code)
	f.meaning = clean(ve.Meaning)
	if f.meaning == "" {
		f.meaning = clean(ve.Message)
	}
	f.next = clean(ve.NextStep)
	f.requestID = clean(ve.RequestID)
}

// failureFromError explains an action refused before anything was sent.
func failureFromError(pa *pendingAction, err error) *failure {
	f := &failure{title: fmt.Sprintf("%s refused: nothing was sent", pa.spec.Title)}
	var ve *backend.VendorError
	var ie *backend.InputError
	var ue *backend.UnsupportedError
	var re *backend.RoleError
	switch {
	case errors.As(err, &ve):
		f.setVendor(ve)
	case errors.As(err, &ie):
		f.code = "input"
		f.meaning = clean(ie.Field + " " + strings.TrimSpace(fmt.Sprintf("%q", ie.Value)) + ": " + ie.Problem)
		f.next = clean(ie.Fix)
	case errors.As(err, &ue):
		f.code = "unsupported"
		f.meaning = clean(ue.Why)
	case errors.As(err, &re):
		f.code = "role"
		f.meaning = clean(re.Error())
		f.next = "ask an admin"
	default:
		f.meaning = errText(err)
	}
	return f
}

// failureFromResult explains an action that failed for some users or was
// cancelled before reaching them all.
func failureFromResult(pa *pendingAction, res *backend.Result) *failure {
	f := &failure{}
	switch {
	case res.Cancelled:
		f.title = fmt.Sprintf("%s cancelled: %d of %d not reached", pa.spec.Title, res.NotAttempted, len(res.Outcomes))
		if res.Failed > 0 {
			f.title += fmt.Sprintf(", %d failed", res.Failed)
		}
	default:
		f.title = fmt.Sprintf("%s failed for %d of %d", pa.spec.Title, res.Failed+res.NotAttempted, len(res.Outcomes))
	}
	for _, o := range res.Outcomes {
		if o.Status == backend.Applied {
			continue
		}
		if f.code == "" && o.Err != nil && o.Status == backend.Failed {
			f.setVendor(o.Err)
			if f.requestID == "" {
				f.requestID = clean(o.RequestID)
			}
		}
		if len(f.users) < listUsers {
			f.users = append(f.users, clean(o.User))
		} else {
			f.more++
		}
	}
	if f.code == "" && res.Cancelled {
		f.code, f.meaning, f.next = "cancelled", "stopped before these users were sent", "run the action again for them"
	}
	return f
}
