package tencentchat_test

import (
	"context"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator/emucore"
)

// A 1,000-user live mute where a third of the answers are lost after the
// emulator applied the call (and some calls meet a 502 or a delay): every
// user is accounted for, quell's retries apply nobody twice (they read the
// muted list back first), and what quell reports applied is what the
// emulator holds.
func TestEngineLiveMuteWithLostAnswersTellsTheTruth(t *testing.T) {
	w := newWorld(t)
	users := w.emu.AddLiveRoom(itApp, "live-big", 1000)
	c, eng := w.engineClient(t, false)
	eng.MaxAttempts = 8
	w.env.SetFaults(emucore.Faults{Jitter: 20 * time.Millisecond, LostAnswerRate: 0.3, HTTP5xx: 0.05})

	res, err := eng.Run(context.Background(), c, backend.ActionRequest{Room: "live-big", Kind: backend.ActMute, Users: users,
		Duration: time.Hour, Actor: moderator}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := w.env.Rec
	if rec.Faults("lost-answer") == 0 {
		t.Fatal("no answer was lost: the test proves nothing")
	}
	if n := res.Applied + res.Failed + res.Unknown + res.NotAttempted; n != 1000 || len(res.Outcomes) != 1000 {
		t.Fatalf("%d users accounted for, want 1000", n)
	}
	if m := rec.MaxApplied("chat", "mute_member"); m != 1 {
		t.Fatalf("a user was muted %d times: a retry resent a call that had landed", m)
	}
	muted := 0
	for _, o := range res.Outcomes {
		on := !w.emu.MutedUntil(itApp, "live-big", o.User).IsZero()
		if on {
			muted++
		}
		switch {
		case o.Status == backend.Applied && !on:
			t.Fatalf("%s reported applied, not muted at the vendor", o.User)
		case (o.Status == backend.Failed || o.Status == backend.NotAttempted) && on:
			t.Fatalf("%s reported %s, muted at the vendor", o.User, o.Status)
		}
	}
	if res.Unknown != 0 || res.Applied != muted || muted != rec.AppliedUsers("chat", "mute_member") {
		t.Fatalf("applied %d unknown %d; the emulator muted %d (applied to %d)", res.Applied, res.Unknown, muted,
			rec.AppliedUsers("chat", "mute_member"))
	}
	if res.Verified == 0 {
		t.Fatal("nothing was read back")
	}
	t.Logf("applied %d failed %d not attempted %d, %d read back; %d answers lost, %d 502s, %d mute_member calls",
		res.Applied, res.Failed, res.NotAttempted, res.Verified, rec.Faults("lost-answer"), rec.Faults("5xx"), rec.Calls("chat", "mute_member"))
}
