package chatemu

import (
	"testing"
)

// A LegacyNames app answers only the older spellings, so a client that reads
// only the current ones sees no mutes there.
func TestLegacyNames(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		h := newHarness(t)
		h.emu.AddApp(App{SDKAppID: testApp, Admin: testAdmin, SecretKey: testKey, LegacyNames: legacy})
		m := h.emu.AddGroup(testApp, "g", "Public", 3)
		h.mustOK(h.post("group_open_http_svc", "forbid_send_msg", map[string]any{"GroupId": "g", "Members_Account": m[1:2], "MuteTime": 600}))
		h.mustOK(h.post("group_open_http_svc", "modify_group_base_info", map[string]any{"GroupId": "g", "MuteAllMember": "On"}))
		want := func(a answer, current, old string) map[string]any {
			t.Helper()
			have, gone := current, old
			if legacy {
				have, gone = old, current
			}
			if _, ok := a[gone]; ok {
				t.Fatalf("legacy=%v: answer has %s: %v", legacy, gone, a)
			}
			return map[string]any{have: a[have]}
		}

		a := h.mustOK(h.post("group_open_http_svc", "get_group_muted_account", map[string]any{"GroupId": "g"}))
		for _, list := range want(a, "MutedAccountList", "ShuttedUinList") {
			item := list.([]any)[0].(map[string]any)
			until := want(item, "MutedUntil", "ShuttedUntil")
			for _, v := range until {
				if v.(float64) != float64(t0.Unix()+600) {
					t.Fatalf("legacy=%v: until %v", legacy, item)
				}
			}
		}
		a = h.mustOK(h.post("group_open_http_svc", "get_group_member_info", map[string]any{"GroupId": "g", "Limit": 200, "Offset": 0}))
		for _, x := range a["MemberList"].([]any) {
			item := x.(map[string]any)
			for _, v := range want(item, "MuteUntil", "ShutUpUntil") {
				if item["Member_Account"] == m[1] && v.(float64) != float64(t0.Unix()+600) {
					t.Fatalf("legacy=%v: member %v", legacy, item)
				}
			}
		}
		a = h.mustOK(h.post("group_open_http_svc", "get_group_info", map[string]any{"GroupIdList": []string{"g"}}))
		info := a["GroupInfo"].([]any)[0].(map[string]any)
		for _, v := range want(info, "MuteAllMember", "ShutUpAllMember") {
			if v != "On" {
				t.Fatalf("legacy=%v: info %v", legacy, info)
			}
		}
	}
}
