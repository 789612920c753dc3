package ui

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/quell-console/quell/backend"
)

// failingJournal begins actions but cannot record their outcome.
type failingJournal struct{ fakeResumer }

func (j *failingJournal) Finish(string, *backend.Result) error { return errors.New("disk full") }

func TestJournalFailureReachesTheModerator(t *testing.T) {
	f := seedFake()
	o := testOptions(f)
	o.Engine.Recorder = &failingJournal{fakeResumer{resumed: map[string]string{}}}
	h := openLobby(t, f, o)
	h.keys("k") // kick alice: applied, but not recorded as finished
	h.waitState("alice kicked", func() bool {
		var k []string
		f.snapshot(func(f *fakeApp) { k = f.kicked })
		return len(k) == 1
	})
	h.settled("journal failed to record", "disk full")
}

// brokenLog is an activity log that cannot be read.
type brokenLog struct{}

func (brokenLog) Since(int64) ([]backend.Activity, int64, error) {
	return nil, 0, errors.New("journal locked")
}

func TestActivityViewSaysWhyItCouldNotLoad(t *testing.T) {
	f := seedFake()
	o := testOptions(f)
	o.Activity = brokenLog{}
	h := startConsole(t, o)
	h.settled("lobby")
	h.keys(":")
	h.typeText("activity")
	h.keys("enter")
	h.settled("Activity —", "could not load: journal locked")
}

// A console that quits with 16 or more progress messages unread must not
// leave the action's goroutine waiting to hand over its result.
func TestPumpGivesUpWhenTheConsoleEnds(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	f := seedFake()
	f.batch = 1 // one call, so one progress message, per user
	users := make([]string, 40)
	for i := range users {
		users[i] = f.members["arena"][i].UserID
	}
	spec, _ := backend.Spec(backend.ActKick)
	pa := &pendingAction{spec: spec, prov: f, req: backend.ActionRequest{
		App: "chat-eu", Room: "arena", Kind: backend.ActKick, Users: users, Actor: backend.Actor{Name: "mod", Role: backend.RoleAdmin}}}
	ctx, cancel := context.WithCancel(context.Background())
	eng := &backend.Engine{Pacer: backend.NewPacer(nil), MaxInFlight: 1, Now: func() time.Time { return testNow }}
	run, _ := startRun(ctx, eng, pa, 1, testNow) // nobody reads its messages
	deadline := time.Now().Add(5 * time.Second)
	for len(run.ch) < cap(run.ch) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if len(run.ch) < cap(run.ch) {
		t.Fatalf("only %d progress messages queued", len(run.ch))
	}
	cancel() // the console quits
}
