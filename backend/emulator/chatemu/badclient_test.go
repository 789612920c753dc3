package chatemu

import (
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/tencentchat"
)

// TestCatchesBadClients sends what a wrong client would send, each with a
// valid admin UserSig unless the row is about the UserSig, and expects the
// code the cloud documents. A row that answers 0 is a bad client the
// emulator would let pass.
func TestCatchesBadClients(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "g", "Public", 5)
	h.emu.AddLiveRoom(testApp, "r", 5)
	expired, _ := tencentchat.UserSig(testKey, testApp, testAdmin, t0.Add(-48*time.Hour), 24*time.Hour)
	const (
		forbid = "/v4/group_open_http_svc/forbid_send_msg"
		mute   = "/v4/live_engine_http_srv/mute_member"
		get    = "/v4/sns/black_list_get"
	)
	okForbid := `{"GroupId":"g","Members_Account":["g-m00001"],"MuteTime":86400}`
	cases := []struct {
		name, path string
		over       map[string]string
		body       string
		code       int
	}{
		{"well formed forbid_send_msg", forbid, nil, okForbid, 0},
		{"well formed mute_member", mute, nil, `{"RoomId":"r","MemberList_Account":["r-v00001"],"MuteTime":60}`, 0},
		{"well formed black_list_get", get, nil, `{"From_Account":"o","StartIndex":0,"MaxLimited":1000,"LastSequence":0}`, 0},

		// IDs: accounts up to 32 bytes, rooms and groups up to 48, no control characters
		{"33-byte account", forbid, nil, `{"GroupId":"g","Members_Account":["` + strings.Repeat("u", 33) + `"],"MuteTime":60}`, 10004},
		{"escape sequence in an account", mute, nil, `{"RoomId":"r","MemberList_Account":["r-v00001\u001b[2J"],"MuteTime":60}`, 100002},
		{"10,000-byte live room", mute, nil, `{"RoomId":"` + strings.Repeat("r", 10000) + `","MemberList_Account":["r-v00001"],"MuteTime":60}`, 100002},
		{"NUL in a group ID", forbid, nil, `{"GroupId":"g\u0000","Members_Account":["g-m00001"],"MuteTime":60}`, 10004},
		{"non-ASCII group ID", forbid, nil, `{"GroupId":"群","Members_Account":["g-m00001"],"MuteTime":60}`, 10004},
		{"33-byte blacklist owner", get, nil, `{"From_Account":"` + strings.Repeat("o", 33) + `","StartIndex":0,"MaxLimited":1000,"LastSequence":0}`, 30001},

		// names: exact and case-sensitive, as the tables spell them
		{"misspelt MuteTime (would unmute)", forbid, nil, `{"GroupId":"g","Members_Account":["g-m00001"],"MuteTim":60}`, 10004},
		{"misspelt Members_Account", forbid, nil, `{"GroupId":"g","Member_Account":["g-m00001"],"MuteTime":60}`, 10004},
		{"lower-case groupid", forbid, nil, `{"groupid":"g","Members_Account":["g-m00001"],"MuteTime":60}`, 10004},
		{"ban's Duration on mute_member", mute, nil, `{"RoomId":"r","MemberList_Account":["r-v00001"],"Duration":60}`, 100002},
		{"roomid in lower case", "/v4/live_engine_http_srv/get_member_list", nil, `{"roomid":"r","Next":""}`, 100002},
		{"CurruentSequence is an answer, not a request field", get, nil,
			`{"From_Account":"o","StartIndex":0,"MaxLimited":10,"LastSequence":0,"CurruentSequence":0}`, 30001},
		{"black_list_get without LastSequence", get, nil, `{"From_Account":"o","StartIndex":0,"MaxLimited":10}`, 30001},
		{"MuteTime missing (would unmute)", forbid, nil, `{"GroupId":"g","Members_Account":["g-m00001"]}`, 10004},
		{"null body", "/v4/group_open_http_svc/destroy_group", nil, `null`, 10004},
		{"array body", forbid, nil, `[]`, 10004},
		{"empty body instead of {}", forbid, nil, ``, 60003},

		// JSON types
		{"MuteTime as a string", forbid, nil, `{"GroupId":"g","Members_Account":["g-m00001"],"MuteTime":"60"}`, 10004},
		{"MuteTime negative", forbid, nil, `{"GroupId":"g","Members_Account":["g-m00001"],"MuteTime":-1}`, 10004},
		{"MuteTime fractional", forbid, nil, `{"GroupId":"g","Members_Account":["g-m00001"],"MuteTime":1.5}`, 10004},
		{"group list Next as a string", "/v4/group_open_http_svc/get_appid_group_list", nil, `{"Limit":10,"Next":"0"}`, 10004},
		{"room list Next as a number", "/v4/live_engine_http_srv/get_room_list", nil, `{"Next":0,"Count":20}`, 100002},
		{"account as a number", forbid, nil, `{"GroupId":"g","Members_Account":[42],"MuteTime":60}`, 60015},
		{"one account, not a list", "/v4/sns/black_list_add", nil, `{"From_Account":"o","To_Account":"x"}`, 60015},

		// batch maxima
		{"forbid_send_msg with 501 accounts", forbid, nil, `{"GroupId":"g","Members_Account":` + jsonList(users("u", 501)) + `,"MuteTime":60}`, 10005},
		{"mute_member with 21 accounts", mute, nil, `{"RoomId":"r","MemberList_Account":` + jsonList(users("u", 21)) + `,"MuteTime":60}`, 100002},

		// the query
		{"expired UserSig", forbid, map[string]string{"usersig": expired}, okForbid, 70001},
		{"UserSig for another identifier", forbid, map[string]string{"usersig": h.sig("mallory")}, okForbid, 70013},
		{"missing random", forbid, map[string]string{"random": "\x00"}, okForbid, 60002},
		{"random not a number", forbid, map[string]string{"random": "abc"}, okForbid, 60002},
		{"contenttype not json", forbid, map[string]string{"contenttype": "xml"}, okForbid, 60002},
		{"missing identifier", forbid, map[string]string{"identifier": "\x00"}, okForbid, 70013},
		{"unknown group command", "/v4/group_open_http_svc/forbid_send_message", nil, okForbid, 10003},
		{"unknown live command", "/v4/live_engine_http_srv/mute_members", nil, `{}`, 60009},
		{"command in the wrong service", "/v4/group_open_http_svc/mute_member", nil, `{}`, 10003},
		{"unknown service", "/v4/live_engine_http_svc/mute_member", nil, `{}`, 60009},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h.t = t
			h.now = h.now.Add(2 * time.Second) // each row in a fresh rate window
			a := h.postQ(c.path, h.query(c.over), c.body)
			if a.code() != c.code {
				t.Fatalf("code %d (%v), want %d", a.code(), a["ErrorInfo"], c.code)
			}
		})
	}
	if until := h.emu.MutedUntil(testApp, "g", "g-m00001"); until.IsZero() {
		t.Fatal("a rejected request undid the well-formed mute")
	}
}

