package backend

import (
	"context"
	"errors"
	"sync"
	"time"
)

// fakeProvider is a Provider whose plan records every call and answers with
// answer (nil: every user applied).
type fakeProvider struct {
	app       App
	batchSize int
	perSecond float64
	latency   time.Duration
	answer    func(call int, users []string) BatchResult
	planErr   error

	mu     sync.Mutex
	calls  []fakeCall
	plans  []ActionRequest
	active int
	peak   int // most calls in flight at once
}

type fakeCall struct {
	at    time.Time
	users []string
}

func allCaps() Capabilities {
	return NewCapabilities([]Capability{CapListRooms, CapListMembers, CapListMuted, CapMute, CapUnmute,
		CapBlockAV, CapUnblockAV, CapKick, CapDismiss, CapBlacklist, CapBlacklistEdit}, nil)
}

func newFake(batch int, perSecond float64) *fakeProvider {
	return &fakeProvider{
		app:       App{Name: "fake", Provider: TencentChat, RoomKind: RoomChatGroup, Caps: allCaps()},
		batchSize: batch, perSecond: perSecond,
	}
}

func (f *fakeProvider) App() App                                            { return f.app }
func (f *fakeProvider) ListRooms(context.Context) ([]Room, error)           { return nil, nil }
func (f *fakeProvider) ListMuted(context.Context, string) ([]Member, error) { return nil, nil }
func (f *fakeProvider) ListBlacklist(context.Context, string) ([]BlacklistEntry, error) {
	return nil, nil
}
func (f *fakeProvider) ListMembers(_ context.Context, room string) ([]Member, error) {
	return []Member{{UserID: "alice"}, {UserID: "bob"}, {UserID: "carol"}}, nil
}

func (f *fakeProvider) Plan(req ActionRequest) (*Plan, error) {
	if f.planErr != nil {
		return nil, f.planErr
	}
	f.mu.Lock()
	f.plans = append(f.plans, req)
	f.mu.Unlock()
	batch := f.batchSize
	if req.Kind == ActDismiss {
		batch = 0
	}
	return &Plan{Call: "fake_" + string(req.Kind), BatchSize: batch, PerSecond: f.perSecond, Params: "MuteTime 600",
		Exec: f.exec}, nil
}

func (f *fakeProvider) exec(ctx context.Context, users []string) BatchResult {
	f.mu.Lock()
	n := len(f.calls)
	f.calls = append(f.calls, fakeCall{at: time.Now(), users: append([]string(nil), users...)})
	f.active++
	f.peak = max(f.peak, f.active)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.active--
		f.mu.Unlock()
	}()
	if f.latency > 0 {
		select {
		case <-time.After(f.latency):
		case <-ctx.Done():
			return BatchResult{Err: ctx.Err()}
		}
	}
	if f.answer != nil {
		return f.answer(n, users)
	}
	return BatchResult{RequestID: "req-ok"}
}

func (f *fakeProvider) callList() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

// fakeRecorder records the order of journal calls.
type fakeRecorder struct {
	mu        sync.Mutex
	events    []string
	recorded  int
	beginErr  error
	recordErr error
}

func (r *fakeRecorder) Begin(req ActionRequest, plan *Plan) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "begin")
	if r.beginErr != nil {
		return "", r.beginErr
	}
	return "act-1", nil
}

func (r *fakeRecorder) Record(id string, outcomes []UserOutcome) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "record:"+id)
	r.recorded += len(outcomes)
	return r.recordErr
}

func (r *fakeRecorder) Finish(id string, res *Result) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "finish:"+id)
	return nil
}

var errDisk = errors.New("disk full")

func users(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "user-" + itoa(i)
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func modReq(kind ActionKind, us ...string) ActionRequest {
	return ActionRequest{App: "fake", Room: "room-1", Kind: kind, Users: us, Duration: 10 * time.Minute,
		Actor: Actor{Name: "tester", Role: RoleModerator}}
}
