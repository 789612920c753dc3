package chatemu

import (
	"fmt"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/tencentchat"
)

func TestAuthFailuresUseVendorCodes(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "g1", "Public", 3)
	expired, _ := tencentchat.UserSig(testKey, testApp, testAdmin, t0.Add(-48*time.Hour), 24*time.Hour)
	otherKey, _ := tencentchat.UserSig("other-key", testApp, testAdmin, t0, time.Hour)
	otherApp, _ := tencentchat.UserSig(testKey, testApp+1, testAdmin, t0, time.Hour)
	body := map[string]any{"GroupId": "g1"}
	path := "/v4/group_open_http_svc/get_group_muted_account"
	cases := []struct {
		name string
		path string
		over map[string]string
		body any
		code int
	}{
		{"expired", path, map[string]string{"usersig": expired}, body, 70001},
		{"other key", path, map[string]string{"usersig": otherKey}, body, 70009},
		{"other sdkappid in sig", path, map[string]string{"usersig": otherApp}, body, 70014},
		{"sig for another user", path, map[string]string{"usersig": h.sig("bob")}, body, 70013},
		{"garbage sig", path, map[string]string{"usersig": "abc"}, body, 70003},
		{"empty sig", path, map[string]string{"usersig": ""}, body, 70002},
		{"not the admin", path, map[string]string{"identifier": "bob", "usersig": h.sig("bob")}, body, 60010},
		{"unknown sdkappid", path, map[string]string{"sdkappid": "1400999999"}, body, 70020},
		{"no sdkappid", path, map[string]string{"sdkappid": "\x00"}, body, 60012},
		{"no contenttype", path, map[string]string{"contenttype": "\x00"}, body, 60002},
		{"random too big", path, map[string]string{"random": "4294967296"}, body, 60002},
		{"unknown group command", "/v4/group_open_http_svc/no_such", nil, body, 10003},
		{"unknown service", "/v4/nope/get_room_list", nil, body, 60009},
		{"bad path", "/v4/only", nil, body, 60009},
		{"bad JSON", path, nil, "{not json", 60003},
		{"ok", path, nil, body, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h.t = t
			a := h.postQ(c.path, h.query(c.over), c.body)
			if a.code() != c.code {
				t.Fatalf("code %d (%v), want %d", a.code(), a["ErrorInfo"], c.code)
			}
			if a["RequestId"] == "" {
				t.Fatal("no RequestId")
			}
		})
	}
	if n := h.env.Rec.Rejected(vendor, "get_group_muted_account", "70001"); n != 1 {
		t.Fatalf("recorded %d rejections with 70001, want 1", n)
	}
}

