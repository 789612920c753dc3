package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
)

func TestAppsCommand(t *testing.T) {
	h := newHarness(t)
	var apps []appJSON
	h.json(&apps, 0, "", "apps")
	if len(apps) != 7 {
		t.Fatalf("%d apps", len(apps))
	}
	by := map[string]appJSON{}
	for _, a := range apps {
		by[a.Name] = a
	}
	can := func(app, c string) bool { return strings.Contains(","+strings.Join(by[app].Can, ",")+",", ","+c+",") }
	if by[emulator.DemoChatLive].AV != emulator.DemoTRTCAV || !can(emulator.DemoChatLive, "block-av") {
		t.Errorf("chat-live: %+v", by[emulator.DemoChatLive])
	}
	if can(emulator.DemoZegoRooms, "mute") || !can(emulator.DemoZegoRooms, "kick") || by[emulator.DemoZegoRooms].Rooms != "zim-room" {
		t.Errorf("zego-rooms: %+v", by[emulator.DemoZegoRooms])
	}
	out := h.ok("apps")
	if !strings.Contains(out, "chat-live (+av trtc-av)") || !strings.HasPrefix(out, "APP ") {
		t.Errorf("table:\n%s", out)
	}
	// Building providers sends nothing.
	if n := len(h.srv.Env().Rec.Summary()); n != 0 {
		t.Errorf("apps sent %d kinds of calls", n)
	}
}

func TestListCommandsJSONShapes(t *testing.T) {
	h := newHarness(t)
	var rooms []map[string]any
	h.json(&rooms, 0, "", "rooms", "--app", emulator.DemoChatLive)
	if k := keysOf(t, rooms); k != "created_at,id,live,members,name,views" {
		t.Errorf("rooms keys: %s", k)
	}
	// A Chat live room's ViewCount is views, never members (#7).
	if rooms[0]["members"] != nil || rooms[0]["views"] == nil {
		t.Errorf("live room members %v views %v", rooms[0]["members"], rooms[0]["views"])
	}
	if _, err := time.Parse(time.RFC3339, rooms[0]["created_at"].(string)); err != nil {
		t.Errorf("created_at: %v", err)
	}

	h.srv.Chat().AddLiveRoom(emulator.DemoChatLiveSDKAppID, "shape-room", 4)
	var list map[string]any
	h.json(&list, 0, "", "members", "--app", emulator.DemoChatLive, "--room", "shape-room")
	if k := keysOf(t, []map[string]any{list}); k != "limit,members,shown,total,truncated" {
		t.Errorf("members list keys: %s", k)
	}
	if list["shown"].(float64) != 4 || list["total"].(float64) != 4 || list["truncated"] != false || list["limit"] != nil {
		t.Errorf("members list %v", list)
	}
	var members []map[string]any
	for _, m := range list["members"].([]any) {
		members = append(members, m.(map[string]any))
	}
	if k := keysOf(t, members); k != "av_block,banned_until,joined_at,muted_until,name,role,user" {
		t.Errorf("members keys: %s", k)
	}
	if members[0]["av_block"] != "none" {
		t.Errorf("av_block = %v", members[0]["av_block"])
	}

	h.ok("mute", "--app", emulator.DemoChatLive, "--room", "shape-room", "--for", "2h", members[0]["user"].(string))
	var muted []map[string]any
	h.json(&muted, 0, "", "muted", "--app", emulator.DemoChatLive, "--room", "shape-room")
	if k := keysOf(t, muted); k != "muted_until,user" {
		t.Errorf("muted keys: %s", k)
	}
	until, err := time.Parse(time.RFC3339, muted[0]["muted_until"].(string))
	if err != nil || until.Sub(time.Now()) < 119*time.Minute || until.Sub(time.Now()) > 121*time.Minute {
		t.Errorf("muted_until %v %v", until, err)
	}

	h.srv.Zego().RegisterUsers(emulator.DemoZegoRoomsAppID, "owner-1", "bad-1", "bad-2")
	h.srv.Zego().AddToBlacklist(emulator.DemoZegoRoomsAppID, "owner-1", "bad-1", "bad-2")
	var bl []map[string]any
	h.json(&bl, 0, "", "blacklist", "list", "--app", emulator.DemoZegoRooms, "--owner", "owner-1")
	if k := keysOf(t, bl); k != "since,user" || len(bl) != 2 {
		t.Errorf("blacklist: keys %s, %d entries", k, len(bl))
	}
}

func TestTablesAreSanitized(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"rooms", "--app", emulator.DemoChatLive},
		{"rooms", "--app", emulator.DemoChatGroups},
	} {
		out := h.ok(args...)
		if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
			t.Errorf("%v: terminal control reached the table", args)
		}
		if !strings.Contains(out, "␛") {
			t.Errorf("%v: the hostile names were not shown defanged", args)
		}
	}
}

