package tencentchat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// TestEngineBans45LiveMembersInThreeCalls is issue #7's "done when":
// banning 45 users of a live room makes 3 ban_member calls (20 a call), the
// users leave the room, the banned list holds them, and unban (ban's undo)
// lifts every ban in 3 unban_member calls.
func TestEngineBans45LiveMembersInThreeCalls(t *testing.T) {
	w := newWorld(t)
	members := w.emu.AddLiveRoom(itApp, "stage", 60)
	users := members[:45]
	c, eng := w.engineClient(t, false)
	ctx := context.Background()

	res, err := eng.Run(ctx, c, backend.ActionRequest{Room: "stage", Kind: backend.ActBan, Users: users,
		Duration: 2 * time.Hour, Reason: "spam", Actor: moderator}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 45 || res.Calls != 3 {
		t.Fatalf("applied %d in %d calls, want 45 in 3: %v", res.Applied, res.Calls, outcomeErrors(res))
	}
	rec := w.env.Rec
	if n := rec.Calls("chat", "ban_member"); n != 3 {
		t.Fatalf("emulator received %d ban_member, want 3", n)
	}
	if rec.AppliedUsers("chat", "ban_member") != 45 || rec.MaxApplied("chat", "ban_member") != 1 || rec.Rejected("chat", "ban_member", "") != 0 {
		t.Fatalf("ban_member applied to %d users (max %d each), %d rejected", rec.AppliedUsers("chat", "ban_member"),
			rec.MaxApplied("chat", "ban_member"), rec.Rejected("chat", "ban_member", ""))
	}
	for _, u := range users {
		if w.emu.InRoom(itApp, "stage", u) {
			t.Fatalf("%s is still in the room after the ban", u)
		}
	}
	banned, err := c.ListBanned(ctx, "stage")
	if err != nil {
		t.Fatal(err)
	}
	if len(banned) != 45 {
		t.Fatalf("banned list holds %d, want 45", len(banned))
	}
	for _, b := range banned {
		if left := time.Until(b.BannedUntil); left < time.Hour || left > 2*time.Hour+time.Minute {
			t.Fatalf("%s banned until %v, want about 2h from now", b.UserID, b.BannedUntil)
		}
	}

	spec, _ := backend.Spec(backend.ActBan)
	res, err = eng.Run(ctx, c, backend.ActionRequest{Room: "stage", Kind: spec.Inverse, Users: users, Actor: moderator}, nil)
	if err != nil || res.Applied != 45 || res.Calls != 3 {
		t.Fatalf("unban: %v applied %d calls %d", err, res.Applied, res.Calls)
	}
	if banned, _ := c.ListBanned(ctx, "stage"); len(banned) != 0 {
		t.Fatalf("after unban %d are still banned", len(banned))
	}
}

// TestEngineBansGroupMembers: groups ban with ban_group_member, 20 a call,
// and list bans with get_group_ban_member.
func TestEngineBansGroupMembers(t *testing.T) {
	w := newWorld(t)
	members := w.emu.AddGroup(itApp, "@TGS#2BAN", "AVChatRoom", 31)
	users := members[1:] // all but the owner
	c, eng := w.engineClient(t, true)
	ctx := context.Background()
	res, err := eng.Run(ctx, c, backend.ActionRequest{Room: "@TGS#2BAN", Kind: backend.ActBan, Users: users,
		Forever: true, Reason: "raid", Actor: moderator}, nil)
	if err != nil || res.Applied != 30 || res.Calls != 2 {
		t.Fatalf("ban: %v applied %d calls %d: %v", err, res.Applied, res.Calls, outcomeErrors(res))
	}
	if n := w.env.Rec.Calls("chat", "ban_group_member"); n != 2 {
		t.Fatalf("emulator received %d ban_group_member, want 2", n)
	}
	banned, err := c.ListBanned(ctx, "@TGS#2BAN")
	if err != nil || len(banned) != 30 {
		t.Fatalf("banned list: %d, %v", len(banned), err)
	}
	if !backend.IsForever(banned[0].BannedUntil) {
		t.Errorf("a forever ban reads as %v", banned[0].BannedUntil)
	}
}

// TestBanRefusesBadInputBeforeSending: a ban needs a length, and a live
// room's Reason is at most 200 bytes; nothing is sent for either.
func TestBanRefusesBadInputBeforeSending(t *testing.T) {
	w := newWorld(t)
	w.emu.AddLiveRoom(itApp, "stage", 3)
	c, eng := w.engineClient(t, false)
	for _, req := range []backend.ActionRequest{
		{Room: "stage", Kind: backend.ActBan, Users: []string{"a"}, Actor: moderator},
		{Room: "stage", Kind: backend.ActBan, Users: []string{"a"}, Duration: time.Hour, Reason: strings.Repeat("r", 201), Actor: moderator},
	} {
		if _, err := eng.Prepare(c, req); !backend.IsInputError(err) {
			t.Errorf("%+v: want an input error, got %v", req, err)
		}
	}
	if n := w.env.Rec.Calls("chat", "ban_member"); n != 0 {
		t.Fatalf("%d ban_member sent for bad input", n)
	}
}

// TestEngineMutesEveryoneInOneCall: mute-all is one update_room_info (live)
// or modify_group_base_info (group) call, and the room's info says so.
func TestEngineMutesEveryoneInOneCall(t *testing.T) {
	for _, group := range []bool{false, true} {
		w := newWorld(t)
		room := "stage"
		call := "update_room_info"
		if group {
			room, call = "@TGS#2ALL", "modify_group_base_info"
			w.emu.AddGroup(itApp, room, "Public", 5)
		} else {
			w.emu.AddLiveRoom(itApp, room, 5)
		}
		c, eng := w.engineClient(t, group)
		ctx := context.Background()
		res, err := eng.Run(ctx, c, backend.ActionRequest{Room: room, Kind: backend.ActMuteAll, Actor: moderator}, nil)
		if err != nil || res.Applied != 1 || res.Calls != 1 {
			t.Fatalf("group=%v: %v applied %d calls %d: %v", group, err, res.Applied, res.Calls, outcomeErrors(res))
		}
		if n := w.env.Rec.Calls("chat", call); n != 1 {
			t.Fatalf("group=%v: %d %s calls, want 1", group, n, call)
		}
		info, err := c.RoomInfo(ctx, room)
		if err != nil || !info.AllMuted {
			t.Fatalf("group=%v: after mute-all, room info %+v, %v", group, info, err)
		}
		if _, err := eng.Run(ctx, c, backend.ActionRequest{Room: room, Kind: backend.ActUnmuteAll, Actor: moderator}, nil); err != nil {
			t.Fatal(err)
		}
		if info, _ := c.RoomInfo(ctx, room); info.AllMuted {
			t.Fatalf("group=%v: still everyone muted after unmute-all", group)
		}
	}
}
