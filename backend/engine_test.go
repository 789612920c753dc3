package backend

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func fastEngine() *Engine {
	return &Engine{Pacer: NewPacer(nil), BaseBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}
}

func TestPrepareRejectsBeforeAnyRequest(t *testing.T) {
	noAV := NewCapabilities([]Capability{CapMute, CapUnmute, CapKick, CapDismiss, CapBlacklistEdit},
		map[Capability]string{CapBlockAV: "Chat rooms carry no audio/video; set av: to a TRTC app"})
	cases := []struct {
		name  string
		req   func() ActionRequest
		caps  *Capabilities
		check func(t *testing.T, err error)
	}{
		{"viewer may not mute", func() ActionRequest {
			r := modReq(ActMute, "a")
			r.Actor.Role = RoleViewer
			return r
		}, nil, wantRole(RoleModerator)},
		{"moderator may not dismiss", func() ActionRequest {
			r := modReq(ActDismiss)
			return r
		}, nil, wantRole(RoleAdmin)},
		{"unsupported names why", func() ActionRequest { return modReq(ActBlock, "a") }, &noAV, func(t *testing.T, err error) {
			var ue *UnsupportedError
			if !errors.As(err, &ue) || !strings.Contains(ue.Why, "set av:") {
				t.Fatalf("want UnsupportedError with the reason, got %v", err)
			}
		}},
		{"no users", func() ActionRequest { return modReq(ActKick) }, nil, wantField("users")},
		{"blank user", func() ActionRequest { return modReq(ActKick, "a", "  ") }, nil, wantField("users[1]")},
		{"no owner", func() ActionRequest { return modReq(ActBlacklistAdd, "a") }, nil, wantField("owner")},
		{"no room", func() ActionRequest {
			r := modReq(ActKick, "a")
			r.Room = ""
			return r
		}, nil, wantField("room")},
		{"negative mute", func() ActionRequest {
			r := modReq(ActMute, "a")
			r.Duration = -time.Second
			return r
		}, nil, wantField("duration")},
		{"zero mute would unmute", func() ActionRequest {
			r := modReq(ActMute, "a")
			r.Duration = 0
			return r
		}, nil, wantField("duration")},
		{"escape sequence in a user", func() ActionRequest { return modReq(ActKick, "a", "x\x1b]0;pwned\x07") }, nil, wantField("users[1]")},
		{"NUL in a user", func() ActionRequest { return modReq(ActKick, "a\x00b") }, nil, wantField("users[0]")},
		{"10,000-byte user", func() ActionRequest { return modReq(ActKick, strings.Repeat("u", 10000)) }, nil, wantField("users[0]")},
		{"control character in the room", func() ActionRequest {
			r := modReq(ActKick, "a")
			r.Room = "live\r\n001"
			return r
		}, nil, wantField("room")},
		{"invalid UTF-8 owner", func() ActionRequest {
			r := modReq(ActBlacklistAdd, "a")
			r.Owner = "own\xffer"
			return r
		}, nil, wantField("owner")},
		{"other app", func() ActionRequest {
			r := modReq(ActKick, "a")
			r.App = "elsewhere"
			return r
		}, nil, wantField("app")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(10, 1000)
			if c.caps != nil {
				f.app.Caps = *c.caps
			}
			rec := &fakeRecorder{}
			e := fastEngine()
			e.Recorder = rec
			res, err := e.Run(context.Background(), f, c.req(), nil)
			if err == nil || res != nil {
				t.Fatalf("want an error and no result, got %v, %+v", err, res)
			}
			if !IsInputError(err) {
				t.Fatalf("%v is not an input error", err)
			}
			c.check(t, err)
			if n := len(f.callList()); n != 0 {
				t.Fatalf("%d calls sent", n)
			}
			if len(f.plans) != 0 || len(rec.events) != 0 {
				t.Fatalf("provider planned %d / journal saw %v before the check", len(f.plans), rec.events)
			}
		})
	}
}

func wantRole(need Role) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		var re *RoleError
		if !errors.As(err, &re) || re.Need != need {
			t.Fatalf("want RoleError needing %s, got %v", need, err)
		}
	}
}

func wantField(field string) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != field {
			t.Fatalf("want InputError on %s, got %v", field, err)
		}
	}
}

