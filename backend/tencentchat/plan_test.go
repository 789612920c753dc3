package tencentchat

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func TestCapabilities(t *testing.T) {
	for _, group := range []bool{false, true} {
		c, _ := newWireClient(t, group, nil)
		app := c.App()
		if app.Provider != backend.TencentChat {
			t.Fatal(app.Provider)
		}
		if want := map[bool]backend.RoomKind{false: backend.RoomChatLive, true: backend.RoomChatGroup}[group]; app.RoomKind != want {
			t.Fatalf("room kind %s", app.RoomKind)
		}
		for _, cp := range []backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapListMuted, backend.CapMute,
			backend.CapUnmute, backend.CapDismiss, backend.CapBlacklist, backend.CapBlacklistEdit} {
			if !app.Caps.Can(cp) {
				t.Errorf("group=%v lacks %s", group, cp)
			}
		}
		if app.Caps.Can(backend.CapBlockAV) || !strings.Contains(app.Caps.Why(backend.CapBlockAV), "set `av:` to a TRTC app with string room IDs") {
			t.Errorf("AV block: %q", app.Caps.Why(backend.CapBlockAV))
		}
		if app.Caps.Can(backend.CapKick) == !group {
			t.Errorf("group=%v kick capability wrong", group)
		}
		if !group && !strings.Contains(app.Caps.Why(backend.CapKick), "no kick") {
			t.Errorf("live kick reason %q", app.Caps.Why(backend.CapKick))
		}
	}
}

func TestPlanValidation(t *testing.T) {
	live, _ := newWireClient(t, false, nil)
	group, _ := newWireClient(t, true, nil)
	mute := func(d time.Duration) backend.ActionRequest {
		return backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{"a"}, Duration: d}
	}
	cases := []struct {
		name  string
		c     *Client
		req   backend.ActionRequest
		field string // InputError field; "" with unsupported=false means valid
		unsup bool
	}{
		{"negative", group, mute(-time.Second), "duration", false},
		{"zero would unmute", live, mute(0), "duration", false},
		{"above max", group, mute(time.Duration(maxMuteSeconds+1) * time.Second), "duration", false},
		{"at max", group, mute(time.Duration(maxMuteSeconds) * time.Second), "", false},
		{"empty user", group, backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{"a", " "}, Duration: time.Minute}, "users[1]", false},
		{"no users", group, backend.ActionRequest{Kind: backend.ActKick, Room: "r"}, "users", false},
		{"no room", live, backend.ActionRequest{Kind: backend.ActMute, Users: []string{"a"}, Duration: time.Minute}, "room", false},
		{"no owner", live, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Users: []string{"a"}}, "owner", false},
		{"33-byte user", live, backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{strings.Repeat("u", 33)}, Duration: time.Minute}, "users[0]", false},
		{"32-byte user", live, backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{strings.Repeat("u", 32)}, Duration: time.Minute}, "", false},
		{"10,000-byte user", group, backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{strings.Repeat("u", 10000)}}, "users[0]", false},
		{"escape sequence in a user", group, backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{"a", "b\x1b]0;x\x07"}, Duration: time.Minute}, "users[1]", false},
		{"NUL in a user", live, backend.ActionRequest{Kind: backend.ActBan, Room: "r", Users: []string{"a\x00"}, Duration: time.Minute}, "users[0]", false},
		{"49-byte live room", live, backend.ActionRequest{Kind: backend.ActDismiss, Room: strings.Repeat("r", 49)}, "room", false},
		{"48-byte live room", live, backend.ActionRequest{Kind: backend.ActDismiss, Room: strings.Repeat("r", 48)}, "", false},
		{"escape in a live room", live, backend.ActionRequest{Kind: backend.ActDismiss, Room: "r\x1b[2J"}, "room", false},
		{"UTF-8 live room", live, backend.ActionRequest{Kind: backend.ActDismiss, Room: "直播-1"}, "", false},
		{"non-ASCII group", group, backend.ActionRequest{Kind: backend.ActDismiss, Room: "群-1"}, "room", false},
		{"TGS group", group, backend.ActionRequest{Kind: backend.ActDismiss, Room: "@TGS#2C5SZEAEF"}, "", false},
		{"33-byte owner", live, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: strings.Repeat("o", 33), Users: []string{"a"}}, "owner", false},
		{"live kick", live, backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a"}}, "", true},
		{"block", group, backend.ActionRequest{Kind: backend.ActBlock, Room: "r", Users: []string{"a"}}, "", true},
		{"unblock", live, backend.ActionRequest{Kind: backend.ActUnblock, Room: "r", Users: []string{"a"}}, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.Plan(tc.req)
			var ie *backend.InputError
			var ue *backend.UnsupportedError
			switch {
			case tc.unsup:
				if !errors.As(err, &ue) {
					t.Fatalf("err %v, want UnsupportedError", err)
				}
			case tc.field != "":
				if !errors.As(err, &ie) || ie.Field != tc.field || ie.Fix == "" {
					t.Fatalf("err %v, want InputError on %s with a fix", err, tc.field)
				}
			case err != nil:
				t.Fatal(err)
			}
		})
	}
}

