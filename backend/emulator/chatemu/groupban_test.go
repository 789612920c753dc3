package chatemu

import (
	"testing"
	"time"
)

func TestGroupBans(t *testing.T) {
	h := newHarness(t)
	m := h.emu.AddGroup(testApp, "g", "Public", 130)
	const svc = "group_open_http_svc"
	for _, c := range []struct {
		cmd  string
		body map[string]any
		code int
	}{
		{"ban_group_member", map[string]any{"GroupId": "g", "Members_Account": users("x", 21), "Duration": 60}, 10005},
		{"ban_group_member", map[string]any{"GroupId": "g", "Members_Account": m[1:2]}, 10004},
		{"ban_group_member", map[string]any{"GroupId": "g", "Members_Account": m[1:2], "MuteTime": 60}, 10004},
		{"unban_group_member", map[string]any{"GroupId": "g", "Members_Account": m[1:2], "Duration": 60}, 10004},
		{"get_group_ban_member", map[string]any{"GroupId": "g", "Limit": 101, "Offset": 0}, 10004},
		{"get_group_ban_member", map[string]any{"GroupId": "nope", "Limit": 10, "Offset": 0}, 10015},
	} {
		if a := h.post(svc, c.cmd, c.body); a.code() != c.code {
			t.Errorf("%s %v: code %d, want %d", c.cmd, c.body, a.code(), c.code)
		}
	}
	for i := 1; i < 121; i += 20 {
		h.mustOK(h.post(svc, "ban_group_member", map[string]any{"GroupId": "g", "Members_Account": m[i : i+20], "Duration": 3600, "Description": "spam"}))
	}
	if h.emu.InRoom(testApp, "g", m[1]) || !h.emu.InRoom(testApp, "g", m[121]) {
		t.Fatal("ban did not remove exactly the banned")
	}
	var got []any
	offset := 0.0
	for range 5 {
		a := h.mustOK(h.post(svc, "get_group_ban_member", map[string]any{"GroupId": "g", "Limit": 100, "Offset": offset}))
		got = append(got, a["BannedAccountList"].([]any)...)
		if offset = a["NextOffset"].(float64); offset == 0 {
			break
		}
	}
	if len(got) != 120 || got[0].(map[string]any)["BannedUntil"].(float64) != float64(t0.Unix()+3600) {
		t.Fatalf("paged %d bans: %v", len(got), got[:1])
	}
	h.mustOK(h.post(svc, "unban_group_member", map[string]any{"GroupId": "g", "Members_Account": m[1:21]}))
	h.now = h.now.Add(10 * time.Second)
	a := h.mustOK(h.post(svc, "get_group_ban_member", map[string]any{"GroupId": "g", "Limit": 100, "Offset": 0}))
	if n := len(a["BannedAccountList"].([]any)); n != 100 || a["NextOffset"].(float64) != 0 {
		t.Fatalf("after unban: %d listed, NextOffset %v", n, a["NextOffset"])
	}
}
