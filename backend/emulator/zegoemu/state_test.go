package zegoemu

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

func subcodes(es []userErr) map[string]int64 {
	m := map[string]int64{}
	for _, e := range es {
		m[e.UserID] = e.SubCode
	}
	return m
}

func TestBlacklistErrList(t *testing.T) {
	h := newHarness(t)
	h.emu.RegisterUsers(testApp, "owner", "a", "b", "c")
	h.emu.AddToBlacklist(testApp, "owner", "c")

	r := h.post("AddUsersToBlacklist", map[string]any{"FromUserId": "owner", "UserIds": []string{"a", "b", "c", "owner", "ghost"}})
	if r.Code != 0 {
		t.Fatalf("some succeeded, want Code 0; got %d", r.Code)
	}
	want := map[string]int64{"c": cAlreadyBlocked, "owner": cBlockSelf, "ghost": cNotRegistered}
	if got := subcodes(r.ErrList); !mapsEqual(got, want) {
		t.Fatalf("ErrList %v, want %v", got, want)
	}
	if !h.emu.Blacklisted(testApp, "owner", "a") || !h.emu.Blacklisted(testApp, "owner", "b") {
		t.Fatal("a and b not blacklisted")
	}

	h.now = h.now.Add(time.Second)
	r = h.post("AddUsersToBlacklist", map[string]any{"FromUserId": "owner", "UserIds": []string{"a", "ghost"}})
	if r.Code != cAddAllFailed || len(r.ErrList) != 2 {
		t.Fatalf("all failed: %+v", r)
	}

	r = h.post("RemoveUsersFromBlacklist", map[string]any{"FromUserId": "owner", "UserIds": []string{"a", "zzz"}})
	h.emu.RegisterUsers(testApp, "zzz")
	if r.Code != 0 || subcodes(r.ErrList)["zzz"] != cNotRegistered {
		t.Fatalf("remove: %+v", r)
	}
	r = h.post("RemoveUsersFromBlacklist", map[string]any{"FromUserId": "owner", "UserIds": []string{"a", "zzz"}})
	if r.Code != cRemAllFailed || subcodes(r.ErrList)["a"] != cNotBlocked {
		t.Fatalf("remove again: %+v", r)
	}
	if h.emu.Blacklisted(testApp, "owner", "a") {
		t.Fatal("a still blacklisted")
	}
	if h.env.Rec.AppliedUsers(vendor, "AddUsersToBlacklist") != 2 || h.env.Rec.MaxApplied(vendor, "AddUsersToBlacklist") != 1 {
		t.Fatal("applied users not recorded once each")
	}
}

func TestBlacklistFull(t *testing.T) {
	h := newHarness(t)
	full := ids("f", blacklistCapacity)
	h.emu.RegisterUsers(testApp, append(full, "owner", "x")...)
	h.emu.AddToBlacklist(testApp, "owner", full...)
	r := h.post("AddUsersToBlacklist", map[string]any{"FromUserId": "owner", "UserIds": []string{"x"}})
	if r.Code != cAddAllFailed || subcodes(r.ErrList)["x"] != cBlacklistFull {
		t.Fatalf("%+v", r)
	}
	// Paging: 1,000 entries in pages of 100, Next 0 at the end.
	var got []string
	next := int64(0)
	for range 20 {
		h.now = h.now.Add(time.Second)
		p := h.get("QueryBlacklist", "FromUserId=owner&Limit=100&Next="+strconv.FormatInt(next, 10))
		if p.Code != 0 || p.TotalCount != blacklistCapacity {
			t.Fatalf("page: %+v", p.Code)
		}
		for _, b := range p.Blacklist {
			got = append(got, b.UserId)
		}
		if next = p.Next; next == 0 {
			break
		}
	}
	if len(got) != blacklistCapacity {
		t.Fatalf("paged %d entries", len(got))
	}
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRoomPagingKeepsLimit(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "r", ids("u", 1234)...)
	seen := map[string]bool{}
	flag := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		h.now = h.now.Add(100 * time.Millisecond)
		r := h.get("QueryRoomUserList", "RoomId=r&Mode=0&Limit=500&NextFlag="+flag)
		if r.Code != 0 || r.Count != 1234 {
			t.Fatalf("page %d: %+v", pages, r.Code)
		}
		for _, u := range r.UserList {
			seen[u.UserId] = true
		}
		// ZEGO ends a listing with NextFlag "0"; a client that waits for ""
		// would start over from the first page forever.
		if flag = r.NextFlag; flag == "0" {
			break
		}
		if flag == "" {
			t.Fatalf("page %d: empty NextFlag, want a flag or \"0\"", pages)
		}
		if pages == 0 {
			if c := h.get("QueryRoomUserList", "RoomId=r&Limit=100&NextFlag="+flag).Code; c != cBadParam {
				t.Fatalf("changing Limit between pages: code %d", c)
			}
		}
	}
	if len(seen) != 1234 {
		t.Fatalf("saw %d users", len(seen))
	}
	h.get("KickoutRoomUser", "RoomId=r&"+arr("UserId", ids("u", 50)))
	if h.emu.RoomSize(testApp, "r") != 1184 {
		t.Fatal("kick did not apply")
	}
}

