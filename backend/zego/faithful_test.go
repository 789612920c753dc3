package zego_test

import (
	"context"
	"testing"

	"github.com/quell-console/quell/backend"
)

// Issue #7 through the emulator: outcomes follow what ZEGO's pages say the
// answers mean (https://www.zegocloud.com/docs/zim-server/group/remove-group-member,
// .../room/remove-user-from-the-room).
func TestKickOutcomesAgainstEmulator(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.emu.AddGroup(appID, "fans", "owner-1", "a", "b")
	r.emu.SetGroupRole(appID, "fans", "admin-bot", 2)
	r.emu.RegisterUsers(appID, "left-already")
	groups := r.client(t, true, "fans")
	// A user already out of the group needs no action (660600008): done.
	res, err := r.engine.Run(ctx, groups, backend.ActionRequest{Kind: backend.ActKick, Room: "fans",
		Users: []string{"a", "left-already"}, Actor: moderator()}, nil)
	if err != nil || res.Applied != 2 || res.Failed != 0 || r.emu.InGroup(appID, "fans", "a") {
		t.Fatalf("group kick: %+v %v", res, err)
	}
	res, err = r.engine.Run(ctx, groups, backend.ActionRequest{Kind: backend.ActKick, Room: "fans",
		Users: []string{"left-already"}, Actor: moderator()}, nil)
	if err != nil || res.Applied != 1 || res.Failed != 0 {
		t.Fatalf("group kick of a non-member only: %+v %v", res, err)
	}

	// ZIM rooms: IDs may hold ',' and ' '; no per-user list comes back, so a
	// lone absent user is "not in room" from the call's own code.
	r.emu.AddRoom(appID, "stage, 1", "ann lee", "bob")
	rooms := r.client(t, false)
	res, err = r.engine.Run(ctx, rooms, backend.ActionRequest{Kind: backend.ActKick, Room: "stage, 1",
		Users: []string{"ann lee"}, Actor: moderator()}, nil)
	if err != nil || res.Applied != 1 || r.emu.InRoom(appID, "stage, 1", "ann lee") {
		t.Fatalf("room kick with a space: %+v %v", res, err)
	}
	res, err = r.engine.Run(ctx, rooms, backend.ActionRequest{Kind: backend.ActKick, Room: "stage, 1",
		Users: []string{"ann lee"}, Actor: moderator()}, nil)
	if err != nil || res.Failed != 1 || len(res.Outcomes) != 1 || res.Outcomes[0].Err == nil || res.Outcomes[0].Err.Code != "660300002" {
		t.Fatalf("room kick of an absent user: %+v %v", res, err)
	}
	res, err = r.engine.Run(ctx, rooms, backend.ActionRequest{Kind: backend.ActDismiss, Room: "stage, 1", Actor: moderator()}, nil)
	if err != nil || res.Failed != 0 || r.emu.RoomExists(appID, "stage, 1") {
		t.Fatalf("destroy with a comma: %+v %v", res, err)
	}
}
