package trtc

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator/trtcemu"
)

// TestEnginePacesBlocksUnderTheRate is the pacing proof: 60 SetUserBlocked
// calls, one per user, through the real backend.Engine against trtcemu, whose
// window rejects a 21st call in any one second. The engine must keep every
// window at 20 or fewer (no RequestLimitExceeded), never go faster than the
// rate, and apply each user exactly once (a retried success would show as
// 2). The 200-users-under-11-s figure is checked once, end to end,
// in cli's TestDoneWhenBlock200OnTRTC.
func TestEnginePacesBlocksUnderTheRate(t *testing.T) {
	const n = 60
	rig := newEmuRig(t)
	users := make([]string, n)
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
	t.Logf("%d SetUserBlocked calls took %s", n, took)

	if res.Applied != n || res.Failed != 0 || res.NotAttempted != 0 {
		t.Fatalf("applied %d failed %d not attempted %d", res.Applied, res.Failed, res.NotAttempted)
	}
	if n := rig.env.Rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded"); n != 0 {
		t.Fatalf("%d RequestLimitExceeded rejections", n)
	}
	if n := rig.env.Rec.Rejected("trtc", "SetUserBlocked", ""); n != 0 {
		t.Fatalf("%d rejections of any code", n)
	}
	if got := rig.env.Rec.AppliedUsers("trtc", "SetUserBlocked"); got != n {
		t.Fatalf("%d users applied, want %d", got, n)
	}
	if got := rig.env.Rec.MaxApplied("trtc", "SetUserBlocked"); got != 1 {
		t.Fatalf("a user was applied %d times", got)
	}
	if got := rig.env.Rec.Calls("trtc", "SetUserBlocked"); got != n {
		t.Fatalf("%d calls, want exactly %d", got, n)
	}
	// n calls at 20/s span at least (n-1)/20 s: anything faster burst.
	if min := time.Duration(n-1) * time.Second / 20; took < min {
		t.Fatalf("%d calls took %s: faster than 20/s (%s at least)", n, took, min)
	}
	for _, u := range []string{users[0], users[n-1]} {
		if rig.emu.AVBlock(emuNumeric, "9001", u) != 1 {
			t.Fatalf("%s not blocked on the emulator", u)
		}
	}
}

// TestEngineReportsLeftUserOnce: blocking a user who left meets
// InternalError.UserNotExist (SetUserBlocked's documented code for it); the
// engine reports that user as failed because they left, makes exactly one
// call (no retry of an "internal" error) and quell forgets the old block.
func TestEngineReportsLeftUserOnce(t *testing.T) {
	rig := newEmuRig(t)
	rig.emu.AddRoom(emuNumeric, "9002", []string{"host", "stays"})
	c := rig.client(t, "num", emuNumeric, "emukey")
	_ = rig.state.SetAVBlock("num", "9002", "gone", backend.AVAll, "mod", time.Now())
	engine := &backend.Engine{Pacer: rig.pacer}
	res, err := engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActBlock, Room: "9002", Users: []string{"gone"},
		AVMode: backend.AVAll, Actor: backend.Actor{Name: "mod", Role: backend.RoleAdmin}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 0 || res.Failed != 1 || len(res.Outcomes) != 1 {
		t.Fatalf("result %+v", res)
	}
	o := res.Outcomes[0]
	if o.Err == nil || o.Err.Code != "InternalError.UserNotExist" || !strings.Contains(o.Err.Meaning, "left") {
		t.Fatalf("outcome %+v", o)
	}
	if n := rig.env.Rec.Calls("trtc", "SetUserBlocked"); n != 1 {
		t.Fatalf("%d SetUserBlocked calls, want exactly 1 (no retry)", n)
	}
	if b, _ := rig.state.AVBlocks("num", "9002"); len(b) != 0 {
		t.Fatalf("stale block kept: %v", b)
	}
}

// TestTwoAppsOnOneKeyShareTheBudget is issue #7's "two TRTC apps that share
// a SecretId blocking 100 users each at the same time": TRTC counts 20/s per
// API + access region + SecretId (https://cloud.tencent.com/document/product/1278/109059),
// and so does the emulator, so the two runs must pace together. The
// emulator's window admits at most 20 SetUserBlocked calls per SecretId in
// any one second and rejects the rest: zero RequestLimitExceeded and
// exactly 200 calls received means no second held more than 20 calls of
// both apps together. Paced per app (the old key), they send 40/s.
func TestTwoAppsOnOneKeyShareTheBudget(t *testing.T) {
	const n = 100
	const twin = uint64(1400000103)
	rig := newEmuRig(t)
	rig.emu.AddApp(trtcemu.App{SDKAppID: twin, SecretID: "AKIDemu", SecretKey: "emukey"})
	aUsers, bUsers := make([]string, n), make([]string, n)
	for i := range n {
		aUsers[i], bUsers[i] = fmt.Sprintf("a-%03d", i), fmt.Sprintf("b-%03d", i)
	}
	rig.emu.AddRoom(emuNumeric, "9101", aUsers)
	rig.emu.AddRoom(twin, "9102", bUsers)
	a := rig.client(t, "app-a", emuNumeric, "emukey")
	b := rig.client(t, "app-b", twin, "emukey")
	if a.budget != b.budget || a.budget == "" || strings.Contains(a.budget, "AKIDemu") {
		t.Fatalf("budgets %q / %q", a.budget, b.budget)
	}
	engine := &backend.Engine{Pacer: rig.pacer}

	start := time.Now()
	type outcome struct {
		res *backend.Result
		err error
	}
	done := make(chan outcome, 2)
	for _, job := range []struct {
		c     *Client
		room  string
		users []string
	}{{a, "9101", aUsers}, {b, "9102", bUsers}} {
		go func() {
			res, err := engine.Run(context.Background(), job.c, backend.ActionRequest{Kind: backend.ActBlock, Room: job.room, Users: job.users,
				AVMode: backend.AVAll, Actor: backend.Actor{Name: "mod", Role: backend.RoleAdmin}}, nil)
			done <- outcome{res, err}
		}()
	}
	for range 2 {
		o := <-done
		if o.err != nil {
			t.Fatal(o.err)
		}
		if o.res.Applied != n || o.res.Failed != 0 {
			t.Fatalf("applied %d failed %d", o.res.Applied, o.res.Failed)
		}
	}
	took := time.Since(start)
	t.Logf("2 × %d SetUserBlocked calls on one SecretId took %s", n, took)
	if got := rig.env.Rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded"); got != 0 {
		t.Errorf("%d RequestLimitExceeded answers", got)
	}
	if got := rig.env.Rec.Calls("trtc", "SetUserBlocked"); got != 2*n {
		t.Errorf("%d calls, want exactly %d (none retried)", got, 2*n)
	}
	if got := rig.env.Rec.AppliedUsers("trtc", "SetUserBlocked"); got != 2*n {
		t.Errorf("%d users applied, want %d", got, 2*n)
	}
	// 200 calls at 20/s span at least 199/20 s.
	if min := time.Duration(2*n-1) * time.Second / 20; took < min {
		t.Errorf("200 calls took %s: faster than 20/s together (%s at least)", took, min)
	}
}
