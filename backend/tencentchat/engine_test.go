package tencentchat_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/tencentchat"
)

// The real engine over the real client and the emulator: batching, pacing
// and outcomes as a moderator's action meets them.

var moderator = backend.Actor{Name: "it", Role: backend.RoleModerator}

// engineClient is a client and an engine sharing one pacer, as the process
// shares it.
func (w *world) engineClient(t *testing.T, group bool) (*tencentchat.Client, *backend.Engine) {
	t.Helper()
	pacer := backend.NewPacer(nil)
	c, err := tencentchat.New(tencentchat.Options{Name: "it", SDKAppID: itApp, Admin: itAdmin, SecretKey: itKey, Endpoint: w.url, Group: group},
		backend.Deps{Pacer: pacer})
	if err != nil {
		t.Fatal(err)
	}
	return c, &backend.Engine{Pacer: pacer, BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}
}

func outcomeErrors(res *backend.Result) []string {
	var out []string
	for _, o := range res.Outcomes {
		if o.Status != backend.Applied && len(out) < 3 {
			out = append(out, fmt.Sprintf("%s %s %v", o.User, o.Status, o.Err))
		}
	}
	return out
}

func TestEngineMutes1200GroupMembersInThreeCalls(t *testing.T) {
	w := newWorld(t)
	members := w.emu.AddGroup(itApp, "@TGS#2BIG", "Public", 1201)
	users := members[1:] // all but the owner
	c, eng := w.engineClient(t, true)
	ctx := context.Background()

	res, err := eng.Run(ctx, c, backend.ActionRequest{Room: "@TGS#2BIG", Kind: backend.ActMute, Users: users,
		Duration: time.Hour, Actor: moderator}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 1200 || res.Calls != 3 {
		t.Fatalf("applied %d in %d calls, want 1200 in 3: %v", res.Applied, res.Calls, outcomeErrors(res))
	}
	rec := w.env.Rec
	if n := rec.Calls("chat", "forbid_send_msg"); n != 3 {
		t.Fatalf("emulator received %d forbid_send_msg, want 3", n)
	}
	if rec.MaxApplied("chat", "forbid_send_msg") != 1 || rec.AppliedUsers("chat", "forbid_send_msg") != 1200 {
		t.Fatalf("applied to %d users, at most %d times each; want 1200 once each",
			rec.AppliedUsers("chat", "forbid_send_msg"), rec.MaxApplied("chat", "forbid_send_msg"))
	}
	if rec.Rejected("chat", "forbid_send_msg", "") != 0 {
		t.Fatal("a forbid_send_msg was rejected")
	}
	for _, u := range users {
		if until := w.emu.MutedUntil(itApp, "@TGS#2BIG", u); until.IsZero() {
			t.Fatalf("%s not muted in the emulator", u)
		}
	}
	if !w.emu.MutedUntil(itApp, "@TGS#2BIG", members[0]).IsZero() {
		t.Fatal("the owner, not named, was muted")
	}

	res, err = eng.Run(ctx, c, backend.ActionRequest{Room: "@TGS#2BIG", Kind: backend.ActUnmute, Users: users, Actor: moderator}, nil)
	if err != nil || res.Applied != 1200 || res.Calls != 3 {
		t.Fatalf("unmute: %v applied %d calls %d", err, res.Applied, res.Calls)
	}
	for _, u := range users {
		if !w.emu.MutedUntil(itApp, "@TGS#2BIG", u).IsZero() {
			t.Fatalf("%s still muted after unmute", u)
		}
	}
	if muted, err := c.ListMuted(ctx, "@TGS#2BIG"); err != nil || len(muted) != 0 {
		t.Fatalf("ListMuted after unmute: %d, %v", len(muted), err)
	}
}

func TestEngineCancelledLiveMuteLeavesTheRestUnmuted(t *testing.T) {
	w := newWorld(t)
	users := w.emu.AddLiveRoom(itApp, "huge", 3000) // 150 mute_member calls, ~0.8 s at 200/s
	c, eng := w.engineClient(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	res, err := eng.Run(ctx, c, backend.ActionRequest{Room: "huge", Kind: backend.ActMute, Users: users,
		Duration: 10 * time.Minute, Actor: moderator}, func(p backend.Progress) {
		if p.Calls >= 40 {
			cancel()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Cancelled || res.NotAttempted == 0 || res.Applied == 0 {
		t.Fatalf("cancelled %v applied %d failed %d not attempted %d: want a run cut half way",
			res.Cancelled, res.Applied, res.Failed, res.NotAttempted)
	}
	// A call in flight when the run was cancelled has no answer: its users
	// are unknown (the emulator may or may not have muted them).
	if res.Applied+res.Failed+res.Unknown+res.NotAttempted != len(users) {
		t.Fatalf("outcomes %d+%d+%d+%d do not cover %d users", res.Applied, res.Failed, res.Unknown, res.NotAttempted, len(users))
	}
	for _, o := range res.Outcomes {
		muted := !w.emu.MutedUntil(itApp, "huge", o.User).IsZero()
		switch o.Status {
		case backend.NotAttempted:
			if muted {
				t.Fatalf("%s is not-attempted but muted in the emulator", o.User)
			}
		case backend.Applied:
			if !muted {
				t.Fatalf("%s is applied but not muted in the emulator", o.User)
			}
		}
	}
	// Nobody the emulator muted is reported as never sent.
	if got, max := w.env.Rec.AppliedUsers("chat", "mute_member"), res.Applied+res.Failed+res.Unknown; got > max {
		t.Fatalf("emulator muted %d users, the result accounts for %d sent", got, max)
	}
	if w.env.Rec.MaxApplied("chat", "mute_member") != 1 {
		t.Fatal("a user was muted twice")
	}
}
