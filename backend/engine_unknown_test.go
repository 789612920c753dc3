package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

// timeoutErr is what net/http returns when the client's Timeout ends a
// call whose request was written: the vendor may have applied it.
var timeoutErr = &url.Error{Op: "Post", URL: "http://vendor/", Err: &net.OpError{Op: "read", Net: "tcp", Err: errTimeout{}}}

type errTimeout struct{}

func (errTimeout) Error() string   { return "i/o timeout" }
func (errTimeout) Timeout() bool   { return true }
func (errTimeout) Temporary() bool { return true }

func TestIndeterminate(t *testing.T) {
	cases := []struct {
		name      string
		err       error
		unsure    bool
		neverSent bool
	}{
		{"client timeout after writing", timeoutErr, true, false},
		{"deadline", context.DeadlineExceeded, true, false},
		{"cancelled in flight", fmt.Errorf("post: %w", context.Canceled), true, false},
		{"connection closed with no answer", &url.Error{Op: "Post", Err: io.EOF}, true, false},
		{"reset", &net.OpError{Op: "read", Err: syscall.ECONNRESET}, true, false},
		{"gateway 502", &HTTPStatusError{Status: 502}, true, false},
		{"gateway 504 as vendor error", &VendorError{Code: "HTTP 504", HTTPStatus: 504}, true, false},
		{"gateway 503", &HTTPStatusError{Status: 503}, false, false},
		{"vendor answer", &VendorError{Code: "70500", Retryable: true}, false, false},
		{"refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, false, true},
		{"dns", &url.Error{Op: "Post", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host"}}}, false, true},
		{"plain", errors.New("boom"), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Indeterminate(c.err); got != c.unsure {
				t.Errorf("Indeterminate = %v, want %v", got, c.unsure)
			}
			if got := NeverSent(c.err); got != c.neverSent {
				t.Errorf("NeverSent = %v, want %v", got, c.neverSent)
			}
		})
	}
}

// vendorState is a fake vendor's list: who the action holds for. A call
// that "lands" applies before its answer is lost.
type vendorState struct {
	mu      sync.Mutex
	held    map[string]int // user → times applied
	reads   int
	readErr error
}

func (v *vendorState) apply(us []string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.held == nil {
		v.held = map[string]int{}
	}
	for _, u := range us {
		v.held[u]++
	}
}

func (v *vendorState) verify(_ context.Context, us []string, _ time.Time) (map[string]bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.reads++
	if v.readErr != nil {
		return nil, v.readErr
	}
	out := map[string]bool{}
	for _, u := range us {
		out[u] = v.held[u] > 0
	}
	return out, nil
}

// verifying wraps f's plan with v's read-back.
type verifying struct {
	*fakeProvider
	v *vendorState
}

func (p verifying) Plan(req ActionRequest) (*Plan, error) {
	plan, err := p.fakeProvider.Plan(req)
	if err == nil {
		plan.Verify = p.v.verify
	}
	return plan, err
}

func TestRunTimeoutIsUnknownNeverFailed(t *testing.T) {
	f := newFake(10, 1000)
	f.answer = func(int, []string) BatchResult { return BatchResult{Err: timeoutErr} }
	res, err := fastEngine().Run(context.Background(), f, modReq(ActKick, "a", "b"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unknown != 2 || res.Failed != 0 || res.Applied != 0 {
		t.Fatalf("unknown %d failed %d applied %d, want 2 0 0", res.Unknown, res.Failed, res.Applied)
	}
	for _, o := range res.Outcomes {
		if o.Status != Unknown || o.Err == nil || o.Attempts != DefaultMaxAttempts {
			t.Fatalf("outcome %+v", o)
		}
	}
}

func TestRunUnknownStaysUnknownAfterALaterDefiniteError(t *testing.T) {
	// The first call timed out (it may have landed); the retry is refused
	// outright. The refusal says nothing of the first call.
	f := newFake(10, 1000)
	f.answer = func(call int, _ []string) BatchResult {
		if call == 0 {
			return BatchResult{Err: timeoutErr}
		}
		return BatchResult{Err: &VendorError{Code: "10004"}}
	}
	res, _ := fastEngine().Run(context.Background(), f, modReq(ActKick, "a"), nil)
	if o := res.Outcomes[0]; o.Status != Unknown || o.Err.Code != "10004" {
		t.Fatalf("outcome %+v", o)
	}
}

func TestRunConnectionRefusedEveryTimeIsNotAttempted(t *testing.T) {
	f := newFake(10, 1000)
	f.answer = func(int, []string) BatchResult {
		return BatchResult{Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}
	}
	res, _ := fastEngine().Run(context.Background(), f, modReq(ActKick, "a"), nil)
	if res.NotAttempted != 1 || res.Failed != 0 || res.Unknown != 0 {
		t.Fatalf("result %+v", res)
	}
}

func TestRunRetryAfterTimeoutReadsBackFirst(t *testing.T) {
	f := newFake(2, 1000)
	v := &vendorState{}
	f.answer = func(call int, us []string) BatchResult {
		v.apply(us) // every call lands
		if call == 0 {
			return BatchResult{Err: timeoutErr} // ... but the first answer is lost
		}
		return BatchResult{RequestID: "r" + itoa(call)}
	}
	res, err := fastEngine().Run(context.Background(), verifying{f, v}, modReq(ActMute, "a", "b", "c"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 3 || res.Unknown != 0 || res.Verified != 2 {
		t.Fatalf("applied %d unknown %d verified %d", res.Applied, res.Unknown, res.Verified)
	}
	if n := len(f.callList()); n != 2 {
		t.Fatalf("%d calls, want 2: the timed-out batch must not be sent again", n)
	}
	for u, n := range v.held {
		if n != 1 {
			t.Fatalf("%s applied %d times", u, n)
		}
	}
}

func TestRunRetryAfterTimeoutResendsWhatDidNotLand(t *testing.T) {
	f := newFake(10, 1000)
	v := &vendorState{}
	f.answer = func(call int, us []string) BatchResult {
		if call == 0 {
			v.apply(us[:1]) // half landed
			return BatchResult{Err: timeoutErr}
		}
		v.apply(us)
		return BatchResult{RequestID: "r1"}
	}
	res, _ := fastEngine().Run(context.Background(), verifying{f, v}, modReq(ActMute, "a", "b"), nil)
	calls := f.callList()
	if len(calls) != 2 || !slices.Equal(calls[1].users, []string{"b"}) || res.Applied != 2 {
		t.Fatalf("calls %+v applied %d", calls, res.Applied)
	}
	if o := res.Outcomes[1]; o.Attempts != 2 || o.RequestID != "r1" {
		t.Fatalf("b %+v", o)
	}
}

func TestRunReconcilesUnknownAfterTheRun(t *testing.T) {
	f := newFake(10, 1000)
	v := &vendorState{}
	f.answer = func(_ int, us []string) BatchResult {
		v.apply(us[:1])
		return BatchResult{Err: timeoutErr}
	}
	e := fastEngine()
	e.MaxAttempts = 1
	rec := &fakeRecorder{}
	e.Recorder = rec
	res, _ := e.Run(context.Background(), verifying{f, v}, modReq(ActMute, "a", "b"), nil)
	a, b := res.Outcomes[0], res.Outcomes[1]
	if a.Status != Applied || b.Status != NotAttempted || b.Err == nil || b.Err.Code != "not-applied" {
		t.Fatalf("a %+v b %+v", a, b)
	}
	if res.Applied != 1 || res.NotAttempted != 1 || res.Unknown != 0 || res.Verified != 2 {
		t.Fatalf("counts %+v", res)
	}
	if rec.recorded != 4 { // both unknown, then both settled
		t.Fatalf("%d outcomes journaled, want 4", rec.recorded)
	}
}

func TestRunUnknownWhenTheReadBackFailsIsNeverSentTwice(t *testing.T) {
	f := newFake(10, 1000)
	v := &vendorState{readErr: errors.New("list failed")}
	f.answer = func(_ int, us []string) BatchResult { return BatchResult{Err: timeoutErr} }
	res, _ := fastEngine().Run(context.Background(), verifying{f, v}, modReq(ActMute, "a"), nil)
	if res.Unknown != 1 || len(f.callList()) != 1 {
		t.Fatalf("unknown %d calls %d, want 1 and 1: without a read-back a resend might apply twice", res.Unknown, len(f.callList()))
	}
	// A read each retry round, and one more after the run.
	if v.reads != DefaultMaxAttempts {
		t.Fatalf("%d reads", v.reads)
	}
}

func TestRunWithoutReadBackResendsAndStaysUnknown(t *testing.T) {
	f := newFake(10, 1000)
	f.answer = func(_ int, us []string) BatchResult { return BatchResult{Err: timeoutErr} }
	res, _ := fastEngine().Run(context.Background(), f, modReq(ActBlock, "a"), nil)
	if res.Unknown != 1 || len(f.callList()) != DefaultMaxAttempts {
		t.Fatalf("unknown %d calls %d", res.Unknown, len(f.callList()))
	}
}

func TestRunRecheckSendsOnlyWhatTheReadBackShowsMissing(t *testing.T) {
	f := newFake(10, 1000)
	v := &vendorState{}
	v.apply([]string{"a"})
	req := modReq(ActMute, "a", "b", "c")
	req.Recheck = []string{"a", "b"}
	res, _ := fastEngine().Run(context.Background(), verifying{f, v}, req, nil)
	calls := f.callList()
	if len(calls) != 1 || !slices.Equal(calls[0].users, []string{"b", "c"}) {
		t.Fatalf("calls %+v, want one naming b and c", calls)
	}
	if res.Applied != 3 || res.Outcomes[0].Attempts != 0 || res.Verified != 2 {
		t.Fatalf("result %+v", res)
	}
}

func TestRunInterruptedUnlessTheOperatorCancelled(t *testing.T) {
	for _, c := range []struct {
		name        string
		cause       error
		interrupted bool
	}{{"signal", nil, true}, {"operator", ErrCancelledByOperator, false}} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(1, 1000)
			ctx, cancel := context.WithCancelCause(context.Background())
			f.answer = func(call int, _ []string) BatchResult {
				if call == 0 {
					cancel(c.cause)
				}
				return BatchResult{RequestID: "r"}
			}
			res, _ := fastEngine().Run(ctx, f, modReq(ActKick, "a", "b", "c"), nil)
			if !res.Cancelled || res.Interrupted != c.interrupted {
				t.Fatalf("cancelled %v interrupted %v", res.Cancelled, res.Interrupted)
			}
		})
	}
}
