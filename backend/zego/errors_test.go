package zego

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		code      int64
		retryable bool
		meaning   string
	}{
		{1, true, "busy"},
		{660300005, true, "per second"},
		{660300006, true, "per second"},
		// Per-action QPS codes are rate limits too (ZEGO return-code table,
		// https://www.zegocloud.com/docs/zim-server/return-codes).
		{660600004, true, "per second"},
		{660600005, true, "per second"},
		{660600007, true, "per second"},
		{660600008, false, "not in the group"},
		{100000004, false, "clock"},
		{100000005, false, "signature"},
		{100000014, false, "SignatureVersion"},
		{660000011, false, "too many users"},
		{660000012, false, "32 bytes"},
		{660300001, false, "room does not exist"},
		{660600001, false, "group does not exist"},
		{660700015, false, "not registered"},
		{6607000015, false, "not registered"},
		{660800040, false, "full"},
	}
	for _, c := range cases {
		ve := vendorError("X", c.code, "raw", "rid", 200)
		if ve.Retryable != c.retryable || !strings.Contains(ve.Meaning, c.meaning) || ve.NextStep == "" {
			t.Errorf("%d: %+v", c.code, ve)
		}
		if backend.Retryable(ve) != c.retryable {
			t.Errorf("%d: backend.Retryable disagrees", c.code)
		}
	}
	unknown := vendorError("X", 123456, "something odd", "rid", 200)
	if unknown.Code != "123456" || unknown.Meaning != "" || !strings.Contains(unknown.Error(), "something odd") {
		t.Errorf("unknown code: %v", unknown)
	}
}

func TestGateway5xxIsRetryable(t *testing.T) {
	srv := httptest.NewServer(&wire{answers: []string{"HTTP"}})
	defer srv.Close()
	plan, _ := pinned(t, srv, false).Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a"}})
	res := plan.Exec(context.Background(), []string{"a"})
	var he *backend.HTTPStatusError
	if !errors.As(res.Err, &he) || he.Status != 502 || !backend.AsVendorError(backend.Zego, "x", res.Err).Retryable {
		t.Fatalf("err %v", res.Err)
	}
}

func TestListRetriesWithFreshSignature(t *testing.T) {
	w := &wire{answers: []string{`{"Code":1,"RequestId":"r"}`, `{"Code":0,"RequestId":"r","Count":0,"NextFlag":"","UserList":[]}`}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	c, err := New(Options{Name: "zg", AppID: 1, ServerSecret: "s", Endpoint: srv.URL}, backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListMembers(context.Background(), "r"); err != nil {
		t.Fatal(err)
	}
	if len(w.reqs) != 2 {
		t.Fatalf("%d requests", len(w.reqs))
	}
	nonce := func(q string) string {
		_, rest, _ := strings.Cut(q, "SignatureNonce=")
		n, _, _ := strings.Cut(rest, "&")
		return n
	}
	if nonce(w.reqs[0].rawQuery) == nonce(w.reqs[1].rawQuery) {
		t.Fatal("a retry reused the signed URL's nonce")
	}
}

func TestSecretNeverInErrors(t *testing.T) {
	c, err := New(Options{Name: "zg", AppID: 1, ServerSecret: "topsecret", Endpoint: "http://127.0.0.1:1"}, backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListMembers(context.Background(), "r")
	if err == nil || strings.Contains(err.Error(), "topsecret") || strings.Contains(err.Error(), "Signature=") {
		t.Fatalf("err %v", err)
	}
}

func TestPlanValidation(t *testing.T) {
	srv := httptest.NewServer(&wire{})
	defer srv.Close()
	rooms, groups := pinned(t, srv, false), pinned(t, srv, true)
	noOp, _ := New(Options{Name: "noop", AppID: 1, ServerSecret: "s", Group: true}, backend.Deps{})
	cases := []struct {
		name  string
		c     *Client
		req   backend.ActionRequest
		field string // InputError field; "" = UnsupportedError
		why   string
	}{
		{"long user", rooms, backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"ok", strings.Repeat("x", 33)}}, "users[1]", ""},
		{"bad char", rooms, backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a/b"}}, "users[0]", ""},
		// Only KickoutRoomUser and DestroyRoom take ',' and ' ' in IDs.
		{"space in a group kick", groups, backend.ActionRequest{Kind: backend.ActKick, Room: "g", Users: []string{"a b"}}, "users[0]", ""},
		{"comma in a group", groups, backend.ActionRequest{Kind: backend.ActDismiss, Room: "g,1"}, "group", ""},
		{"space in a blacklist user", rooms, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "o", Users: []string{"a b"}}, "users[0]", ""},
		// KickoutGroupUser's CustomReason takes no space.
		{"space in a group kick reason", groups, backend.ActionRequest{Kind: backend.ActKick, Room: "g", Users: []string{"a"}, Reason: "spam links"}, "reason", ""},
		{"bad room", rooms, backend.ActionRequest{Kind: backend.ActKick, Room: "r/1", Users: []string{"a"}}, "room", ""},
		{"negative mute", groups, backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Duration: -time.Second}, "duration", ""},
		{"mute over 30 days", groups, backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Duration: 31 * 24 * time.Hour}, "duration", ""},
		{"no operator", noOp, backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Forever: true}, "operator", ""},
		{"no owner", rooms, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Users: []string{"a"}}, "owner", ""},
		{"long reason", rooms, backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a"}, Reason: strings.Repeat("r", 33)}, "reason", ""},
		{"mute in a room", rooms, backend.ActionRequest{Kind: backend.ActMute, Room: "r", Users: []string{"a"}, Forever: true}, "", "no mute"},
		{"block in a room", rooms, backend.ActionRequest{Kind: backend.ActBlock, Room: "r", Users: []string{"a"}}, "", "ZEGO rooms have no audio/video block"},
	}
	for _, c := range cases {
		_, err := c.c.Plan(c.req)
		var ie *backend.InputError
		var ue *backend.UnsupportedError
		switch {
		case c.field != "" && (!errors.As(err, &ie) || ie.Field != c.field || ie.Fix == ""):
			t.Errorf("%s: %v", c.name, err)
		case c.field == "" && (!errors.As(err, &ue) || !strings.Contains(ue.Why, c.why)):
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if p, err := groups.Plan(backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Duration: 30 * 24 * time.Hour}); err != nil || p.BatchSize != 20 {
		t.Errorf("30 days exactly must pass: %v", err)
	}
	if p, _ := groups.Plan(backend.ActionRequest{Kind: backend.ActDismiss, Room: "g"}); p.RateKey != "g" || p.PerSecond != 1 {
		t.Errorf("DismissGroup plan %+v", p)
	}
	// KickoutRoomUser and DestroyRoom: room and user IDs may hold ',' and ' '
	// (https://www.zegocloud.com/docs/zim-server/room/remove-user-from-the-room).
	if _, err := rooms.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "stage, 1", Users: []string{"ann lee", "bo,b"},
		Reason: "spam links"}); err != nil {
		t.Errorf("room kick with ',' and ' ': %v", err)
	}
	if _, err := rooms.Plan(backend.ActionRequest{Kind: backend.ActDismiss, Room: "stage, 1"}); err != nil {
		t.Errorf("room destroy with ',' and ' ': %v", err)
	}
	if _, err := groups.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "g", Users: []string{"a"}, Reason: "spam_links"}); err != nil {
		t.Errorf("group kick reason without a space: %v", err)
	}
	if err := rooms.Watch("bad/room"); err == nil {
		t.Error("Watch accepted a bad ID")
	}
}
