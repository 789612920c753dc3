package tencentchat_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator/chatemu"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/tencentchat"
)

const (
	itApp   = uint64(1400012345)
	itAdmin = "administrator"
	itKey   = "integration-secret-key"
)

type world struct {
	env *emucore.Env
	emu *chatemu.Emulator
	url string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := emucore.NewEnv(3)
	emu := chatemu.New(env)
	emu.AddApp(chatemu.App{SDKAppID: itApp, Admin: itAdmin, SecretKey: itKey})
	srv := httptest.NewServer(env.Middleware(emu))
	t.Cleanup(srv.Close)
	return &world{env: env, emu: emu, url: srv.URL}
}

func (w *world) client(t *testing.T, group bool, key string) *tencentchat.Client {
	t.Helper()
	c, err := tencentchat.New(tencentchat.Options{Name: "it", SDKAppID: itApp, Admin: itAdmin, SecretKey: key, Endpoint: w.url, Group: group},
		backend.Deps{Pacer: backend.NewPacer(nil)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run executes a plan in its batches, as the engine would, without retries.
func run(t *testing.T, p backend.Provider, req backend.ActionRequest) []backend.BatchResult {
	t.Helper()
	plan, err := p.Plan(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []backend.BatchResult
	if plan.BatchSize == 0 {
		return []backend.BatchResult{plan.Exec(context.Background(), nil)}
	}
	for i := 0; i < len(req.Users); i += plan.BatchSize {
		r := plan.Exec(context.Background(), req.Users[i:min(i+plan.BatchSize, len(req.Users))])
		if r.Err != nil {
			t.Fatalf("%s: %v", plan.Call, r.Err)
		}
		out = append(out, r)
	}
	return out
}

func TestIntegrationLiveRooms(t *testing.T) {
	w := newWorld(t)
	w.emu.SeedDemo(itApp)
	c := w.client(t, false, itKey)
	ctx := context.Background()
	rooms, err := c.ListRooms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != len(w.emu.LiveRooms(itApp)) || len(rooms) < 21 {
		t.Fatalf("listed %d rooms", len(rooms))
	}
	big := w.emu.AddLiveRoom(itApp, "big", 20000)
	ms, err := c.ListMembers(ctx, "big")
	if err != nil || len(ms) != 1000 {
		t.Fatalf("members %d err %v", len(ms), err)
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActMute, Room: "big", Users: big[:45], Duration: 10 * time.Minute})
	run(t, c, backend.ActionRequest{Kind: backend.ActMute, Room: "big", Users: big[45:46], Forever: true})
	if w.env.Rec.Calls("chat", "mute_member") != 4 || w.env.Rec.AppliedUsers("chat", "mute_member") != 46 {
		t.Fatalf("mute_member calls %d applied %d", w.env.Rec.Calls("chat", "mute_member"), w.env.Rec.AppliedUsers("chat", "mute_member"))
	}
	muted, err := c.ListMuted(ctx, "big")
	if err != nil || len(muted) != 46 {
		t.Fatalf("muted %d err %v", len(muted), err)
	}
	forever := 0
	for _, m := range muted {
		if backend.IsForever(m.MutedUntil) {
			forever++
		}
	}
	if forever != 1 {
		t.Fatalf("%d muted forever, want 1", forever)
	}
	ms, _ = c.ListMembers(ctx, "big")
	if !ms[0].Muted(time.Now()) {
		t.Fatal("ListMembers does not merge mutes")
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActUnmute, Room: "big", Users: big[:45]})
	if !w.emu.MutedUntil(itApp, "big", big[0]).IsZero() {
		t.Fatal("unmute did not reach the emulator")
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActDismiss, Room: "big"})
	if w.emu.RoomExists(itApp, "big") {
		t.Fatal("room not dismissed")
	}
	_, err = c.ListMembers(ctx, "big")
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "100004" {
		t.Fatalf("listing a dismissed room: %v", err)
	}
}

func TestIntegrationGroups(t *testing.T) {
	w := newWorld(t)
	pub := w.emu.AddGroup(itApp, "@TGS#2PUBLIC", "Public", 1201)
	av := w.emu.AddGroup(itApp, "@TGS#2AVROOM", "AVChatRoom", 700)
	c := w.client(t, true, itKey)
	ctx := context.Background()
	rooms, err := c.ListRooms(ctx)
	if err != nil || len(rooms) != 2 || rooms[0].Members != 1201 {
		t.Fatalf("rooms %+v err %v", rooms, err)
	}
	ms, err := c.ListMembers(ctx, "@TGS#2PUBLIC")
	if err != nil || len(ms) != 1201 {
		t.Fatalf("members %d err %v", len(ms), err)
	}
	// muting 1,200 members makes exactly 3 forbid_send_msg calls
	run(t, c, backend.ActionRequest{Kind: backend.ActMute, Room: "@TGS#2PUBLIC", Users: pub[1:], Duration: time.Hour})
	if n := w.env.Rec.Calls("chat", "forbid_send_msg"); n != 3 {
		t.Fatalf("forbid_send_msg calls %d, want 3", n)
	}
	if w.env.Rec.MaxApplied("chat", "forbid_send_msg") != 1 || w.env.Rec.AppliedUsers("chat", "forbid_send_msg") != 1200 {
		t.Fatal("a user was muted twice or not at all")
	}
	muted, err := c.ListMuted(ctx, "@TGS#2PUBLIC")
	if err != nil || len(muted) != 1200 {
		t.Fatalf("muted %d err %v", len(muted), err)
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActKick, Room: "@TGS#2PUBLIC", Users: pub[1:251]})
	if w.env.Rec.Calls("chat", "delete_group_member") != 3 || w.emu.InRoom(itApp, "@TGS#2PUBLIC", pub[1]) {
		t.Fatal("kick not applied in 3 calls")
	}
	avMembers, err := c.ListMembers(ctx, "@TGS#2AVROOM")
	if err != nil || len(avMembers) != 700 {
		t.Fatalf("AVChatRoom members %d err %v", len(avMembers), err)
	}
	// the type is known from the list: kick is refused before sending
	var ue *backend.UnsupportedError
	if _, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "@TGS#2AVROOM", Users: av[1:2]}); !errors.As(err, &ue) {
		t.Fatalf("AVChatRoom kick planned: %v", err)
	}
	// a fresh client that does not know the type meets the server's 10004
	fresh := w.client(t, true, itKey)
	plan, err := fresh.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "@TGS#2AVROOM", Users: av[1:2]})
	if err != nil {
		t.Fatal(err)
	}
	var ve *backend.VendorError
	if res := plan.Exec(ctx, av[1:2]); !errors.As(res.Err, &ve) || ve.Code != "10004" || ve.Retryable {
		t.Fatalf("AVChatRoom kick: %v", res.Err)
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActDismiss, Room: "@TGS#2AVROOM"})
	if _, err := fresh.ListMuted(ctx, "@TGS#2AVROOM"); !errors.As(err, &ve) || ve.Code != "10010" {
		t.Fatalf("dismissed group: %v", err)
	}
}

