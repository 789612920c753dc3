package zego_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/emulator/zegoemu"
	"github.com/quell-console/quell/backend/zego"
)

const (
	appID  = 7654321
	secret = "feedfacefeedfacefeedfacefeedface"
)

type rig struct {
	env    *emucore.Env
	emu    *zegoemu.Emulator
	url    string
	pacer  *backend.Pacer
	state  *backend.MemoryState
	engine *backend.Engine
}

func newRig(t *testing.T) *rig {
	env := emucore.NewEnv(3)
	emu := zegoemu.New(env)
	emu.AddApp(zegoemu.App{AppID: appID, ServerSecret: secret})
	srv := httptest.NewServer(env.Middleware(emu))
	t.Cleanup(srv.Close)
	p := backend.NewPacer(nil)
	return &rig{env: env, emu: emu, url: srv.URL, pacer: p, state: backend.NewMemoryState(),
		engine: &backend.Engine{Pacer: p, BaseBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}}
}

func (r *rig) client(t *testing.T, group bool, watch ...string) *zego.Client {
	t.Helper()
	c, err := zego.New(zego.Options{Name: "zg", AppID: appID, ServerSecret: secret, Endpoint: r.url, Operator: "admin-bot",
		Group: group, Watch: watch}, backend.Deps{Pacer: r.pacer, State: r.state})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func moderator() backend.Actor { return backend.Actor{Name: "test", Role: backend.RoleAdmin} }

func TestBlacklist45UsersThreeCalls(t *testing.T) {
	r := newRig(t)
	var users []string
	for i := range 45 {
		users = append(users, fmt.Sprintf("user-%02d", i))
	}
	// The last five never registered with ZIM: ZEGO fails them per user.
	r.emu.RegisterUsers(appID, append([]string{"owner"}, users[:40]...)...)
	c := r.client(t, false)
	res, err := r.engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "owner",
		Users: users, Actor: moderator()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := r.env.Rec.Calls("zego", "AddUsersToBlacklist"); n != 3 {
		t.Fatalf("%d calls, want 3", n)
	}
	if res.Applied != 40 || res.Failed != 5 {
		t.Fatalf("applied %d failed %d", res.Applied, res.Failed)
	}
	for _, o := range res.Outcomes {
		registered := o.User < "user-40"
		switch {
		case registered && o.Status != backend.Applied:
			t.Errorf("%s: %s", o.User, o.Status)
		case !registered && (o.Status != backend.Failed || o.Err.Code != "660700015" || o.Err.RequestID == ""):
			t.Errorf("%s: %s %+v", o.User, o.Status, o.Err)
		}
		if registered != r.emu.Blacklisted(appID, "owner", o.User) {
			t.Errorf("%s: emulator state disagrees", o.User)
		}
	}

	list, err := c.ListBlacklist(context.Background(), "owner")
	if err != nil || len(list) != 40 {
		t.Fatalf("listed %d: %v", len(list), err)
	}

	// Again: already blocked counts as done, so only the unregistered fail.
	res, err = r.engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "owner",
		Users: users, Actor: moderator()}, nil)
	if err != nil || res.Applied != 40 || res.Failed != 5 {
		t.Fatalf("second add: %+v %v", res, err)
	}
	res, err = r.engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActBlacklistRemove, Owner: "owner",
		Users: users[:40], Actor: moderator()}, nil)
	if err != nil || res.Applied != 40 || r.emu.Blacklisted(appID, "owner", users[0]) {
		t.Fatalf("remove: %+v %v", res, err)
	}
}

