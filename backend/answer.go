package backend

import (
	"errors"
	"fmt"
	"io"
)

// MaxAnswerBytes bounds one vendor answer. The largest documented page is a
// few hundred kilobytes (Chat's 10,000-group list, ZEGO's 10,000-group
// list with names); an endpoint that answers more is not the vendor, or is
// broken, and is refused rather than read into memory.
const MaxAnswerBytes = 8 << 20

// AnswerTooLargeError is an answer refused for its size.
type AnswerTooLargeError struct{ Limit int64 }

func (e *AnswerTooLargeError) Error() string {
	return fmt.Sprintf("answer larger than %d MB refused", e.Limit>>20)
}

// ReadAnswer reads r whole when it holds at most limit bytes. A longer
// answer fails with *AnswerTooLargeError after limit+1 bytes: it is never
// truncated into something that might still parse.
func ReadAnswer(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(LimitBody(io.NopCloser(r), limit))
	if err != nil {
		return nil, err
	}
	return data, nil
}

// LimitBody wraps an answer's body for a reader quell does not control (the
// TRTC SDK reads its own): reading past limit fails with
// *AnswerTooLargeError instead of going on.
func LimitBody(body io.ReadCloser, limit int64) io.ReadCloser {
	return &limitedBody{body: body, left: limit, limit: limit}
}

type limitedBody struct {
	body  io.ReadCloser
	left  int64 // bytes still allowed
	limit int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &AnswerTooLargeError{Limit: l.limit}
	}
	// Ask for one byte more than allowed, to tell "ends at the limit" from
	// "goes on past it".
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.body.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, &AnswerTooLargeError{Limit: l.limit}
	}
	return n, err
}

func (l *limitedBody) Close() error { return l.body.Close() }

// AnswerTooLarge is the VendorError for an answer refused for its size, or
// nil when err is not one.
func AnswerTooLarge(p ProviderKind, call string, err error) *VendorError {
	var tl *AnswerTooLargeError
	if !errors.As(err, &tl) {
		return nil
	}
	return &VendorError{Provider: p, Call: call, Code: "answer-too-large", Message: tl.Error(),
		Meaning:  tl.Error() + ": no documented answer is that big",
		NextStep: "check that endpoint in the config points at the vendor; if it does, report it with the time"}
}
