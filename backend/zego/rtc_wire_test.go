package zego

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// pinnedRTC is an RTC client with a fixed nonce and clock, so the query
// string is exact.
func pinnedRTC(t *testing.T, srv *httptest.Server, watch ...string) *RTCClient {
	t.Helper()
	c, err := NewRTC(Options{Name: "rtc", AppID: 12345, ServerSecret: "9193cc662a4c0ec135ec71fb57194b38", Endpoint: srv.URL, Watch: watch},
		backend.Deps{Now: func() time.Time { return fixedNow }, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	c.z.nonce = func() string { return "4fd24687296dd9f3" }
	return c
}

func TestRTCWireFormatActions(t *testing.T) {
	cases := []struct {
		name  string
		req   backend.ActionRequest
		users []string
		query string // after Action and the common parameters
	}{
		{"kick", backend.ActionRequest{Kind: backend.ActKick, Room: "karaoke#3&more", Reason: "spam & abuse"}, []string{"a", "b.1", "c=2"},
			"&RoomId=karaoke%233%26more&UserId[]=a&UserId[]=b.1&UserId[]=c%3D2&CustomReason=spam+%26+abuse"},
		{"kick without reason", backend.ActionRequest{Kind: backend.ActKick, Room: "live-1"}, []string{"u1"},
			"&RoomId=live-1&UserId[]=u1"},
		{"close", backend.ActionRequest{Kind: backend.ActDismiss, Room: "live-1"}, nil, "&RoomId=live-1"},
		{"close with reason", backend.ActionRequest{Kind: backend.ActDismiss, Room: "live-1", Reason: "show over"}, nil,
			"&RoomId=live-1&CustomReason=show+over"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &wire{}
			srv := httptest.NewServer(w)
			defer srv.Close()
			c.req.Users = c.users
			plan, err := pinnedRTC(t, srv).Plan(c.req)
			if err != nil {
				t.Fatal(err)
			}
			if res := plan.Exec(context.Background(), c.users); res.Err != nil || res.RequestID != "rid-1" {
				t.Fatalf("result %+v", res)
			}
			got := w.reqs[0]
			want := "Action=" + plan.Call + "&" + common + c.query
			if got.method != "GET" || got.rawQuery != want || got.body != "" {
				t.Fatalf("sent %s ?%s body %q\nwant GET ?%s", got.method, got.rawQuery, got.body, want)
			}
			// ZEGO's own parser must read the values back unchanged.
			q, _ := url.ParseQuery(got.rawQuery)
			if q.Get("RoomId") != c.req.Room || strings.Join(q["UserId[]"], ",") != strings.Join(c.users, ",") {
				t.Fatalf("round trip: %v", q)
			}
		})
	}
}

func TestRTCPlanLimits(t *testing.T) {
	srv := httptest.NewServer(&wire{})
	defer srv.Close()
	c := pinnedRTC(t, srv)
	kick, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a"}})
	if err != nil || kick.Call != "KickoutUser" || kick.BatchSize != 5 || kick.PerSecond != 50 || kick.RateKey != "" || kick.Calls(12) != 3 {
		t.Fatalf("kick plan %+v %v", kick, err)
	}
	closeRoom, err := c.Plan(backend.ActionRequest{Kind: backend.ActDismiss, Room: "r"})
	if err != nil || closeRoom.Call != "CloseRoom" || closeRoom.PerSecond != 1 || closeRoom.RateKey != "" || closeRoom.BatchSize != 0 {
		t.Fatalf("close plan %+v %v", closeRoom, err)
	}

	bad := []struct {
		name  string
		req   backend.ActionRequest
		field string
	}{
		{"room too long", backend.ActionRequest{Kind: backend.ActDismiss, Room: strings.Repeat("r", 129)}, "room"},
		{"room with a space", backend.ActionRequest{Kind: backend.ActDismiss, Room: "a b"}, "room"},
		{"empty room", backend.ActionRequest{Kind: backend.ActKick, Users: []string{"a"}}, "room"},
		{"user too long", backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a", strings.Repeat("u", 65)}}, "users[1]"},
		{"user with escape", backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a\x1b[2J"}}, "users[0]"},
		{"reason too long", backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a"}, Reason: strings.Repeat("x", 257)}, "reason"},
		{"reason with newline", backend.ActionRequest{Kind: backend.ActDismiss, Room: "r", Reason: "a\nb"}, "reason"},
	}
	for _, b := range bad {
		_, err := c.Plan(b.req)
		var ie *backend.InputError
		if !errors.As(err, &ie) || ie.Field != b.field || ie.Fix == "" {
			t.Errorf("%s: %v, want an InputError on %s with a fix", b.name, err, b.field)
		}
	}
	if _, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{strings.Repeat("u", 64)},
		Reason: strings.Repeat("x", 256)}); err != nil {
		t.Errorf("64-byte user and 256-byte reason are allowed: %v", err)
	}
	for _, k := range []backend.ActionKind{backend.ActMute, backend.ActUnmute, backend.ActBlock, backend.ActBlacklistAdd, backend.ActBlacklistRemove} {
		_, err := c.Plan(backend.ActionRequest{Kind: k, Room: "r", Owner: "o", Users: []string{"a"}, Duration: time.Minute})
		var ue *backend.UnsupportedError
		if !errors.As(err, &ue) || ue.Why == "" {
			t.Errorf("%s: %v, want an UnsupportedError that says why", k, err)
		}
	}
	if len(srv.Config.Handler.(*wire).reqs) != 0 {
		t.Fatal("Plan sent a request")
	}
}

func TestRTCListMembersPagesWithMarker(t *testing.T) {
	w := &wire{answers: []string{
		`{"Code":0,"Message":"success","RequestId":"r","Data":{"Marker":"1635940599950-user2","UserList":[{"UserId":"a","UserName":"A","UserRole":1},{"UserId":"b","UserName":"B","UserRole":2}]}}`,
		`{"Code":0,"Message":"success","RequestId":"r","Data":{"Marker":"","UserList":[{"UserId":"b","UserName":"B","UserRole":2},{"UserId":"c","UserName":"\u001b[2JC","UserRole":4}]}}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	start := time.Now()
	ms, err := pinnedRTC(t, srv).ListMembers(context.Background(), "live-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].Role != "host" || ms[1].Role != "audience" || ms[2].Role != "service" || ms[2].Name != "\x1b[2JC" {
		t.Fatalf("members %+v (duplicates across pages dropped; names stay raw for the renderer)", ms)
	}
	want := []string{
		"Action=DescribeUserList&" + common + "&RoomId=live-1&Mode=0&Limit=200&Marker=",
		"Action=DescribeUserList&" + common + "&RoomId=live-1&Mode=0&Limit=200&Marker=1635940599950-user2",
	}
	for i, q := range want {
		if w.reqs[i].rawQuery != q || w.reqs[i].method != "GET" {
			t.Errorf("page %d: %s %s\nwant %s", i, w.reqs[i].method, w.reqs[i].rawQuery, q)
		}
	}
	// ZEGO allows one DescribeUserList a second for one room.
	if d := time.Since(start); d < time.Second {
		t.Fatalf("two pages of one room in %v; ZEGO allows 1/s per room", d)
	}
}

func TestRTCDataEnvelope(t *testing.T) {
	cases := []struct {
		name, answer string
		members      int
		errCode      string
	}{
		{"payload under Data", `{"Code":0,"RequestId":"r","Data":{"Marker":"","UserList":[{"UserId":"a"}]}}`, 1, ""},
		{"ZIM-style top-level payload is not read", `{"Code":0,"RequestId":"r","Marker":"","UserList":[{"UserId":"a"}]}`, 0, ""},
		{"no Data: a room that does not exist", `{"Code":0,"RequestId":"r"}`, 0, ""},
		{"null Data", `{"Code":0,"RequestId":"r","Data":null}`, 0, ""},
		{"Data of the wrong shape", `{"Code":0,"RequestId":"r","Data":{"UserList":"a"}}`, 0, "bad-answer"},
		{"room gone", `{"Code":5024,"RequestId":"r","Message":"room not exist"}`, 0, "5024"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(&wire{answers: []string{c.answer}})
			defer srv.Close()
			ms, err := pinnedRTC(t, srv).ListMembers(context.Background(), "r")
			var ve *backend.VendorError
			switch {
			case c.errCode == "" && (err != nil || len(ms) != c.members):
				t.Fatalf("members %v err %v, want %d", ms, err, c.members)
			case c.errCode != "" && (!errors.As(err, &ve) || ve.Code != c.errCode || ve.RequestID != "r"):
				t.Fatalf("err %v, want code %s", err, c.errCode)
			}
		})
	}
}

func TestRTCCodes(t *testing.T) {
	cases := []struct {
		code      int64
		retry     bool
		meaningIn string
	}{
		{206, true, "too many"},
		{207, true, "this room"},
		{1, true, "failed"},
		{5018, false, "does not exist"},
		{5024, false, "does not exist"},
		{104, false, "does not exist"},
		{50001, false, "does not exist"},
		{50011, false, "too many users"},
		{50003, false, "not in the room"},
		{3, false, "too long"}, // ZIM's 3 is a signature failure; RTC's is not
		{100000005, false, "signature"},
		{100000007, false, "Action"},
		{660300005, false, ""}, // a ZIM code means nothing on the RTC host
	}
	for _, c := range cases {
		ve := rtcVendorError(actKickoutUser, c.code, "msg", "rid", 200)
		if ve.Retryable != c.retry || !strings.Contains(ve.Meaning, c.meaningIn) || (c.meaningIn == "" && ve.Meaning != "") {
			t.Errorf("code %d: retry %v meaning %q; want retry %v and %q", c.code, ve.Retryable, ve.Meaning, c.retry, c.meaningIn)
		}
	}
	if ve := rtcVendorError(actKickoutUser, 100000007, "", "", 200); !strings.Contains(ve.NextStep, "rtc-api") {
		t.Errorf("unsupported Action should point at the RTC host: %q", ve.NextStep)
	}
}

func TestRTCReadRetriesRateLimitWithFreshSignature(t *testing.T) {
	w := &wire{answers: []string{
		`{"Code":206,"RequestId":"r1","Message":"app qps limit"}`,
		`{"Code":207,"RequestId":"r2","Message":"room qps limit"}`,
		`{"Code":0,"RequestId":"r3","Data":{"Marker":"","UserList":[{"UserId":"a"}]}}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	// A real-length secret: the transport blanks the secret wherever an answer echoes it.
	c, err := NewRTC(Options{Name: "rtc", AppID: 12345, ServerSecret: "9193cc662a4c0ec135ec71fb57194b38", Endpoint: srv.URL},
		backend.Deps{HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.ListMembers(context.Background(), "r")
	if err != nil || len(ms) != 1 {
		t.Fatalf("members %v err %v reqs %d", ms, err, len(w.reqs))
	}
	if len(w.reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(w.reqs))
	}
	seen := map[string]bool{}
	for _, r := range w.reqs {
		q, _ := url.ParseQuery(r.rawQuery)
		n := q.Get("SignatureNonce")
		if seen[n] || len(n) != 16 {
			t.Fatalf("nonce %q reused or malformed", n)
		}
		seen[n] = true
	}
}

func TestRTCListRoomsCountsTenAtATime(t *testing.T) {
	var watch []string
	for i := range 12 {
		watch = append(watch, "room-"+string(rune('a'+i)))
	}
	w := &wire{answers: []string{
		`{"Code":0,"RequestId":"r","Data":{"UserCountList":[{"RoomId":"room-a","UserCount":3,"AdminUserCount":0},{"RoomId":"room-b","UserCount":0}]}}`,
		`{"Code":0,"RequestId":"r","Data":{"UserCountList":[{"RoomId":"room-l","UserCount":7}]}}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	rooms, err := pinnedRTC(t, srv, watch...).ListRooms(context.Background())
	if err != nil || len(rooms) != 12 {
		t.Fatalf("rooms %v err %v", rooms, err)
	}
	if rooms[0].Members != 3 || !rooms[0].Live || rooms[1].Live || rooms[11].Members != 7 || rooms[5].Live {
		t.Fatalf("rooms %+v", rooms)
	}
	if len(w.reqs) != 2 {
		t.Fatalf("%d calls for 12 rooms, want 2", len(w.reqs))
	}
	if q := w.reqs[1].rawQuery; q != "Action=DescribeUserNum&"+common+"&RoomId[]=room-k&RoomId[]=room-l" {
		t.Fatalf("second call %s", q)
	}
	if n := strings.Count(w.reqs[0].rawQuery, "RoomId[]="); n != 10 {
		t.Fatalf("first call names %d rooms, want 10", n)
	}
}

func TestNewRTC(t *testing.T) {
	c, err := NewRTC(Options{Name: "rtc", AppID: 1, ServerSecret: "s"}, backend.Deps{})
	if err != nil || c.z.endpoint != DefaultRTCEndpoint+"/" || c.App().RoomKind != backend.RoomZegoRTC {
		t.Fatalf("client %v err %v", c, err)
	}
	if strings.Contains(c.String(), "zim-api") || !strings.Contains(c.String(), "rtc-api.zego.im") {
		t.Fatalf("String %s", c.String())
	}
	for _, o := range []Options{
		{Name: "rtc", AppID: 1, ServerSecret: "s", Group: true},
		{Name: "rtc", AppID: 1, ServerSecret: "s", Watch: []string{"ok", "not ok"}},
		{Name: "rtc", AppID: 1, ServerSecret: "s", Endpoint: "rtc-api.zego.im"},
		{Name: "rtc", AppID: 1},
	} {
		if _, err := NewRTC(o, backend.Deps{}); !backend.IsInputError(err) {
			t.Errorf("%+v: %v, want an InputError", o, err)
		}
	}
	long := strings.Repeat("r", 128)
	c, err = NewRTC(Options{Name: "rtc", AppID: 1, ServerSecret: "s", Watch: []string{long, "a", long}}, backend.Deps{})
	if err != nil || len(c.watchList()) != 2 {
		t.Fatalf("a 128-byte RTC room ID is allowed (ZIM allows 32): %v", err)
	}
}

// A rate_limits override of DescribeUserList raises the app-wide pace only:
// two pages of one room still keep ZEGO's 1/s per room.
func TestRTCPerRoomPaceIgnoresAppOverride(t *testing.T) {
	w := &wire{answers: []string{
		`{"Code":0,"RequestId":"r","Data":{"Marker":"m1","UserList":[{"UserId":"a"}]}}`,
		`{"Code":0,"RequestId":"r","Data":{"Marker":"","UserList":[{"UserId":"b"}]}}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	c, err := NewRTC(Options{Name: "rtc", AppID: 12345, ServerSecret: "9193cc662a4c0ec135ec71fb57194b38", Endpoint: srv.URL},
		backend.Deps{HTTP: srv.Client(), Pacer: backend.NewPacer(map[string]float64{"rtc/DescribeUserList": 1000})})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if ms, err := c.ListMembers(context.Background(), "r"); err != nil || len(ms) != 2 {
		t.Fatalf("members %v err %v", ms, err)
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("two pages of one room in %v; ZEGO allows 1/s per room whatever the app's override", d)
	}
}

// RTC errors, plans and the client's own strings never carry the secret or
// the request's signature, whatever a proxy echoes.
func TestRTCNoSecretOrSignatureInErrors(t *testing.T) {
	const sig = "43e5cfcca828314675f91b001390566a" // of the pinned nonce and clock
	for _, mode := range []string{"502", "html", "message"} {
		srv := httptest.NewServer(echo{mode})
		c := pinnedRTC(t, srv, "r")
		var texts []string
		_, err := c.ListMembers(context.Background(), "r")
		texts = append(texts, errText(err))
		_, err = c.ListRooms(context.Background())
		texts = append(texts, errText(err))
		plan, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: []string{"a"}})
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, errText(plan.Exec(context.Background(), []string{"a"}).Err), plan.Params,
			fmt.Sprintf("%v %+v %#v %s", c, c, c, c.String()))
		srv.Close()
		for _, s := range texts {
			if strings.Contains(s, leakSecret) || strings.Contains(s, sig) {
				t.Fatalf("%s: secret or signature in %q", mode, s)
			}
		}
		if mode == "message" && !strings.Contains(texts[2], "100000005") {
			t.Fatalf("the gateway's code is lost: %q", texts[2])
		}
	}
}
