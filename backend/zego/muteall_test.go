package zego_test

import (
	"context"
	"testing"

	"github.com/quell-console/quell/backend"
)

// TestMuteAllAgainstEmulator: mute-all is one MuteGroup call; quell
// remembers it (ZEGO cannot say) so the room's info shows it, and it never
// shows up as a muted member named "*".
func TestMuteAllAgainstEmulator(t *testing.T) {
	r := newRig(t)
	r.emu.AddGroup(appID, "fans", "owner-1", "a", "b")
	r.emu.SetGroupRole(appID, "fans", "admin-bot", 2)
	c := r.client(t, true, "fans")
	ctx := context.Background()
	res, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActMuteAll, Room: "fans", Actor: moderator()}, nil)
	if err != nil || res.Applied != 1 || res.Calls != 1 {
		t.Fatalf("mute-all: %+v %v", res, err)
	}
	if n := r.env.Rec.Calls("zego", "MuteGroup"); n != 1 || !r.emu.GroupAllMuted(appID, "fans") {
		t.Fatalf("%d MuteGroup calls, group muted %v", n, r.emu.GroupAllMuted(appID, "fans"))
	}
	if info, err := c.RoomInfo(ctx, "fans"); err != nil || !info.AllMuted {
		t.Fatalf("room info after mute-all: %+v %v", info, err)
	}
	if mu, err := c.ListMuted(ctx, "fans"); err != nil || len(mu) != 0 {
		t.Fatalf("muted members after mute-all: %+v %v", mu, err)
	}
	if _, err := r.engine.Run(ctx, c, backend.ActionRequest{Kind: backend.ActUnmuteAll, Room: "fans", Actor: moderator()}, nil); err != nil {
		t.Fatal(err)
	}
	if info, _ := c.RoomInfo(ctx, "fans"); info.AllMuted || r.emu.GroupAllMuted(appID, "fans") {
		t.Fatal("still everyone muted after unmute-all")
	}
	if _, err := c.Plan(backend.ActionRequest{Kind: backend.ActBan, Room: "fans", Users: []string{"a"}}); err == nil {
		t.Fatal("ZEGO planned a ban it has no API for")
	}
}