func TestBatchLimits(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "pub", "Public", 10)
	h.emu.AddLiveRoom(testApp, "live", 10)
	ids := func(n int) []string { return users("x", n) }
	cases := []struct {
		svc, cmd string
		body     map[string]any
		code     int
	}{
		{"group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "pub", "Members_Account": ids(501), "MuteTime": 60}, 10005},
		{"group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "pub", "Members_Account": ids(500), "MuteTime": 60}, 0},
		{"group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "pub", "Members_Account": ids(1), "MuteTime": 4294967296}, 10004},
		{"group_open_http_svc", "delete_group_member", map[string]any{"GroupId": "pub", "MemberToDel_Account": ids(101)}, 10005},
		{"group_open_http_svc", "delete_group_member", map[string]any{"GroupId": "pub", "MemberToDel_Account": ids(100)}, 0},
		{"group_open_http_svc", "get_group_info", map[string]any{"GroupIdList": ids(51)}, 10004},
		{"group_open_http_svc", "get_group_info", map[string]any{"GroupIdList": ids(50)}, 0},
		{"group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "pub", "Limit": 201}, 10004},
		{"sns", "black_list_add", map[string]any{"From_Account": "o", "To_Account": ids(1001)}, 30001},
		{"sns", "black_list_add", map[string]any{"From_Account": "o", "To_Account": ids(1000)}, 0},
		{"sns", "black_list_delete", map[string]any{"From_Account": "o", "To_Account": ids(1001)}, 30001},
		{"sns", "black_list_get", map[string]any{"From_Account": "o", "StartIndex": 0, "MaxLimited": 1001, "LastSequence": 0}, 30001},
		{"live_engine_http_srv", "mute_member", map[string]any{"RoomId": "live", "MemberList_Account": ids(21), "MuteTime": 60}, 100002},
		{"live_engine_http_srv", "mute_member", map[string]any{"RoomId": "live", "MemberList_Account": ids(20), "MuteTime": 60}, 0},
		{"live_engine_http_srv", "ban_member", map[string]any{"RoomId": "live", "MemberList_Account": ids(21), "Duration": 60}, 100002},
		{"live_engine_http_srv", "get_room_list", map[string]any{"Next": "", "Count": 21}, 100002},
	}
	for i, c := range cases {
		h.now = h.now.Add(2 * time.Second) // stay clear of the 1/s and 10/s windows
		if a := h.post(c.svc, c.cmd, c.body); a.code() != c.code {
			t.Errorf("case %d %s with %d: code %d (%v), want %d", i, c.cmd, len(c.body), a.code(), a["ErrorInfo"], c.code)
		}
	}
}

func TestRateLimits(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"Limit": 10000, "Next": 0}
	h.mustOK(h.post("group_open_http_svc", "get_appid_group_list", body))
	if a := h.post("group_open_http_svc", "get_appid_group_list", body); a.code() != 60007 {
		t.Fatalf("second get_appid_group_list in a second: code %d, want 60007", a.code())
	}
	h.now = h.now.Add(1001 * time.Millisecond)
	h.mustOK(h.post("group_open_http_svc", "get_appid_group_list", body))

	for i := range 10 {
		if a := h.post("live_engine_http_srv", "get_room_list", map[string]any{"Next": "", "Count": 20}); a.code() != 0 {
			t.Fatalf("get_room_list %d within 10/s rejected: %d", i, a.code())
		}
	}
	if a := h.post("live_engine_http_srv", "get_room_list", map[string]any{"Next": "", "Count": 20}); a.code() != 60007 {
		t.Fatalf("11th get_room_list in a second: %d, want 60007", a.code())
	}
	if h.env.Rec.Rejected(vendor, "get_room_list", "60007") != 1 {
		t.Fatal("rate rejection not recorded")
	}
}

func TestNotFoundAndAVChatRoomKick(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "av", "AVChatRoom", 5)
	h.emu.AddGroup(testApp, "gone", "Public", 5)
	h.mustOK(h.post("group_open_http_svc", "destroy_group", map[string]any{"GroupId": "gone"}))
	if h.emu.RoomExists(testApp, "gone") {
		t.Fatal("destroyed group still exists")
	}
	checks := []struct {
		svc, cmd string
		body     map[string]any
		code     int
	}{
		{"group_open_http_svc", "get_group_muted_account", map[string]any{"GroupId": "gone"}, 10010},
		{"group_open_http_svc", "get_group_muted_account", map[string]any{"GroupId": "never"}, 10015},
		{"group_open_http_svc", "delete_group_member", map[string]any{"GroupId": "av", "MemberToDel_Account": []string{"av-m00001"}}, 10004},
		{"group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "av", "Limit": 200, "Offset": 0}, 10007},
		{"live_engine_http_srv", "get_member_list", map[string]any{"RoomId": "nope", "Next": ""}, 100004},
		{"live_engine_http_srv", "destroy_room", map[string]any{"RoomId": "nope"}, 100004},
	}
	for _, c := range checks {
		if a := h.post(c.svc, c.cmd, c.body); a.code() != c.code {
			t.Errorf("%s %v: code %d, want %d", c.cmd, c.body, a.code(), c.code)
		}
	}
	if !h.emu.InRoom(testApp, "av", "av-m00001") {
		t.Fatal("AVChatRoom member removed despite 10004")
	}
}

func TestInjectedErrorIs70500(t *testing.T) {
	h := newHarness(t)
	h.env.SetFaults(emucore.Faults{ErrorRate: 1})
	if a := h.post("sns", "black_list_get", map[string]any{"From_Account": "o", "StartIndex": 0, "MaxLimited": 10}); a.code() != 70500 {
		t.Fatalf("code %d, want 70500", a.code())
	}
	// Auth comes first: a bad signature is not masked by the fault.
	if a := h.postQ("/v4/sns/black_list_get", h.query(map[string]string{"usersig": "x"}), "{}"); a.code() != 70003 {
		t.Fatalf("code %d, want 70003", a.code())
	}
}

func TestMuteSurvivesLeaveAndRejoinAndExpires(t *testing.T) {
	h := newHarness(t)
	m := h.emu.AddGroup(testApp, "g", "Public", 4)
	u := m[1]
	h.mustOK(h.post("group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "g", "Members_Account": []string{u, m[2]}, "MuteTime": 600}))
	if got := h.emu.MutedUntil(testApp, "g", u); !got.Equal(t0.Add(600 * time.Second)) {
		t.Fatalf("MutedUntil %v", got)
	}
	h.mustOK(h.post("group_open_http_svc", "delete_group_member", map[string]any{"GroupId": "g", "MemberToDel_Account": []string{u}}))
	if h.emu.InRoom(testApp, "g", u) {
		t.Fatal("kicked user still in group")
	}
	h.emu.mu.Lock()
	h.emu.apps[testApp].groups["g"].members.add(u, h.now.Unix()) // rejoin
	h.emu.mu.Unlock()
	a := h.mustOK(h.post("group_open_http_svc", "get_group_muted_account", map[string]any{"GroupId": "g"}))
	if list := a["MutedAccountList"].([]any); len(list) != 2 {
		t.Fatalf("muted list after rejoin: %v", list)
	}
	h.mustOK(h.post("group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "g", "Members_Account": []string{m[3]}, "MuteTime": 4294967295}))
	h.mustOK(h.post("group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "g", "Members_Account": []string{m[2]}, "MuteTime": 0}))
	if !h.emu.MutedUntil(testApp, "g", m[2]).IsZero() {
		t.Fatal("MuteTime 0 did not unmute")
	}
	h.now = h.now.Add(601 * time.Second)
	h.emu.Churn(h.now)
	if !h.emu.MutedUntil(testApp, "g", u).IsZero() {
		t.Fatal("mute did not expire")
	}
	if got := h.emu.MutedUntil(testApp, "g", m[3]); got.Unix() != 4294967295 {
		t.Fatalf("permanent mute reads %v", got)
	}
	a = h.mustOK(h.post("group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "g", "Limit": 200, "Offset": 0}))
	for _, x := range a["MemberList"].([]any) {
		mm := x.(map[string]any)
		if mm["Member_Account"] == m[3] && mm["MuteUntil"].(float64) != 4294967295 {
			t.Fatalf("MuteUntil %v", mm["MuteUntil"])
		}
	}
	if h.env.Rec.AppliedUsers(vendor, "forbid_send_msg") != 3 {
		t.Fatalf("applied users %d", h.env.Rec.AppliedUsers(vendor, "forbid_send_msg"))
	}
}

func TestLiveMembersCappedAndMutes(t *testing.T) {
	h := newHarness(t)
	m := h.emu.AddLiveRoom(testApp, "big", 20000)
	var got []string
	next := ""
	count := 0
	for range 20 {
		a := h.mustOK(h.post("live_engine_http_srv", "get_member_list", map[string]any{"RoomId": "big", "Next": next}))
		r := a.resp()
		count = int(r["MemberCount"].(float64))
		for _, x := range r["MemberList"].([]any) {
			got = append(got, x.(map[string]any)["Member_Account"].(string))
		}
		if next = r["Next"].(string); next == "" {
			break
		}
	}
	if len(got) != 1000 || count != 20000 {
		t.Fatalf("listed %d of MemberCount %d; want 1000 of 20000", len(got), count)
	}
	h.mustOK(h.post("live_engine_http_srv", "mute_member", map[string]any{"RoomId": "big", "MemberList_Account": m[:3], "MuteTime": 90}))
	a := h.mustOK(h.post("live_engine_http_srv", "get_muted_member_list", map[string]any{"RoomId": "big"}))
	if n := len(a.resp()["MutedAccountList"].([]any)); n != 3 {
		t.Fatalf("muted %d", n)
	}
	h.mustOK(h.post("live_engine_http_srv", "ban_member", map[string]any{"RoomId": "big", "MemberList_Account": m[5:6], "Duration": 3600}))
	if h.emu.InRoom(testApp, "big", m[5]) {
		t.Fatal("banned user still in room")
	}
	a = h.mustOK(h.post("live_engine_http_srv", "get_banned_member_list", map[string]any{"RoomId": "big", "Offset": 0, "Limit": 100}))
	if n := len(a.resp()["BannedAccountList"].([]any)); n != 1 {
		t.Fatalf("banned %d", n)
	}
	h.mustOK(h.post("live_engine_http_srv", "destroy_room", map[string]any{"RoomId": "big"}))
	if h.emu.RoomExists(testApp, "big") || len(h.emu.LiveRooms(testApp)) != 0 {
		t.Fatal("room not destroyed")
	}
}

func TestBlocklistRoundTrip(t *testing.T) {
	h := newHarness(t)
	a := h.mustOK(h.post("sns", "black_list_add", map[string]any{"From_Account": "o", "To_Account": []string{"a", "b", "o"}}))
	if fa := a["Fail_Account"].([]any); len(fa) != 1 || fa[0] != "o" {
		t.Fatalf("Fail_Account %v", fa)
	}
	a = h.mustOK(h.post("sns", "black_list_add", map[string]any{"From_Account": "o", "To_Account": []string{"a"}}))
	item := a["ResultItem"].([]any)[0].(map[string]any)
	if item["ResultCode"].(float64) != 30001 || item["ResultInfo"] != "Err_SNS_BlackListAdd_Already_Exist" {
		t.Fatalf("re-add item %v", item)
	}
	if !h.emu.Blacklisted(testApp, "o", "a") || h.emu.Blacklisted(testApp, "o", "o") {
		t.Fatal("state wrong after add")
	}
	a = h.mustOK(h.post("sns", "black_list_get", map[string]any{"From_Account": "o", "StartIndex": 0, "MaxLimited": 1, "LastSequence": 0}))
	if a["StartIndex"].(float64) != 1 || len(a["BlackListItem"].([]any)) != 1 {
		t.Fatalf("page 1: %v", a)
	}
	a = h.mustOK(h.post("sns", "black_list_get", map[string]any{"From_Account": "o", "StartIndex": 1, "MaxLimited": 1, "LastSequence": 0}))
	if a["StartIndex"].(float64) != 0 || len(a["BlackListItem"].([]any)) != 1 {
		t.Fatalf("page 2: %v", a)
	}
	a = h.mustOK(h.post("sns", "black_list_delete", map[string]any{"From_Account": "o", "To_Account": []string{"a", "zz"}}))
	if fa := a["Fail_Account"].([]any); len(fa) != 1 || fa[0] != "zz" {
		t.Fatalf("delete Fail_Account %v", fa)
	}
	if h.emu.Blacklisted(testApp, "o", "a") {
		t.Fatal("still blacklisted")
	}
	// a blocklist holds at most 1000
	h.mustOK(h.post("sns", "black_list_add", map[string]any{"From_Account": "full", "To_Account": users("f", 1000)}))
	a = h.mustOK(h.post("sns", "black_list_add", map[string]any{"From_Account": "full", "To_Account": []string{"one-more"}}))
	// 30013 ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT (https://cloud.tencent.com/document/product/269/1671)
	if a["ResultItem"].([]any)[0].(map[string]any)["ResultCode"].(float64) != 30013 || h.emu.BlacklistSize(testApp, "full") != 1000 {
		t.Fatal("blocklist grew past 1000")
	}
}

func TestGroupListPagingAndInfo(t *testing.T) {
	h := newHarness(t)
	for i := range 5 {
		h.emu.AddGroup(testApp, fmt.Sprintf("g%d", i), "Public", i+1)
	}
	var ids []any
	var next float64
	for range 10 {
		a := h.mustOK(h.post("group_open_http_svc", "get_appid_group_list", map[string]any{"Limit": 2, "Next": next}))
		ids = append(ids, a["GroupIdList"].([]any)...)
		h.now = h.now.Add(time.Second)
		if next = a["Next"].(float64); next == 0 {
			break
		}
	}
	if len(ids) != 5 {
		t.Fatalf("paged %d groups, want 5", len(ids))
	}
	a := h.mustOK(h.post("group_open_http_svc", "get_group_info", map[string]any{"GroupIdList": []string{"g4", "nope"}}))
	infos := a["GroupInfo"].([]any)
	if infos[0].(map[string]any)["MemberNum"].(float64) != 5 || infos[1].(map[string]any)["ErrorCode"].(float64) != 10015 {
		t.Fatalf("infos %v", infos)
	}
}

func TestSeedDemoIsRichAndDeterministic(t *testing.T) {
	seed := func() *Emulator {
		env := emucore.NewEnv(42)
		env.SetClock(func() time.Time { return t0 })
		e := New(env)
		e.SeedDemo(testApp)
		return e
	}
	a, b := seed(), seed()
	ra, rb := a.LiveRooms(testApp), b.LiveRooms(testApp)
	if len(ra) < 24 || len(ra) != len(rb) {
		t.Fatalf("live rooms %d / %d", len(ra), len(rb))
	}
	biggest, smallest := 0, 1<<30
	for i := range ra {
		if ra[i].ID != rb[i].ID || len(ra[i].Members) != len(rb[i].Members) {
			t.Fatal("seed not deterministic")
		}
		biggest, smallest = max(biggest, len(ra[i].Members)), min(smallest, len(ra[i].Members))
	}
	if biggest < 19000 || smallest > 5 {
		t.Fatalf("sizes %d..%d", smallest, biggest)
	}
	st := a.apps[testApp]
	var hostile, av, bigPublic bool
	for _, g := range st.groups {
		hostile = hostile || containsESC(g.Name)
		av = av || g.Type == typeAVChatRoom
		bigPublic = bigPublic || (g.Type == "Public" && g.members.len() >= 20000)
	}
	if len(st.groups) < 20 || !hostile || !av || !bigPublic {
		t.Fatalf("groups %d hostile %v av %v bigPublic %v", len(st.groups), hostile, av, bigPublic)
	}
	// churn moves things, deterministically
	for i := 1; i <= 30; i++ {
		a.Churn(t0.Add(time.Duration(i) * time.Second))
		b.Churn(t0.Add(time.Duration(i) * time.Second))
	}
	ra, rb = a.LiveRooms(testApp), b.LiveRooms(testApp)
	if len(ra) != len(rb) || ra[len(ra)-1].ID != rb[len(rb)-1].ID {
		t.Fatal("churn not deterministic")
	}
}

func containsESC(s string) bool {
	for i := range len(s) {
		if s[i] == 0x1b {
			return true
		}
	}
	return false
}
