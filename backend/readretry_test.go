package backend

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

// fastReads retries like the default policy but without the wait.
var fastReads = ReadPolicy{Attempts: 5, Base: time.Microsecond, Max: time.Microsecond}

func TestReadPolicyRetriesTransientAnswers(t *testing.T) {
	auth := &VendorError{Code: "AuthFailure.SignatureFailure"}
	cases := []struct {
		name      string
		errs      []error // answers in order; nil is success
		wantCalls int
		wantErr   error
	}{
		{"gateway 502 then success", []error{&HTTPStatusError{Status: 502}, nil}, 2, nil},
		{"gateway 429", []error{&HTTPStatusError{Status: 429}, nil}, 2, nil},
		{"rate limit code", []error{&VendorError{Code: "RequestLimitExceeded", Retryable: true}, nil}, 2, nil},
		{"vendor 5xx status", []error{&VendorError{Code: "HTTP 503", HTTPStatus: 503}, nil}, 2, nil},
		{"dropped connection", []error{io.ErrUnexpectedEOF, io.EOF, nil}, 3, nil},
		{"auth error is final", []error{auth, nil}, 1, auth},
		{"gateway 404 is final", []error{&HTTPStatusError{Status: 404}, nil}, 1, &HTTPStatusError{}},
		{"gives up after Attempts", []error{io.EOF, io.EOF, io.EOF, io.EOF, io.EOF, nil}, 5, io.EOF},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls, paced := 0, 0
			err := fastReads.Do(context.Background(),
				func(context.Context) error { paced++; return nil },
				func(context.Context) error { calls++; return c.errs[calls-1] })
			if calls != c.wantCalls || paced != calls {
				t.Errorf("%d calls, %d paced; want %d of each", calls, paced, c.wantCalls)
			}
			switch {
			case c.wantErr == nil && err != nil:
				t.Errorf("err %v", err)
			case c.wantErr != nil && (err == nil || errors.Is(c.wantErr, io.EOF) && !errors.Is(err, io.EOF)):
				t.Errorf("err %v, want %v", err, c.wantErr)
			}
		})
	}
}

// A read ends with ctx: no retry after it, and the vendor's last answer is
// what the caller sees.
func TestReadPolicyHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	slow := ReadPolicy{Attempts: 5, Base: time.Hour, Max: time.Hour}
	calls := 0
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	start := time.Now()
	err := slow.Do(ctx, nil, func(context.Context) error { calls++; return &HTTPStatusError{Status: 502} })
	var he *HTTPStatusError
	if calls != 1 || !errors.As(err, &he) || time.Since(start) > 10*time.Second {
		t.Errorf("%d calls, err %v after %v", calls, err, time.Since(start))
	}
	// A pacer refusing (ctx gone) before the first call returns its error.
	err = fastReads.Do(ctx, func(ctx context.Context) error { return ctx.Err() }, func(context.Context) error { calls++; return nil })
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("after cancel: err %v, %d calls", err, calls)
	}
}

func TestBackoffDelayGrowsToItsCeiling(t *testing.T) {
	base, ceil := 100*time.Millisecond, 400*time.Millisecond
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: ceil, 9: ceil} {
		for range 20 {
			if d := backoffDelay(n, base, ceil); d < want/2 || d > want {
				t.Fatalf("retry %d: %v, want within [%v, %v]", n, d, want/2, want)
			}
		}
	}
}
