package trtc

import (
	"errors"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
)

func TestPlanRejectsBadInput(t *testing.T) {
	numeric, _, _ := newWire(t, false)
	str, _, _ := newWire(t, true)
	long := strings.Repeat("a", 65)
	cases := []struct {
		name  string
		c     *Client
		req   backend.ActionRequest
		field string // InputError field; "" = UnsupportedError / ErrNoUsers
		want  error
	}{
		{"word on numeric app", numeric, backend.ActionRequest{Kind: backend.ActKick, Room: "lobby", Users: []string{"a"}}, "room", nil},
		{"zero room", numeric, backend.ActionRequest{Kind: backend.ActKick, Room: "0", Users: []string{"a"}}, "room", nil},
		{"room past the top", numeric, backend.ActionRequest{Kind: backend.ActKick, Room: "4294967295", Users: []string{"a"}}, "room", nil},
		{"leading zero", numeric, backend.ActionRequest{Kind: backend.ActDismiss, Room: "042"}, "room", nil},
		{"negative", numeric, backend.ActionRequest{Kind: backend.ActDismiss, Room: "-1"}, "room", nil},
		{"65-byte string room", str, backend.ActionRequest{Kind: backend.ActKick, Room: long, Users: []string{"a"}}, "room", nil},
		{"slash in string room", str, backend.ActionRequest{Kind: backend.ActKick, Room: "a/b", Users: []string{"a"}}, "room", nil},
		{"unicode string room", str, backend.ActionRequest{Kind: backend.ActKick, Room: "房间", Users: []string{"a"}}, "room", nil},
		{"empty string room", str, backend.ActionRequest{Kind: backend.ActDismiss, Room: ""}, "room", nil},
		{"empty user", numeric, backend.ActionRequest{Kind: backend.ActBlock, Room: "1", Users: []string{"a", ""}}, "users[1]", nil},
		{"no users", numeric, backend.ActionRequest{Kind: backend.ActKick, Room: "1"}, "", backend.ErrNoUsers},
		{"33-byte user", numeric, backend.ActionRequest{Kind: backend.ActKick, Room: "1", Users: []string{strings.Repeat("u", 33)}}, "users[0]", nil},
		{"10,000-byte user", str, backend.ActionRequest{Kind: backend.ActBlock, Room: "r", Users: []string{strings.Repeat("u", 10000)}}, "users[0]", nil},
		{"escape sequence in a user", numeric, backend.ActionRequest{Kind: backend.ActBlock, Room: "1", Users: []string{"a", "\x1b[2Jevil"}}, "users[1]", nil},
		{"NUL in a user", str, backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a\x00b"}}, "users[0]", nil},
		{"invalid UTF-8 user", numeric, backend.ActionRequest{Kind: backend.ActKick, Room: "1", Users: []string{"a\xffb"}}, "users[0]", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.Plan(tc.req)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("err %v, want %v", err, tc.want)
				}
				return
			}
			var ie *backend.InputError
			if !errors.As(err, &ie) || ie.Field != tc.field || ie.Fix == "" {
				t.Fatalf("err %#v, want InputError on %s with a fix", err, tc.field)
			}
		})
	}
	if _, err := str.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: strings.Repeat("z", 64), Users: []string{"a"}}); err != nil {
		t.Fatalf("64-byte room refused: %v", err)
	}
	if _, err := str.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{strings.Repeat("u", 32), "用户_1"}}); err != nil {
		t.Fatalf("32-byte and UTF-8 users refused: %v", err)
	}
	if _, err := str.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "Q&A (EU) #1: [live]!", Users: []string{"a"}}); err != nil {
		t.Fatalf("punctuated room refused: %v", err)
	}
}

func TestUnsupportedActionsExplain(t *testing.T) {
	c, _, _ := newWire(t, true)
	for _, k := range []backend.ActionKind{backend.ActMute, backend.ActUnmute, backend.ActBlacklistAdd, backend.ActBlacklistRemove} {
		_, err := c.Plan(backend.ActionRequest{Kind: k, Room: "lobby", Users: []string{"a"}})
		var ue *backend.UnsupportedError
		if !errors.As(err, &ue) || ue.Why == "" {
			t.Fatalf("%s: %v", k, err)
		}
	}
	app := c.App()
	if app.Provider != backend.TRTC || app.RoomKind != backend.RoomTRTCString || app.Name != "trtc-test" {
		t.Fatalf("app %+v", app)
	}
	for _, cp := range []backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapBlockAV, backend.CapUnblockAV, backend.CapKick, backend.CapDismiss} {
		if !app.Caps.Can(cp) {
			t.Errorf("missing %s", cp)
		}
	}
	if app.Caps.Can(backend.CapMute) || !strings.Contains(app.Caps.Why(backend.CapMute), "Chat app") ||
		app.Caps.Why(backend.CapBlacklist) != "TRTC has no blacklist" {
		t.Fatalf("caps %+v", app.Caps)
	}
	if _, err := c.ListMuted(t.Context(), "lobby"); !backend.IsInputError(err) {
		t.Fatalf("ListMuted: %v", err)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	cases := map[string]Options{
		"path in endpoint": {Name: "x", SDKAppID: 1, Region: "ap-singapore", SecretID: "a", SecretKey: "b", Endpoint: "https://trtc.tencentcloudapi.com/v3"},
		"no scheme":        {Name: "x", SDKAppID: 1, Region: "ap-singapore", SecretID: "a", SecretKey: "b", Endpoint: "trtc.tencentcloudapi.com"},
		"half a key":       {Name: "x", SDKAppID: 1, Region: "ap-singapore", SecretID: "a"},
		"no region":        {Name: "x", SDKAppID: 1, SecretID: "a", SecretKey: "b"},
	}
	for name, o := range cases {
		if _, err := New(o, backend.Deps{}); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), "b\"") {
			t.Errorf("%s: error shows a secret: %v", name, err)
		}
	}
	t.Setenv("TENCENTCLOUD_SECRET_ID", "AKIDenv")
	t.Setenv("TENCENTCLOUD_SECRET_KEY", "envkey")
	c, err := New(Options{Name: "env", SDKAppID: 1, Region: "ap-singapore"}, backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if id, _, _ := c.sdk.GetCredential().GetCredential(); id != "AKIDenv" {
		t.Fatalf("credential chain gave %q", id)
	}
}