func TestGroupRoundTrip(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "g", "owner", ids("m", 1500)...)
	h.emu.SetGroupRole(testApp, "g", "bot", 2)
	h.emu.RegisterUsers(testApp, "outsider", "plain")
	h.emu.AddGroup(testApp, "g", "", "plain")

	r := h.get("MuteGroupMembers", "FromUserId=bot&GroupId=g&Duration=600&UserIds[]=m1&UserIds[]=outsider&UserIds[]=nobody")
	if r.Code != 0 || subcodes(r.ErrorUsers)["outsider"] != cNotInRoom || subcodes(r.ErrorUsers)["nobody"] != cNotRegistered {
		t.Fatalf("mute: %+v", r)
	}
	if got := h.emu.GroupMutedUntil(testApp, "g", "m1"); !got.Equal(h.now.Add(600 * time.Second)) {
		t.Fatalf("muted until %v", got)
	}
	h.get("MuteGroupMembers", "FromUserId=bot&GroupId=g&Duration=-1&UserIds[]=m2")
	h.get("MuteGroupMembers", "FromUserId=bot&GroupId=g&Duration=0&UserIds[]=m1")
	if !h.emu.GroupMutedUntil(testApp, "g", "m1").IsZero() || h.emu.GroupMutedUntil(testApp, "g", "m2").Year() != 9999 {
		t.Fatal("unmute or permanent mute wrong")
	}
	if c := h.get("MuteGroupMembers", "FromUserId=plain&GroupId=g&Duration=60&UserIds[]=m3").Code; c != cBadParam {
		t.Fatalf("plain member muting: code %d", c)
	}

	var members []string
	next := int64(0)
	for {
		p := h.post("QueryGroupMemberList", map[string]any{"GroupId": "g", "Limit": 1000, "Next": next})
		if p.Code != 0 || p.TotalCount != 1503 {
			t.Fatalf("page: %+v", p.Code)
		}
		for _, m := range p.MemberList {
			members = append(members, m.UserId)
		}
		if next = p.Next; next == 0 {
			break
		}
	}
	if len(members) != 1503 || !slices.Contains(members, "owner") {
		t.Fatalf("listed %d members", len(members))
	}
	r = h.post("KickoutGroupUser", map[string]any{"FromUserId": "bot", "GroupId": "g", "UserId": []string{"m5", "outsider"}})
	if r.Code != 0 || h.emu.InGroup(testApp, "g", "m5") || subcodes(r.ErrorList)["outsider"] != cNotInGroup {
		t.Fatalf("kick: %+v", r)
	}
}

func TestSeedDemoDeterministic(t *testing.T) {
	build := func() *Emulator {
		env := emucore.NewEnv(7)
		env.SetClock(func() time.Time { return t0 })
		e := New(env)
		e.AddApp(App{AppID: 9, ServerSecret: "s"})
		e.SeedDemo(9)
		return e
	}
	a, b := build(), build()
	rooms := a.DemoRooms(9)
	if !slices.Equal(rooms, b.DemoRooms(9)) || rooms[0] != "lobby" || rooms[1] != "stage-1" {
		t.Fatalf("rooms %v", rooms)
	}
	if a.RoomSize(9, "lobby") != 20000 {
		t.Fatalf("lobby has %d", a.RoomSize(9, "lobby"))
	}
	for _, r := range rooms {
		if a.RoomSize(9, r) != b.RoomSize(9, r) {
			t.Fatalf("room %s differs between equal seeds", r)
		}
		if !validID(r) {
			t.Fatalf("room ID %q breaks the charset", r)
		}
	}
	if len(a.DemoGroups(9)) < 3 {
		t.Fatal("few groups")
	}
	hostile := 0
	a.with(9, func(ap *app) {
		for id, name := range ap.users {
			if !validID(id) {
				t.Fatalf("user ID %q breaks the charset", id)
			}
			for _, c := range name {
				if c == 0x1b {
					hostile++
					break
				}
			}
		}
	})
	if hostile == 0 {
		t.Fatal("no hostile names seeded")
	}
}

func TestChurnMovesAndExpiresMutes(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "r", ids("u", 100)...)
	h.emu.AddGroup(testApp, "g", "owner", ids("u", 50)...)
	h.get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=60&UserIds[]=u1")
	h.get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=-1&UserIds[]=u2")
	before := h.emu.RoomSize(testApp, "r")
	changed := false
	for i := range 50 {
		h.emu.Churn(t0.Add(time.Duration(i) * time.Second))
		if h.emu.RoomSize(testApp, "r") != before {
			changed = true
		}
	}
	if !changed {
		t.Fatal("churn never changed the room")
	}
	h.emu.Churn(t0.Add(2 * time.Minute))
	h.now = t0.Add(2 * time.Minute)
	if !h.emu.GroupMutedUntil(testApp, "g", "u1").IsZero() {
		t.Fatal("expired mute kept")
	}
	if h.emu.InGroup(testApp, "g", "u2") && h.emu.GroupMutedUntil(testApp, "g", "u2").IsZero() {
		t.Fatal("permanent mute expired")
	}
}