func TestMuteUnmuteChatLive(t *testing.T) {
	h := newHarness(t)
	chat := h.srv.Chat()
	us := chat.AddLiveRoom(emulator.DemoChatLiveSDKAppID, "mute-room", 5)
	rec := h.srv.Env().Rec
	rec.Reset()
	rep := h.action(0, "", append([]string{"mute", "--app", emulator.DemoChatLive, "--room", "mute-room", "--for", "10m"}, us...)...)
	if rep.Action != "mute" || rep.App != emulator.DemoChatLive || rep.Room != "mute-room" || rep.Applied != 5 || rep.Failed != 0 ||
		len(rep.Results) != 5 || !rep.Results[0].OK || rep.Results[0].RequestID == "" {
		t.Fatalf("report %+v", rep)
	}
	for _, u := range us {
		if left := time.Until(chat.MutedUntil(emulator.DemoChatLiveSDKAppID, "mute-room", u)); left < 9*time.Minute || left > 11*time.Minute {
			t.Errorf("%s muted for %v", u, left)
		}
	}
	if n := rec.Calls("chat", "mute_member"); n != 1 {
		t.Errorf("mute_member calls = %d", n)
	}
	h.ok(append([]string{"unmute", "--app", emulator.DemoChatLive, "--room", "mute-room"}, us[:2]...)...)
	if !chat.MutedUntil(emulator.DemoChatLiveSDKAppID, "mute-room", us[0]).IsZero() ||
		chat.MutedUntil(emulator.DemoChatLiveSDKAppID, "mute-room", us[2]).IsZero() {
		t.Error("unmute did not lift exactly the named users")
	}
}

