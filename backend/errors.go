package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
)

// VendorError is an error answered by a vendor API, explained for a moderator.
// Message is the vendor's own text (sanitized by whoever shows it); Meaning
// and NextStep come from the provider's code table.
type VendorError struct {
	Provider   ProviderKind
	Call       string // vendor action / command, e.g. "SetUserBlocked"
	Code       string // "FailedOperation.UserNotExist", "10004", "660800041"
	Message    string
	Meaning    string // what the code means, for a moderator
	NextStep   string // what to do about it
	RequestID  string
	HTTPStatus int
	Retryable  bool // rate limit, internal error, busy: worth another try
}

func (e *VendorError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", e.Provider, e.Call, e.Code)
	if e.Meaning != "" {
		fmt.Fprintf(&b, " (%s)", e.Meaning)
	} else if e.Message != "" {
		fmt.Fprintf(&b, " (%s)", e.Message)
	}
	if e.NextStep != "" {
		fmt.Fprintf(&b, "; %s", e.NextStep)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [RequestId %s]", e.RequestID)
	}
	return b.String()
}

// InputError is bad input caught before any request: it names the field and
// the fix.
type InputError struct {
	Field   string // "room", "users[3]", "--for", "owner"
	Value   string // the offending value (never a secret), may be empty
	Problem string
	Fix     string
}

func (e *InputError) Error() string {
	s := e.Field
	if e.Value != "" {
		s += fmt.Sprintf(" %q", e.Value)
	}
	s += ": " + e.Problem
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

// UnsupportedError is an action the room kind cannot do.
type UnsupportedError struct {
	App    string
	Action ActionKind
	Why    string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%s on app %s: not supported: %s", e.Action, e.App, e.Why)
}

// RoleError is an action above the operator's role.
type RoleError struct {
	Action ActionKind
	Have   Role
	Need   Role
}

func (e *RoleError) Error() string {
	return fmt.Sprintf("%s needs the %s role; you are %s", e.Action, e.Need, e.Have)
}

// IsInputError reports whether err is bad input (no request was sent).
func IsInputError(err error) bool {
	var ie *InputError
	var ue *UnsupportedError
	var re *RoleError
	return errors.As(err, &ie) || errors.As(err, &ue) || errors.As(err, &re)
}

// Retryable reports whether err is worth another try: vendor rate limits and
// internal errors, HTTP 5xx, timeouts and connection resets. Auth and
// parameter errors never are, nor is a cancelled context.
func Retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var ve *VendorError
	if errors.As(err, &ve) {
		return ve.Retryable || ve.HTTPStatus >= 500
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// HTTPStatusError is a non-200 answer with no vendor envelope (a gateway 5xx).
type HTTPStatusError struct {
	Call   string
	Status int
	Body   string // first bytes, sanitized by whoever shows it
}

func (e *HTTPStatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d", e.Call, e.Status)
}

// AsVendorError converts any error into a VendorError for outcome reporting,
// so every failed user carries a code and meaning.
func AsVendorError(p ProviderKind, call string, err error) *VendorError {
	var ve *VendorError
	if errors.As(err, &ve) {
		return ve
	}
	var he *HTTPStatusError
	if errors.As(err, &he) {
		return &VendorError{Provider: p, Call: call, Code: fmt.Sprintf("HTTP %d", he.Status), HTTPStatus: he.Status,
			Meaning: "the vendor's gateway failed", NextStep: "retry later", Retryable: he.Status >= 500}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &VendorError{Provider: p, Call: call, Code: "cancelled", Meaning: "cancelled before an answer came", NextStep: "run it again for these users"}
	case Retryable(err):
		return &VendorError{Provider: p, Call: call, Code: "network", Message: err.Error(), Meaning: "no answer from the vendor (timeout or connection reset)",
			NextStep: "check the network and retry", Retryable: true}
	}
	return &VendorError{Provider: p, Call: call, Code: "error", Message: err.Error()}
}

// Indeterminate reports whether err leaves open whether the vendor applied
// the call: the request may have been written and no answer came back. That
// is a timeout, a connection closed or reset after sending, the caller's
// context ending while the call was in flight, or a gateway's 502 or 504
// (it may have passed the request on before failing). A vendor's own error
// answer is definite, and so is a connection never made (refused, no route,
// a DNS failure): nothing was sent.
func Indeterminate(err error) bool {
	if err == nil || NeverSent(err) {
		return false
	}
	var ve *VendorError
	if errors.As(err, &ve) {
		// Only a gateway's status: a vendor's envelope is its answer.
		return ve.HTTPStatus == 502 || ve.HTTPStatus == 504
	}
	var he *HTTPStatusError
	if errors.As(err, &he) {
		return he.Status == 502 || he.Status == 504
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// NeverSent reports whether err shows the request never left: the
// connection could not be made, so the vendor cannot have applied it.
func NeverSent(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}

// Redacted returns err with clean applied to the vendor text it carries (a
// VendorError's message, code and RequestId, an HTTPStatusError's body,
// wherever they sit in its chain) and to its message, so nothing a provider
// returns can show a secret a server echoed. errors.Is and errors.As still
// find what they found.
func Redacted(err error, clean func(string) string) error {
	if err == nil {
		return nil
	}
	walkChain(err, func(e error) {
		switch v := e.(type) {
		case *VendorError:
			v.Message, v.Code, v.RequestID = clean(v.Message), clean(v.Code), clean(v.RequestID)
		case *HTTPStatusError:
			v.Body = clean(v.Body)
		}
	})
	if msg := err.Error(); clean(msg) != msg {
		return &redactedError{msg: clean(msg), err: err}
	}
	return err
}

func walkChain(err error, fn func(error)) {
	for depth := 0; err != nil && depth < 100; depth++ {
		fn(err)
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walkChain(e, fn)
			}
			return
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return
		}
	}
}

// redactedError is an error whose message held a secret.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Redacting returns p with every answer of Exec passed through Redacted and
// clean (the call's error, each user's failure, the RequestId), so a
// provider's per-user reasons are redacted like its errors. A nil p stays
// nil.
func (p *Plan) Redacting(clean func(string) string) *Plan {
	if p == nil || p.Exec == nil {
		return p
	}
	exec := p.Exec
	out := *p
	out.Exec = func(ctx context.Context, users []string) BatchResult {
		res := exec(ctx, users)
		res.RequestID = clean(res.RequestID)
		res.Err = Redacted(res.Err, clean)
		for _, ve := range res.Failed {
			_ = Redacted(ve, clean) // a VendorError is redacted in place
		}
		return res
	}
	return &out
}