// TestCatchesOverRateClients sends one call more than the documented rate
// within one second, for each rate class.
func TestCatchesOverRateClients(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "g", "Public", 3)
	cases := []struct {
		path, body string
		rate       int
	}{
		{"/v4/group_open_http_svc/get_appid_group_list", `{"Limit":10,"Next":0}`, 1},
		{"/v4/live_engine_http_srv/get_room_list", `{"Next":"","Count":20}`, 10},
		{"/v4/group_open_http_svc/forbid_send_msg", `{"GroupId":"g","Members_Account":["g-m00001"],"MuteTime":60}`, 200},
		{"/v4/sns/black_list_get", `{"From_Account":"o","StartIndex":0,"MaxLimited":10,"LastSequence":0}`, 200},
	}
	for _, c := range cases {
		h.now = h.now.Add(2 * time.Second)
		q := h.query(nil)
		for i := range c.rate {
			// spread over 900 ms: still one window
			h.now = h.now.Add(900 * time.Millisecond / time.Duration(c.rate))
			if a := h.postQ(c.path, q, c.body); a.code() != 0 {
				t.Fatalf("%s call %d of %d/s: code %d", c.path, i+1, c.rate, a.code())
			}
		}
		if a := h.postQ(c.path, q, c.body); a.code() != 60007 {
			t.Fatalf("%s call %d in one second: code %d, want 60007", c.path, c.rate+1, a.code())
		}
	}
}

func jsonList(s []string) string { return `["` + strings.Join(s, `","`) + `"]` }
