package trtc

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/emulator/trtcemu"
)

const (
	emuNumeric = uint64(1400000101)
	emuString  = uint64(1400000102)
)

type emuRig struct {
	emu   *trtcemu.Emulator
	env   *emucore.Env
	state *backend.MemoryState
	url   string
	pacer *backend.Pacer
}

func newEmuRig(t *testing.T) *emuRig {
	t.Helper()
	env := emucore.NewEnv(11)
	emu := trtcemu.New(env)
	emu.AddApp(trtcemu.App{SDKAppID: emuNumeric, SecretID: "AKIDemu", SecretKey: "emukey"})
	emu.AddApp(trtcemu.App{SDKAppID: emuString, SecretID: "AKIDemu", SecretKey: "emukey", StringRooms: true})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return &emuRig{emu: emu, env: env, state: backend.NewMemoryState(), url: srv.URL, pacer: backend.NewPacer(nil)}
}

func (r *emuRig) client(t *testing.T, name string, app uint64, key string) *Client {
	t.Helper()
	c, err := New(Options{Name: name, SDKAppID: app, Region: "ap-guangzhou", StringRoomIDs: app == emuString,
		SecretID: "AKIDemu", SecretKey: key, Endpoint: r.url}, backend.Deps{State: r.state, Pacer: r.pacer})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run executes a plan the way the engine would, batch by batch, and fails
// the test on any error.
func run(t *testing.T, c *Client, req backend.ActionRequest) {
	t.Helper()
	p, err := c.Plan(req)
	if err != nil {
		t.Fatal(err)
	}
	users := req.Users
	for len(users) > 0 || p.BatchSize == 0 {
		n := min(len(users), max(p.BatchSize, 0))
		if err := execPaced(c, p, users[:n]); err != nil {
			t.Fatal(err)
		}
		users = users[n:]
		if p.BatchSize == 0 {
			break
		}
	}
}

// execPaced waits for the plan's pace, then makes one call.
func execPaced(c *Client, p *backend.Plan, users []string) error {
	if err := c.d.Pacer.WaitBudget(context.Background(), c.name, p.Budget, p.Call, "", p.PerSecond); err != nil {
		return err
	}
	return p.Exec(context.Background(), users).Err
}

func TestAgainstEmulatorNumeric(t *testing.T) {
	rig := newEmuRig(t)
	users := make([]string, 25)
	for i := range users {
		users[i] = fmt.Sprintf("u%02d", i)
	}
	rig.emu.AddRoom(emuNumeric, "8001", users)
	rig.emu.AddRoom(emuNumeric, "8002", []string{"solo"})
	c := rig.client(t, "num", emuNumeric, "emukey")
	ctx := context.Background()

	rooms, err := c.ListRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != 2 {
		t.Fatalf("rooms %+v", rooms)
	}

	run(t, c, backend.ActionRequest{App: "num", Kind: backend.ActBlock, Room: "8001", Users: []string{"u01", "u02"}, AVMode: backend.AVVideo, Actor: backend.Actor{Name: "mod"}})
	if rig.emu.AVBlock(emuNumeric, "8001", "u01") != 3 || rig.emu.AVBlock(emuNumeric, "8001", "u02") != 3 {
		t.Fatal("blocks not applied on the emulator")
	}
	members, err := c.ListMembers(ctx, "8001")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 25 {
		t.Fatalf("%d members", len(members))
	}
	blocked := 0
	for _, m := range members {
		if m.AVBlock == backend.AVVideo {
			blocked++
		}
	}
	if blocked != 2 {
		t.Fatalf("%d members show a video block", blocked)
	}

	run(t, c, backend.ActionRequest{Kind: backend.ActUnblock, Room: "8001", Users: []string{"u01"}})
	if rig.emu.AVBlock(emuNumeric, "8001", "u01") != 0 {
		t.Fatal("unblock not applied")
	}

	// 12 users kick in two calls of at most 10.
	before := rig.env.Rec.Calls("trtc", "RemoveUser")
	run(t, c, backend.ActionRequest{Kind: backend.ActKick, Room: "8001", Users: users[:12]})
	if got := rig.env.Rec.Calls("trtc", "RemoveUser") - before; got != 2 {
		t.Fatalf("kick of 12 made %d calls", got)
	}
	if rig.emu.InRoom(emuNumeric, "8001", "u05") || len(rig.emu.Members(emuNumeric, "8001")) != 13 {
		t.Fatal("kick not applied")
	}

	// u02 was kicked while blocked: unblocking now meets UserNotExist and
	// quell forgets the block.
	p, _ := c.Plan(backend.ActionRequest{Kind: backend.ActUnblock, Room: "8001", Users: []string{"u02"}})
	var ve *backend.VendorError
	if err := p.Exec(ctx, []string{"u02"}).Err; !errors.As(err, &ve) || ve.Code != "InternalError.UserNotExist" {
		t.Fatalf("unblock of a departed user: %v", err)
	}
	if b, _ := rig.state.AVBlocks("num", "8001"); len(b) != 0 {
		t.Fatalf("stale blocks %v", b)
	}

	run(t, c, backend.ActionRequest{Kind: backend.ActDismiss, Room: "8002"})
	if rig.emu.RoomOpen(emuNumeric, "8002") {
		t.Fatal("dismiss not applied")
	}
	if _, err := c.ListMembers(ctx, "8002"); !errors.Is(err, ErrRoomNotOpen) {
		t.Fatalf("members of a dismissed room: %v", err)
	}
	if n := rig.env.Rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded"); n != 0 {
		t.Fatalf("%d rate-limit rejections", n)
	}
}

