package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// sentNoAnswer is an outcome whose call was sent and never answered.
func sentNoAnswer(u string) backend.UserOutcome {
	return backend.UserOutcome{User: u, Status: backend.Unknown, Attempts: 1,
		Err: &backend.VendorError{Code: "cancelled", Meaning: "cancelled before an answer came"}}
}

func TestFailurePanelShowsUnknownDistinctly(t *testing.T) {
	spec, _ := backend.Spec(backend.ActBlock)
	pa := &pendingAction{spec: spec}
	res := &backend.Result{Cancelled: true, Unknown: 2, NotAttempted: 1, Outcomes: []backend.UserOutcome{
		sentNoAnswer("u1"), sentNoAnswer("u2"),
		{User: "u3", Status: backend.NotAttempted, Err: &backend.VendorError{Code: "cancelled"}},
	}}
	f := failureFromResult(pa, res)
	if !strings.Contains(f.Title, "1 of 3 not reached") || !strings.Contains(f.Title, "2 unknown — may have been applied") ||
		strings.Contains(f.Title, "failed") {
		t.Fatalf("title %q", f.Title)
	}
	if !slices.Equal(f.Users, []string{"u3", "u1", "u2"}) {
		t.Fatalf("users %v: not reached first, then unknown", f.Users)
	}
	// A run with only unknown users is still a panel, not "applied".
	only := &backend.Result{Unknown: 1, Outcomes: []backend.UserOutcome{sentNoAnswer("u1")}}
	if f := failureFromResult(pa, only); !strings.Contains(f.Title, "1 unknown — may have been applied") || f.Code != "unknown" {
		t.Fatalf("panel %+v", f)
	}
}

func TestRetryReadsUnknownUsersBackFirst(t *testing.T) {
	spec, _ := backend.Spec(backend.ActMute)
	pa := &pendingAction{spec: spec, req: backend.ActionRequest{Kind: backend.ActMute, Users: []string{"a", "b", "c", "d"}}}
	res := &backend.Result{Outcomes: []backend.UserOutcome{
		{User: "a", Status: backend.Applied}, sentNoAnswer("b"),
		{User: "c", Status: backend.Failed, Err: &backend.VendorError{Code: "10004"}},
		{User: "d", Status: backend.NotAttempted},
	}}
	var f actionFlow
	f.keepRest(pa, res)
	if f.rest == nil || !slices.Equal(f.rest.req.Users, []string{"b", "c", "d"}) || !slices.Equal(f.rest.req.Recheck, []string{"b"}) {
		t.Fatalf("rest %+v", f.rest)
	}
}

// slowProvider's calls wait for their context, as calls in flight when
// the run is stopped.
type slowProvider struct {
	started chan struct{}
	once    sync.Once
}

func (p *slowProvider) App() backend.App {
	return backend.App{Name: "slow", Provider: backend.TencentChat, RoomKind: backend.RoomChatGroup,
		Caps: backend.NewCapabilities([]backend.Capability{backend.CapKick}, nil)}
}
func (p *slowProvider) ListRooms(context.Context) ([]backend.Room, error) { return nil, nil }
func (p *slowProvider) ListMembers(context.Context, string) ([]backend.Member, error) {
	return nil, nil
}
func (p *slowProvider) ListMuted(context.Context, string) ([]backend.Member, error) { return nil, nil }
func (p *slowProvider) ListBlacklist(context.Context, string) ([]backend.BlacklistEntry, error) {
	return nil, nil
}
func (p *slowProvider) Plan(backend.ActionRequest) (*backend.Plan, error) {
	return &backend.Plan{Call: "slow_kick", BatchSize: 10, PerSecond: 1000, Exec: func(ctx context.Context, _ []string) backend.BatchResult {
		p.once.Do(func() { close(p.started) })
		<-ctx.Done()
		return backend.BatchResult{Err: ctx.Err()}
	}}, nil
}

// finishRecorder keeps the result the engine finishes with.
type finishRecorder struct{ res chan *backend.Result }

func (r finishRecorder) Begin(backend.ActionRequest, *backend.Plan) (string, error) {
	return "act", nil
}
func (r finishRecorder) Record(string, []backend.UserOutcome) error { return nil }
func (r finishRecorder) Finish(_ string, res *backend.Result) error {
	r.res <- res
	return nil
}

// The operator's esc cancels the action; anything else ending the
// console's context (quit, a signal, the SSH session closing) cuts it off,
// which the journal keeps pending. Either way the calls in flight are
// unknown, not failed.
func TestEscCancelsButQuitCutsOff(t *testing.T) {
	for _, c := range []struct {
		name        string
		stop        func(r *actionRun, parentCancel context.CancelFunc)
		interrupted bool
	}{
		{"esc", func(r *actionRun, _ context.CancelFunc) { r.cancel() }, false},
		{"quit or signal", func(_ *actionRun, parent context.CancelFunc) { parent() }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec, _ := backend.Spec(backend.ActKick)
			prov := &slowProvider{started: make(chan struct{})}
			pa := &pendingAction{spec: spec, prov: prov, req: backend.ActionRequest{Room: "r", Kind: backend.ActKick,
				Users: []string{"a", "b"}, Actor: backend.Actor{Name: "t", Role: backend.RoleAdmin}}}
			parent, cancel := context.WithCancel(context.Background())
			defer cancel()
			rec := finishRecorder{res: make(chan *backend.Result, 1)}
			r, _ := startRun(parent, &backend.Engine{Recorder: rec}, pa, 1, time.Now())
			<-prov.started
			c.stop(r, cancel)
			res := <-rec.res
			if !res.Cancelled || res.Interrupted != c.interrupted || res.Unknown != 2 || res.Failed != 0 {
				t.Fatalf("result %+v", res)
			}
		})
	}
}