func TestPrepareDedupesInOrderAndPassesProviderErrors(t *testing.T) {
	f := newFake(10, 1000)
	e := fastEngine()
	if _, err := e.Prepare(f, modReq(ActKick, "b", "a", "b", "c", "a")); err != nil {
		t.Fatal(err)
	}
	if got := f.plans[0].Users; !slices.Equal(got, []string{"b", "a", "c"}) {
		t.Fatalf("users %v, want b a c", got)
	}
	f.planErr = &InputError{Field: "room", Value: "x", Problem: "not numeric"}
	if _, err := e.Prepare(f, modReq(ActKick, "a")); !IsInputError(err) {
		t.Fatalf("provider's input error lost: %v", err)
	}
}

func TestRunBatchesByPlanSize(t *testing.T) {
	f := newFake(500, 1000)
	res, err := fastEngine().Run(context.Background(), f, modReq(ActMute, users(1200)...), nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := f.callList()
	if len(calls) != 3 || res.Calls != 3 {
		t.Fatalf("%d calls (result says %d), want 3", len(calls), res.Calls)
	}
	var sizes []int
	for _, c := range calls {
		sizes = append(sizes, len(c.users))
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{200, 500, 500}) {
		t.Fatalf("batch sizes %v", sizes)
	}
	if res.Applied != 1200 || res.Failed != 0 || len(res.Outcomes) != 1200 {
		t.Fatalf("applied %d failed %d outcomes %d", res.Applied, res.Failed, len(res.Outcomes))
	}
	for i, o := range res.Outcomes {
		if o.User != "user-"+itoa(i) || o.Status != Applied || o.Attempts != 1 || o.RequestID != "req-ok" {
			t.Fatalf("outcome %d out of order or wrong: %+v", i, o)
		}
	}
}

func TestRunDismissIsOneCallWithoutUsers(t *testing.T) {
	f := newFake(10, 1000)
	req := modReq(ActDismiss, "ignored")
	req.Actor.Role = RoleAdmin
	res, err := fastEngine().Run(context.Background(), f, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := f.callList()
	if len(calls) != 1 || calls[0].users != nil {
		t.Fatalf("calls %+v, want one without users", calls)
	}
	if len(res.Outcomes) != 1 || res.Outcomes[0].User != "room-1" || res.Applied != 1 {
		t.Fatalf("outcomes %+v", res.Outcomes)
	}
}

// 60 single-user calls at 20/s with a 150 ms round trip: the pace sets the
// time (≈3 s), not 60 round trips in a row (9 s), and no one-second window
// holds more than 20 calls.
func TestRunPacesAndOverlapsCalls(t *testing.T) {
	f := newFake(1, 20)
	f.latency = 150 * time.Millisecond
	start := time.Now()
	res, err := fastEngine().Run(context.Background(), f, modReq(ActKick, users(60)...), nil)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if res.Applied != 60 {
		t.Fatalf("applied %d", res.Applied)
	}
	if took < 2900*time.Millisecond || took > 4*time.Second {
		t.Fatalf("60 calls at 20/s took %v, want ≈3.2 s", took)
	}
	calls := f.callList()
	for i := range calls {
		n := 0
		for j := i; j < len(calls) && calls[j].at.Sub(calls[i].at) < time.Second; j++ {
			n++
		}
		if n > 20 {
			t.Fatalf("%d calls within one second from call %d", n, i)
		}
	}
	if f.peak < 2 {
		t.Fatalf("calls never overlapped (peak %d in flight)", f.peak)
	}
}

func TestRunRetriesRetryableBatchErrors(t *testing.T) {
	f := newFake(10, 1000)
	f.answer = func(call int, us []string) BatchResult {
		if call < 2 {
			return BatchResult{RequestID: "r" + itoa(call), Err: &VendorError{Code: "RequestLimitExceeded", Retryable: true}}
		}
		return BatchResult{RequestID: "r" + itoa(call)}
	}
	res, err := fastEngine().Run(context.Background(), f, modReq(ActKick, "a", "b"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.callList()) != 3 || res.Applied != 2 {
		t.Fatalf("calls %d applied %d, want 3 and 2", len(f.callList()), res.Applied)
	}
	if o := res.Outcomes[0]; o.Attempts != 3 || o.RequestID != "r2" {
		t.Fatalf("outcome %+v", o)
	}
}

func TestRunNeverRetriesAuthAndStopsAfterMaxAttempts(t *testing.T) {
	cases := []struct {
		name      string
		err       error
		wantCalls int
		wantCode  string
	}{
		{"auth", &VendorError{Code: "AuthFailure.SignatureFailure"}, 1, "AuthFailure.SignatureFailure"},
		{"parameter", &VendorError{Code: "10004"}, 1, "10004"},
		{"503 every time", &HTTPStatusError{Call: "x", Status: 503}, DefaultMaxAttempts, "HTTP 503"},
		{"unexplained", errors.New("boom"), 1, "error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(10, 1000)
			f.answer = func(int, []string) BatchResult { return BatchResult{RequestID: "rid", Err: c.err} }
			res, err := fastEngine().Run(context.Background(), f, modReq(ActKick, "a", "b"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(f.callList()); n != c.wantCalls {
				t.Fatalf("%d calls, want %d", n, c.wantCalls)
			}
			if res.Failed != 2 || res.Applied != 0 {
				t.Fatalf("failed %d applied %d", res.Failed, res.Applied)
			}
			o := res.Outcomes[1]
			if o.Status != Failed || o.Err == nil || o.Err.Code != c.wantCode || o.RequestID != "rid" || o.Err.Provider != TencentChat {
				t.Fatalf("outcome %+v err %+v", o, o.Err)
			}
		})
	}
}

func TestRunRetriesOnlyRetryableUsersOfAPartialFailure(t *testing.T) {
	f := newFake(20, 1000)
	f.answer = func(call int, us []string) BatchResult {
		failed := map[string]*VendorError{}
		if slices.Contains(us, "c") {
			failed["c"] = &VendorError{Code: "660800040", Meaning: "blacklist full"}
		}
		if call == 0 {
			failed["b"] = &VendorError{Code: "660300005", Retryable: true}
		}
		return BatchResult{RequestID: "r" + itoa(call), Failed: failed}
	}
	req := modReq(ActBlacklistAdd, "a", "b", "c")
	req.Owner = "owner"
	res, err := fastEngine().Run(context.Background(), f, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := f.callList()
	if len(calls) != 2 || !slices.Equal(calls[1].users, []string{"b"}) {
		t.Fatalf("calls %+v, want the retry to name only b", calls)
	}
	want := []struct {
		st       OutcomeStatus
		attempts int
		req      string
	}{{Applied, 1, "r0"}, {Applied, 2, "r1"}, {Failed, 1, "r0"}}
	for i, w := range want {
		o := res.Outcomes[i]
		if o.Status != w.st || o.Attempts != w.attempts || o.RequestID != w.req {
			t.Fatalf("outcome %d = %+v, want %+v", i, o, w)
		}
	}
	if res.Outcomes[2].Err.Code != "660800040" || res.Applied != 2 || res.Failed != 1 {
		t.Fatalf("result %+v", res)
	}
}

func TestRunCancelledHalfWayReportsNotAttempted(t *testing.T) {
	f := newFake(1, 200)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt atomic.Int64
	f.answer = func(call int, us []string) BatchResult {
		if call == 19 {
			cancelledAt.Store(time.Now().UnixNano())
			cancel()
		}
		return BatchResult{RequestID: "r"}
	}
	res, err := fastEngine().Run(ctx, f, modReq(ActKick, users(100)...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Cancelled {
		t.Fatal("result not marked cancelled")
	}
	if time.Since(time.Unix(0, cancelledAt.Load())) > 500*time.Millisecond {
		t.Fatal("run did not stop promptly")
	}
	calls := len(f.callList())
	if calls != 20 || res.Calls != 20 {
		t.Fatalf("%d calls (%d in result) after cancelling at the 20th", calls, res.Calls)
	}
	if res.Applied+res.Failed+res.NotAttempted != 100 || res.NotAttempted != 80 {
		t.Fatalf("applied %d failed %d not attempted %d", res.Applied, res.Failed, res.NotAttempted)
	}
	for _, o := range res.Outcomes[20:] {
		if o.Status != NotAttempted || o.Err == nil || o.Err.Code != "cancelled" || o.Attempts != 0 {
			t.Fatalf("unsent user %+v", o)
		}
	}
}

func TestRunCancelledInFlightCallIsUnknown(t *testing.T) {
	f := newFake(10, 1000)
	f.latency = 5 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	res, err := fastEngine().Run(ctx, f, modReq(ActKick, "a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Cancelled || res.Outcomes[0].Status != Unknown || res.Unknown != 1 || res.Failed != 0 || len(f.callList()) != 1 {
		t.Fatalf("result %+v calls %d", res, len(f.callList()))
	}
}

func TestRunProgressIsSerializedAndMonotonic(t *testing.T) {
	f := newFake(1, 1000)
	f.latency = 5 * time.Millisecond
	f.answer = func(call int, us []string) BatchResult {
		if call%7 == 0 {
			return BatchResult{Err: &VendorError{Code: "10004"}}
		}
		return BatchResult{}
	}
	var inside atomic.Int32
	var seen []Progress
	progress := func(p Progress) {
		if inside.Add(1) != 1 {
			t.Error("progress called concurrently")
		}
		time.Sleep(100 * time.Microsecond)
		seen = append(seen, p)
		inside.Add(-1)
	}
	res, err := fastEngine().Run(context.Background(), f, modReq(ActKick, users(50)...), progress)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 50 {
		t.Fatalf("%d progress reports for 50 calls", len(seen))
	}
	for i, p := range seen {
		if p.Total != 50 || p.Applied+p.Failed+p.Remaining != 50 || p.Calls != i+1 || p.PerSecond != 1000 {
			t.Fatalf("report %d inconsistent: %+v", i, p)
		}
		if i > 0 && (p.Remaining > seen[i-1].Remaining || p.ETA > seen[i-1].ETA) {
			t.Fatalf("report %d went backwards: %+v after %+v", i, p, seen[i-1])
		}
	}
	last := seen[len(seen)-1]
	if last.Remaining != 0 || last.ETA != 0 || last.Failed != res.Failed || last.Applied != res.Applied {
		t.Fatalf("last report %+v vs result applied %d failed %d", last, res.Applied, res.Failed)
	}
}

func TestRunJournalsInOrder(t *testing.T) {
	f := newFake(2, 1000)
	rec := &fakeRecorder{}
	e := fastEngine()
	e.Recorder = rec
	res, err := e.Run(context.Background(), f, modReq(ActKick, "a", "b", "c"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "act-1" {
		t.Fatalf("result id %q", res.ID)
	}
	want := []string{"begin", "record:act-1", "record:act-1", "finish:act-1"}
	if !slices.Equal(rec.events, want) || rec.recorded != 3 {
		t.Fatalf("journal events %v (%d outcomes), want %v", rec.events, rec.recorded, want)
	}
}

func TestRunJournalFailures(t *testing.T) {
	t.Run("begin aborts with nothing sent", func(t *testing.T) {
		f := newFake(2, 1000)
		e := fastEngine()
		e.Recorder = &fakeRecorder{beginErr: errDisk}
		res, err := e.Run(context.Background(), f, modReq(ActKick, "a"), nil)
		if !errors.Is(err, errDisk) || res != nil || len(f.callList()) != 0 {
			t.Fatalf("err %v res %v calls %d", err, res, len(f.callList()))
		}
	})
	t.Run("record stops sending", func(t *testing.T) {
		f := newFake(1, 1000)
		e := fastEngine()
		e.MaxInFlight = 1
		e.Recorder = &fakeRecorder{recordErr: errDisk}
		res, err := e.Run(context.Background(), f, modReq(ActKick, users(10)...), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(res.RecordErr, errDisk) || len(f.callList()) != 1 || res.NotAttempted != 9 {
			t.Fatalf("recordErr %v calls %d not attempted %d", res.RecordErr, len(f.callList()), res.NotAttempted)
		}
		if res.Outcomes[5].Err.Code != "journal" {
			t.Fatalf("unsent outcome %+v", res.Outcomes[5].Err)
		}
	})
}

func TestDescribe(t *testing.T) {
	e := fastEngine()
	plan := &Plan{Call: "forbid_send_msg", BatchSize: 500, Params: "MuteTime 600"}
	if got := e.Describe(plan, 1200); got != "forbid_send_msg × 3, MuteTime 600" {
		t.Fatalf("Describe = %q", got)
	}
	if got := e.Describe(&Plan{Call: "destroy_group"}, 0); got != "destroy_group × 1" {
		t.Fatalf("Describe = %q", got)
	}
}
