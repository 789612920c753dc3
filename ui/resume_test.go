package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/quell-console/quell/backend"
)

// fakeResumer is a journal with interrupted actions, recording what the
// console settles. It is also the engine's Recorder, so resumed runs get
// an ID.
type fakeResumer struct {
	mu          sync.Mutex
	list        []Interrupted
	reqs        map[string]backend.ActionRequest
	resumed     map[string]string // id → new id
	interrupted []string
	begun       []backend.ActionRequest
	asked       int // calls of Interrupted
}

func (r *fakeResumer) Interrupted() ([]Interrupted, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked++
	return r.list, nil
}

func (r *fakeResumer) ResumeRequest(id string) (backend.ActionRequest, error) { return r.reqs[id], nil }

func (r *fakeResumer) MarkResumed(id, newID string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resumed[id] = newID
	return nil
}

func (r *fakeResumer) MarkInterrupted(id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.interrupted = append(r.interrupted, id)
	return nil
}

func (r *fakeResumer) Begin(req backend.ActionRequest, _ *backend.Plan) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.begun = append(r.begun, req)
	return "new-1", nil
}

func (r *fakeResumer) Record(string, []backend.UserOutcome) error         { return nil }
func (r *fakeResumer) Finish(string, *backend.Result) error               { return nil }
func (r *fakeResumer) read(f func(r *fakeResumer))                        { r.mu.Lock(); defer r.mu.Unlock(); f(r) }
func (r *fakeResumer) Since(seq int64) ([]backend.Activity, int64, error) { return nil, seq, nil }

func interruptedMute() *fakeResumer {
	return &fakeResumer{
		list: []Interrupted{{ID: "act-1", Actor: "alice", Started: testNow.Add(-time.Hour), App: "chat-eu", Room: "lobby",
			Kind: backend.ActMute, Applied: 1, Unconfirmed: 2}},
		reqs: map[string]backend.ActionRequest{"act-1": {App: "chat-eu", Room: "lobby", Kind: backend.ActMute,
			Users: []string{"alice", "carol"}, Duration: 10 * time.Minute}},
		resumed: map[string]string{},
	}
}

func resumeOptions(f *fakeApp, r *fakeResumer) Options {
	o := testOptions(f)
	o.Resume = r
	o.Engine.Recorder = r
	o.Actor = backend.Actor{Name: "mod", Role: backend.RoleModerator}
	return o
}

func TestResumeOfferedAtStartResumesOnlyTheUnconfirmed(t *testing.T) {
	f, r := seedFake(), interruptedMute()
	h := startConsole(t, resumeOptions(f, r))
	s := h.waitText("An action was interrupted", "act-1", "2 never confirmed", "[Later]")
	if !strings.Contains(s, "room lobby") {
		t.Errorf("the dialog does not say where:\n%s", s)
	}
	h.keys("right", "right", "enter") // Later → Dismiss → Resume
	h.waitState("alice and carol muted", func() bool {
		_, a := mutedUntil(f, "lobby", "alice")
		_, c := mutedUntil(f, "lobby", "carol")
		return a && c
	})
	h.waitState("act-1 marked resumed", func() bool {
		var id string
		r.read(func(r *fakeResumer) { id = r.resumed["act-1"] })
		return id == "new-1"
	})
	r.read(func(r *fakeResumer) {
		if len(r.begun) != 1 || r.begun[0].Actor.Name != "mod" || strings.Join(r.begun[0].Users, ",") != "alice,carol" {
			t.Errorf("resumed as %+v; want the console's operator and only the unconfirmed users", r.begun)
		}
	})
	if _, ok := mutedUntil(f, "lobby", "dave"); ok {
		t.Error("a user outside the interrupted action was muted")
	}
}

func TestResumeDismissAndLater(t *testing.T) {
	f, r := seedFake(), interruptedMute()
	h := startConsole(t, resumeOptions(f, r))
	h.waitText("An action was interrupted")
	h.keys("right", "enter") // Dismiss
	h.waitState("act-1 marked interrupted", func() bool {
		var n int
		r.read(func(r *fakeResumer) { n = len(r.interrupted) })
		return n == 1
	})
	h.waitText("act-1 dismissed")

	f2, r2 := seedFake(), interruptedMute()
	h2 := startConsole(t, resumeOptions(f2, r2))
	h2.waitText("An action was interrupted")
	h2.keys("enter") // Later is the default: enter alone sends nothing
	h2.waitText("left for later")
	r2.read(func(r *fakeResumer) {
		if len(r.interrupted)+len(r.resumed)+len(r.begun) != 0 {
			t.Errorf("later settled something: %+v", r)
		}
	})
}

func TestResumeNotOfferedToViewersOrReadOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(o *Options)
	}{
		{"viewer", func(o *Options) { o.Actor.Role = backend.RoleViewer }},
		{"read-only", func(o *Options) { o.ReadOnly = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, r := seedFake(), interruptedMute()
			o := resumeOptions(f, r)
			tc.edit(&o)
			m, err := newModel(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			// The journal is asked only through loadInterrupted: with no
			// command, it is never asked, and nothing can be offered.
			if cmd := m.loadInterrupted(); cmd != nil {
				m.Update(cmd())
			}
			r.read(func(r *fakeResumer) {
				if r.asked != 0 {
					t.Errorf("the journal was asked %d times for interrupted actions", r.asked)
				}
			})
			if s := m.View(); strings.Contains(s, "interrupted") {
				t.Errorf("resume offered:\n%s", s)
			}
		})
	}
}

func TestShutdownWithNoActionQuitsAtOnce(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	h.settled("lobby")
	h.tm.Send(ShutdownMsg{})
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestShutdownLetsTheRunningActionFinishAndRefusesNewOnes(t *testing.T) {
	f := seedFake()
	f.gate = make(chan struct{})
	h := openLobby(t, f, testOptions(f))
	h.keys("k") // kick alice: one call, held at the gate
	h.waitText("Kick")
	h.tm.Send(ShutdownMsg{})
	h.waitText("shutting down", "SHUTTING DOWN")
	h.keys("down", "m")
	h.waitText("no new actions")
	if s := h.screen(); strings.Contains(s, "for how long?") {
		t.Fatalf("a new action opened its dialog while shutting down:\n%s", s)
	}
	f.gate <- struct{}{}
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	f.snapshot(func(f *fakeApp) {
		if strings.Join(f.kicked, ",") != "alice" || len(f.muted["lobby"]) != 1 {
			t.Errorf("kicked %v, muted %v: only the running kick may complete", f.kicked, f.muted["lobby"])
		}
	})
}

// TestResumeOffersOnlyWhatTheOperatorMayRun: each interrupted action is
// offered against its own least role from the table, so a moderator is not
// offered an admin's dismiss (it used to be: the check was "moderator" for
// every action).
func TestResumeOffersOnlyWhatTheOperatorMayRun(t *testing.T) {
	f, r := seedFake(), interruptedMute()
	r.list = append([]Interrupted{{ID: "act-0", Actor: "root", Started: testNow.Add(-2 * time.Hour), App: "chat-eu", Room: "lobby",
		Kind: backend.ActDismiss, Unconfirmed: 1}}, r.list...)
	r.reqs["act-0"] = backend.ActionRequest{App: "chat-eu", Room: "lobby", Kind: backend.ActDismiss}
	h := startConsole(t, resumeOptions(f, r)) // a moderator
	s := h.waitText("An action was interrupted", "act-1")
	if strings.Contains(s, "act-0") || strings.Contains(s, "2 actions") {
		t.Errorf("a moderator was offered an admin's dismiss:\n%s", s)
	}
}