func TestIntegrationBlacklistAndAuth(t *testing.T) {
	w := newWorld(t)
	c := w.client(t, false, itKey)
	ctx := context.Background()
	add := backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "own", Users: []string{"a", "b", "c"}}
	if res := run(t, c, add); len(res[0].Failed) != 0 {
		t.Fatalf("failed %v", res[0].Failed)
	}
	// adding again counts as done
	if res := run(t, c, add); len(res[0].Failed) != 0 {
		t.Fatalf("re-add failed %v", res[0].Failed)
	}
	list, err := c.ListBlacklist(ctx, "own")
	if err != nil || len(list) != 3 || list[0].Since.IsZero() {
		t.Fatalf("list %+v err %v", list, err)
	}
	res := run(t, c, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "own", Users: []string{"own"}})
	if res[0].Failed["own"] == nil {
		t.Fatal("blocking oneself must fail per user")
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActBlacklistRemove, Owner: "own", Users: []string{"a", "zz"}})
	if w.emu.Blacklisted(itApp, "own", "a") || !w.emu.Blacklisted(itApp, "own", "b") {
		t.Fatal("remove not applied")
	}

	bad := w.client(t, false, "wrong-key")
	_, err = bad.ListRooms(ctx)
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "70009" || ve.Retryable || backend.Retryable(err) {
		t.Fatalf("wrong key: %v", err)
	}

	w.env.SetFaults(emucore.Faults{ErrorRate: 1})
	_, err = c.ListBlacklist(ctx, "own")
	if !errors.As(err, &ve) || ve.Code != "70500" || !backend.Retryable(err) {
		t.Fatalf("injected error: %v", err)
	}
}