func TestMuteForeverChatGroup(t *testing.T) {
	h := newHarness(t)
	us := h.srv.Chat().AddGroup(emulator.DemoChatGroupsSDKAppID, "@TGS#itestforever", "Public", 4)[1:]
	h.ok(append([]string{"mute", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestforever", "--for", "forever"}, us...)...)
	var muted []mutedJSON
	h.json(&muted, 0, "", "muted", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestforever")
	if len(muted) != 3 {
		t.Fatalf("muted = %+v", muted)
	}
	for _, m := range muted {
		if m.MutedUntil == nil || *m.MutedUntil != "forever" {
			t.Errorf("%s muted_until %v", m.User, m.MutedUntil)
		}
	}
	out := h.ok("muted", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestforever")
	if strings.Count(out, "  forever\n") != 3 {
		t.Errorf("table:\n%s", out)
	}
}

func TestBlockUnblockKickTRTC(t *testing.T) {
	h := newHarness(t)
	trtc := h.srv.TRTC()
	us := users("viewer-", 4)
	trtc.AddRoom(emulator.DemoTRTCSDKAppID, "424242", us)
	app := emulator.DemoTRTCSDKAppID
	h.ok("block", "--app", emulator.DemoTRTC, "--room", "424242", "--video", us[0], us[1])
	h.ok("block", "--app", emulator.DemoTRTC, "--room", "424242", us[2])
	h.ok("block", "--app", emulator.DemoTRTC, "--room", "424242", "--audio", us[3])
	if got := []int{trtc.AVBlock(app, "424242", us[0]), trtc.AVBlock(app, "424242", us[1]), trtc.AVBlock(app, "424242", us[2]),
		trtc.AVBlock(app, "424242", us[3])}; got[0] != 3 || got[1] != 3 || got[2] != 1 || got[3] != 2 {
		t.Errorf("IsMute in the emulator = %v, want [3 3 1 2]", got)
	}
	// No TRTC API lists blocks: quell remembers them in its state store,
	// which lives as long as one process until the journal backs it, so a
	// later `members` run cannot show them yet; the emulator is the truth.
	var list membersListJSON
	h.json(&list, 0, "", "members", "--app", emulator.DemoTRTC, "--room", "424242")
	if len(list.Members) != 4 {
		t.Errorf("members = %+v", list.Members)
	}
	h.ok("unblock", "--app", emulator.DemoTRTC, "--room", "424242", us[0])
	if trtc.AVBlock(app, "424242", us[0]) != 0 {
		t.Error("unblock did not lift the block")
	}
	h.ok("kick", "--app", emulator.DemoTRTC, "--room", "424242", us[1], us[2])
	if trtc.InRoom(app, "424242", us[1]) || trtc.InRoom(app, "424242", us[2]) || !trtc.InRoom(app, "424242", us[3]) {
		t.Error("kick removed the wrong users")
	}
}

func TestBlockThroughChatAV(t *testing.T) {
	h := newHarness(t)
	var list membersListJSON
	h.json(&list, 0, "", "members", "--app", emulator.DemoChatLive, "--room", "live-007")
	if len(list.Members) == 0 {
		t.Fatal("no members in live-007")
	}
	u := list.Members[0].User
	h.srv.Env().Rec.Reset()
	h.ok("block", "--app", emulator.DemoChatLive, "--room", "live-007", u)
	if got := h.srv.TRTC().AVBlock(emulator.DemoTRTCAVSDKAppID, "live-007", u); got != 1 {
		t.Errorf("IsMute on trtc-av = %d", got)
	}
	if n := h.srv.Env().Rec.Calls("trtc", "SetUserBlockedByStrRoomId"); n != 1 {
		t.Errorf("SetUserBlockedByStrRoomId calls = %d", n)
	}
}

func TestKickFromStdinAndDismiss(t *testing.T) {
	h := newHarness(t)
	chat := h.srv.Chat()
	us := chat.AddGroup(emulator.DemoChatGroupsSDKAppID, "@TGS#itestkick", "Public", 6)[1:]
	r := h.run(strings.Join(us[:3], "\n")+"\n\n", "kick", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestkick", "-")
	if r.code != 0 || !strings.Contains(r.out, "kicked: 3 applied, 0 failed") {
		t.Fatalf("kick: %d\n%s%s", r.code, r.out, r.err)
	}
	for i, u := range us {
		if in := chat.InRoom(emulator.DemoChatGroupsSDKAppID, "@TGS#itestkick", u); in != (i >= 3) {
			t.Errorf("%s in group = %v", u, in)
		}
	}

	zego := h.srv.Zego()
	zego.AddRoom(emulator.DemoZegoRoomsAppID, "kick-room", "z1", "z2", "z3")
	h.ok("kick", "--app", emulator.DemoZegoRooms, "--room", "kick-room", "z1")
	if zego.InRoom(emulator.DemoZegoRoomsAppID, "kick-room", "z1") || !zego.InRoom(emulator.DemoZegoRoomsAppID, "kick-room", "z2") {
		t.Error("zego kick")
	}

	rec := h.srv.Env().Rec
	rec.Reset()
	r = h.run("", "dismiss", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestkick")
	if r.code != 2 || !strings.Contains(r.err, "--yes") || len(rec.Summary()) != 0 {
		t.Fatalf("dismiss without --yes: exit %d, calls %v\n%s", r.code, rec.Summary(), r.err)
	}
	rep := h.action(0, "", "dismiss", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestkick", "--yes")
	if rep.Applied != 1 || chat.RoomExists(emulator.DemoChatGroupsSDKAppID, "@TGS#itestkick") {
		t.Errorf("dismiss: %+v", rep)
	}
	// The room is gone: a second dismissal fails with the vendor's code.
	r = h.run("", "dismiss", "--app", emulator.DemoChatGroups, "--room", "@TGS#itestkick", "--yes")
	if r.code != 1 || !strings.Contains(r.out, "10010") {
		t.Errorf("second dismiss: exit %d\n%s%s", r.code, r.out, r.err)
	}
}

func TestBlacklistChatAndZego(t *testing.T) {
	h := newHarness(t)
	chat := h.srv.Chat()
	h.ok("blacklist", "add", "--app", emulator.DemoChatGroups, "--owner", "u000001", "u000002", "u000003")
	if !chat.Blacklisted(emulator.DemoChatGroupsSDKAppID, "u000001", "u000002") {
		t.Fatal("chat blacklist add")
	}
	var bl []blacklistJSON
	h.json(&bl, 0, "", "blacklist", "list", "--app", emulator.DemoChatGroups, "--owner", "u000001")
	found := 0
	for _, e := range bl {
		if e.User == "u000002" || e.User == "u000003" {
			found++
		}
	}
	if found != 2 {
		t.Errorf("list = %+v", bl)
	}
	h.ok("blacklist", "remove", "--app", emulator.DemoChatGroups, "--owner", "u000001", "u000002")
	if chat.Blacklisted(emulator.DemoChatGroupsSDKAppID, "u000001", "u000002") ||
		!chat.Blacklisted(emulator.DemoChatGroupsSDKAppID, "u000001", "u000003") {
		t.Error("chat blacklist remove")
	}

	zego := h.srv.Zego()
	zego.RegisterUsers(emulator.DemoZegoGroupsAppID, "boss", "troll")
	rep := h.action(0, "", "blacklist", "add", "--app", emulator.DemoZegoGroups, "--owner", "boss", "troll")
	if rep.Action != "blacklist-add" || rep.Room != "" || !zego.Blacklisted(emulator.DemoZegoGroupsAppID, "boss", "troll") {
		t.Errorf("zego add: %+v", rep)
	}
	h.ok("blacklist", "remove", "--app", emulator.DemoZegoGroups, "--owner", "boss", "troll")
	if zego.Blacklisted(emulator.DemoZegoGroupsAppID, "boss", "troll") {
		t.Error("zego remove")
	}
}

func TestZegoGroupMute(t *testing.T) {
	h := newHarness(t)
	zego := h.srv.Zego()
	zego.AddGroup(emulator.DemoZegoGroupsAppID, "grp-itest", emulator.DemoZegoOperator, "g1", "g2")
	h.ok("mute", "--app", emulator.DemoZegoGroups, "--room", "grp-itest", "--for", "7d", "g1")
	if left := time.Until(zego.GroupMutedUntil(emulator.DemoZegoGroupsAppID, "grp-itest", "g1")); left < 6*24*time.Hour {
		t.Errorf("g1 muted for %v", left)
	}
	// ZEGO lists no group mutes: quell's state store, one process long
	// until the journal backs it, is the only record, so a later `muted`
	// run lists nobody yet. It must still answer, not fail.
	var muted []mutedJSON
	h.json(&muted, 0, "", "muted", "--app", emulator.DemoZegoGroups, "--room", "grp-itest")
}
