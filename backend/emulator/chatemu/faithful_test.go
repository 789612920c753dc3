package chatemu

import (
	"testing"
)

// Issue #7: the emulator answers as Tencent's pages say.

// Community groups page get_group_member_info with Limit + Next; Offset is
// not supported for them (https://cloud.tencent.com/document/product/269/1617).
func TestCommunityMembersNextNotOffset(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "cg", "Community", 250)
	h.emu.AddGroup(testApp, "pg", "Public", 10)
	if a := h.post("group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "cg", "Limit": 100, "Offset": 0}); a.code() != codeGroupParam {
		t.Fatalf("Offset on a Community group: %v", a)
	}
	if a := h.post("group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "pg", "Limit": 100, "Next": ""}); a.code() != codeGroupParam {
		t.Fatalf("Next on a Public group: %v", a)
	}
	seen := map[string]bool{}
	next := ""
	for range 10 {
		a := h.mustOK(h.post("group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "cg", "Limit": 100, "Next": next}))
		for _, m := range a["MemberList"].([]any) {
			seen[m.(map[string]any)["Member_Account"].(string)] = true
		}
		if next = a["Next"].(string); next == "" {
			break
		}
	}
	if len(seen) != 250 {
		t.Fatalf("Next paging listed %d of 250", len(seen))
	}
}

// get_room_list's ViewCount is views, not members, and orders the list.
func TestRoomListByViewCount(t *testing.T) {
	h := newHarness(t)
	h.emu.AddLiveRoom(testApp, "few", 2)
	h.emu.AddLiveRoom(testApp, "many", 2)
	h.emu.SetViews(testApp, "many", 500)
	a := h.mustOK(h.post("live_engine_http_srv", "get_room_list", map[string]any{"Next": "", "Count": 20}))
	list := a.resp()["RoomList"].([]any)
	first := list[0].(map[string]any)
	if first["RoomId"] != "many" || first["ViewCount"].(float64) != 500 {
		t.Fatalf("first room %v: the list is sorted by ViewCount", first)
	}
	if v := list[1].(map[string]any)["ViewCount"].(float64); v == 2 {
		t.Fatalf("ViewCount %v equals the member count: views are every join, not who is in", v)
	}
}
