package trtc

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// TestEnginePaces200BlocksUnderTheRate is the pacing proof: 200
// SetUserBlocked calls, one per user, through the real backend.Engine against
// trtcemu, whose window rejects a 21st call in any one second. The engine
// must keep every window at 20 or fewer (no RequestLimitExceeded), overlap
// round trips so 200 calls take about 200/20 s and not more, and apply each
// user exactly once (a retried success would show as 2).
func TestEnginePaces200BlocksUnderTheRate(t *testing.T) {
	rig := newEmuRig(t)
	users := make([]string, 200)
	for i := range users {
		users[i] = fmt.Sprintf("viewer-%03d", i)
	}
	rig.emu.AddRoom(emuNumeric, "9001", users)
	c := rig.client(t, "num", emuNumeric, "emukey")
	engine := &backend.Engine{Pacer: rig.pacer}

	start := time.Now()
	res, err := engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActBlock, Room: "9001", Users: users,
		AVMode: backend.AVAll, Actor: backend.Actor{Name: "mod", Role: backend.RoleAdmin}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("200 SetUserBlocked calls took %s", took)

	if res.Applied != 200 || res.Failed != 0 || res.NotAttempted != 0 {
		t.Fatalf("applied %d failed %d not attempted %d", res.Applied, res.Failed, res.NotAttempted)
	}
	if n := rig.env.Rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded"); n != 0 {
		t.Fatalf("%d RequestLimitExceeded rejections", n)
	}
	if n := rig.env.Rec.Rejected("trtc", "SetUserBlocked", ""); n != 0 {
		t.Fatalf("%d rejections of any code", n)
	}
	if got := rig.env.Rec.AppliedUsers("trtc", "SetUserBlocked"); got != 200 {
		t.Fatalf("%d users applied, want 200", got)
	}
	if got := rig.env.Rec.MaxApplied("trtc", "SetUserBlocked"); got != 1 {
		t.Fatalf("a user was applied %d times", got)
	}
	if got := rig.env.Rec.Calls("trtc", "SetUserBlocked"); got != 200 {
		t.Fatalf("%d calls, want exactly 200", got)
	}
	if took >= 11*time.Second {
		t.Fatalf("200 calls took %s, want under 11 s (20/s with overlapping round trips)", took)
	}
	for _, u := range []string{users[0], users[199]} {
		if rig.emu.AVBlock(emuNumeric, "9001", u) != 1 {
			t.Fatalf("%s not blocked on the emulator", u)
		}
	}
}