func TestRoomsAgainstEmulator(t *testing.T) {
	r := newRig(t)
	r.emu.SeedDemo(appID)
	c := r.client(t, false, r.emu.DemoRooms(appID)...)
	if err := c.Watch("gone-room"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rooms, err := c.ListRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rooms[0].ID != "lobby" || rooms[0].Members != 20000 || !rooms[0].Live {
		t.Fatalf("lobby %+v", rooms[0])
	}
	if last := rooms[len(rooms)-1]; last.ID != "gone-room" || last.Live || last.Members != 0 {
		t.Fatalf("missing room %+v", last)
	}
	ms, err := c.ListMembers(ctx, "lobby")
	if err != nil || len(ms) != 20000 {
		t.Fatalf("lobby members %d: %v", len(ms), err)
	}
	if n := r.env.Rec.Rejected("zego", "QueryRoomUserList", "660300005"); n != 0 {
		t.Fatalf("%d list calls rate-limited", n)
	}

	stage, err := c.ListMembers(ctx, "stage-2")
	if err != nil {
		t.Fatal(err)
	}
	var kick []string
	for _, m := range stage[:3] {
		kick = append(kick, m.UserID)
	}
	res, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActKick, Room: "stage-2", Users: kick, Actor: moderator()}, nil)
	if err != nil || res.Applied != 3 || r.emu.InRoom(appID, "stage-2", kick[0]) {
		t.Fatalf("kick: %+v %v", res, err)
	}
	res, err = r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActDismiss, Room: "stage-1", Actor: moderator()}, nil)
	if err != nil || res.Failed != 0 || r.emu.RoomExists(appID, "stage-1") {
		t.Fatalf("dismiss: %+v %v", res, err)
	}
	if _, err := r.engine.Prepare(c, backend.ActionRequest{Kind: backend.ActMute, Room: "lobby", Users: kick, Forever: true, Actor: moderator()}); !backend.IsInputError(err) {
		t.Fatalf("mute in a ZIM room: %v", err)
	}
}

func TestGroupsAgainstEmulator(t *testing.T) {
	r := newRig(t)
	r.emu.AddGroup(appID, "fans", "owner-1", "a", "b", "c", "d")
	r.emu.SetGroupRole(appID, "fans", "admin-bot", 2)
	c := r.client(t, true, "fans")
	ctx := context.Background()

	res, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActMute, Room: "fans", Users: []string{"a", "b", "ghost"},
		Duration: 10 * time.Minute, Actor: moderator()}, nil)
	if err != nil || res.Applied != 2 || res.Failed != 1 {
		t.Fatalf("mute: %+v %v", res, err)
	}
	if r.emu.GroupMutedUntil(appID, "fans", "a").IsZero() {
		t.Fatal("emulator did not mute a")
	}
	ms, err := c.ListMembers(ctx, "fans")
	if err != nil || len(ms) != 6 {
		t.Fatalf("members %d %v", len(ms), err)
	}
	muted := 0
	for _, m := range ms {
		if m.Muted(time.Now()) {
			muted++
		}
	}
	if muted != 2 {
		t.Fatalf("%d members shown muted, want 2", muted)
	}
	if _, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActUnmute, Room: "fans", Users: []string{"a"}, Actor: moderator()}, nil); err != nil {
		t.Fatal(err)
	}
	if mu, _ := c.ListMuted(ctx, "fans"); len(mu) != 1 || mu[0].UserID != "b" || !r.emu.GroupMutedUntil(appID, "fans", "a").IsZero() {
		t.Fatalf("after unmute: %+v", mu)
	}
	rooms, err := c.ListRooms(ctx)
	if err != nil || len(rooms) != 1 || rooms[0].Members != 6 {
		t.Fatalf("rooms %+v %v", rooms, err)
	}
	if res, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActKick, Room: "fans", Users: []string{"c"}, Actor: moderator()}, nil); err != nil || res.Applied != 1 || r.emu.InGroup(appID, "fans", "c") {
		t.Fatalf("kick: %+v %v", res, err)
	}
	if res, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActDismiss, Room: "fans", Actor: moderator()}, nil); err != nil || res.Failed != 0 || r.emu.GroupExists(appID, "fans") {
		t.Fatalf("dismiss: %+v %v", res, err)
	}
	if mu, _ := c.ListMuted(ctx, "fans"); len(mu) != 0 {
		t.Fatalf("a dismissed group keeps mutes: %+v", mu)
	}
}

func TestRetriesInjectedBusy(t *testing.T) {
	r := newRig(t)
	r.emu.AddRoom(appID, "r", "a")
	c := r.client(t, false, "r")
	r.env.SetFaults(emucore.Faults{ErrorRate: 0.5})
	for range 5 {
		if _, err := c.ListMembers(context.Background(), "r"); err != nil && !backend.Retryable(err) {
			t.Fatalf("non-retryable error under busy faults: %v", err)
		}
	}
	if r.env.Rec.Rejected("zego", "QueryRoomUserList", "100000005") != 0 {
		t.Fatal("a retry was rejected as a replay")
	}
}
