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

// Point 16 through the emulator: a group app lists its groups without any
// watch, paced at QueryAppGroupList's 1/s so ZEGO never answers 660600007.
func TestGroupsListedAgainstEmulator(t *testing.T) {
	r := newRig(t)
	r.emu.SeedDemo(appID)
	c := r.client(t, true) // no watch
	ctx := context.Background()
	for range 2 {
		rooms, err := c.ListRooms(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rooms) != len(r.emu.DemoGroups(appID)) {
			t.Fatalf("listed %d groups, want %d: %+v", len(rooms), len(r.emu.DemoGroups(appID)), rooms)
		}
		named := false
		for _, g := range rooms {
			if g.Members <= 0 || !g.Live {
				t.Errorf("group %+v", g)
			}
			named = named || g.Name != g.ID
		}
		if !named {
			t.Error("GroupName not shown")
		}
	}
	if n := r.env.Rec.Rejected("zego", "QueryAppGroupList", "660600007"); n != 0 {
		t.Fatalf("%d QueryAppGroupList calls over 1/s", n)
	}
	if n := r.env.Rec.Calls("zego", "QueryAppGroupList"); n != 2 {
		t.Fatalf("%d QueryAppGroupList calls, want 2", n)
	}
}