func TestAgainstEmulatorSeededStringApp(t *testing.T) {
	rig := newEmuRig(t)
	rig.emu.SeedDemo(emuString)
	c := rig.client(t, "str", emuString, "emukey")
	ctx := context.Background()
	rooms, err := c.ListRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != len(rig.emu.Rooms(emuString)) {
		t.Fatalf("listed %d rooms, emulator has %d open", len(rooms), len(rig.emu.Rooms(emuString)))
	}
	// The biggest seeded room: 2,000 members, 20 pages.
	start := time.Now()
	members, err := c.ListMembers(ctx, "lobby")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != len(rig.emu.Members(emuString, "lobby")) || len(members) != 2000 {
		t.Fatalf("%d members listed", len(members))
	}
	t.Logf("listed 2,000 members in %s", time.Since(start))
	if rig.env.Rec.Rejected("trtc", "DescribeUserInfo", "") != 0 || rig.env.Rec.Rejected("trtc", "DescribeRoomInfo", "") != 0 {
		t.Fatal("list calls were rejected")
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActBlock, Room: "lobby", Users: []string{members[3].UserID}})
	if rig.emu.AVBlock(emuString, "lobby", members[3].UserID) != 1 {
		t.Fatal("string-room block not applied")
	}
}

func TestAgainstEmulatorWrongKey(t *testing.T) {
	rig := newEmuRig(t)
	c := rig.client(t, "bad", emuNumeric, "not-the-key")
	_, err := c.ListRooms(context.Background())
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "AuthFailure.SignatureFailure" || backend.Retryable(err) || ve.NextStep == "" {
		t.Fatalf("err %v", err)
	}
}

// TestConcurrentExec runs calls in flight together, as the engine does, under
// the race detector.
func TestConcurrentExec(t *testing.T) {
	rig := newEmuRig(t)
	users := make([]string, 30)
	for i := range users {
		users[i] = fmt.Sprintf("c%02d", i)
	}
	rig.emu.AddRoom(emuString, "party", users)
	c := rig.client(t, "str", emuString, "emukey")
	p, err := c.Plan(backend.ActionRequest{Kind: backend.ActBlock, Room: "party", Users: users, AVMode: backend.AVAudio})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, len(users))
	for _, u := range users {
		go func() { errs <- execPaced(c, p, []string{u}) }()
	}
	for range users {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	blocks, _ := rig.state.AVBlocks("str", "party")
	for _, u := range users {
		if rig.emu.AVBlock(emuString, "party", u) != 2 || blocks[u] != backend.AVAudio {
			t.Fatalf("%s not blocked on both sides", u)
		}
	}
	if rig.env.Rec.Rejected("trtc", "SetUserBlockedByStrRoomId", "") != 0 || rig.env.Rec.MaxApplied("trtc", "SetUserBlockedByStrRoomId") != 1 {
		t.Fatal("rejections or a user applied twice")
	}
}