func TestPlanShapes(t *testing.T) {
	live, _ := newWireClient(t, false, nil)
	group, _ := newWireClient(t, true, nil)
	users := make([]string, 1200)
	cases := []struct {
		c         *Client
		req       backend.ActionRequest
		call      string
		batch     int
		perSecond float64
		params    string
		calls     int
	}{
		{group, backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Duration: 10 * time.Minute}, "forbid_send_msg", 500, 200, "MuteTime 600", 3},
		{group, backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Duration: 1500 * time.Millisecond}, "forbid_send_msg", 500, 200, "MuteTime 2", 3},
		{group, backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Forever: true}, "forbid_send_msg", 500, 200, "MuteTime 4294967295 (permanent)", 3},
		{group, backend.ActionRequest{Kind: backend.ActKick, Room: "g", Users: []string{"a"}}, "delete_group_member", 100, 200, "", 12},
		{group, backend.ActionRequest{Kind: backend.ActDismiss, Room: "g"}, "destroy_group", 0, 200, "", 1},
		{live, backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{"a"}, Duration: time.Hour}, "mute_member", 20, 200, "MuteTime 3600", 60},
		{live, backend.ActionRequest{Kind: backend.ActUnmute, Room: "r", Users: []string{"a"}}, "mute_member", 20, 200, "MuteTime 0 (unmute)", 60},
		{live, backend.ActionRequest{Kind: backend.ActDismiss, Room: "r"}, "destroy_room", 0, 200, "", 1},
		{live, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "o", Users: []string{"a"}}, "black_list_add", 1000, 200, "From_Account o", 2},
		{group, backend.ActionRequest{Kind: backend.ActBlacklistRemove, Owner: "o", Users: []string{"a"}}, "black_list_delete", 1000, 200, "From_Account o", 2},
	}
	for _, tc := range cases {
		p, err := tc.c.Plan(tc.req)
		if err != nil {
			t.Fatalf("%s: %v", tc.call, err)
		}
		if p.Call != tc.call || p.BatchSize != tc.batch || p.PerSecond != tc.perSecond || p.Params != tc.params || p.Exec == nil {
			t.Errorf("%s: %+v", tc.call, p)
		}
		if n := p.Calls(len(users)); n != tc.calls {
			t.Errorf("%s: %d calls for 1200 users, want %d", tc.call, n, tc.calls)
		}
	}
	p, _ := live.Plan(backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{"a"}, Forever: true})
	if !strings.HasPrefix(p.Params, "MuteTime 4294967295") {
		t.Errorf("live forever params %q", p.Params)
	}
	// a 4294967295-second mute ends past 50 years: shown as forever
	if !backend.IsForever(live.until(t1.Unix() + liveMuteForever)) {
		t.Error("the live 'forever' mute does not read back as Forever")
	}
}
