package trtc

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

var fixedNow = time.Unix(1700000000, 0)

// wireServer records every request and answers from answers[action]
// (default: an empty success).
type wireServer struct {
	t       *testing.T
	mu      sync.Mutex
	seen    []captured
	answers map[string][]string // action → successive answers
	status  int
}

type captured struct {
	header http.Header
	host   string
	body   string
}

func (s *wireServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, captured{header: r.Header.Clone(), host: r.Host, body: string(b)})
	if s.status != 0 {
		w.WriteHeader(s.status)
		_, _ = w.Write([]byte("<html>502 Bad Gateway</html>"))
		return
	}
	action := r.Header.Get("X-TC-Action")
	answer := `{"Response":{"RequestId":"req-` + action + `"}}`
	if q := s.answers[action]; len(q) > 0 {
		answer, s.answers[action] = q[0], q[1:]
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(answer))
}

func newWire(t *testing.T, stringRooms bool) (*Client, *wireServer, *backend.MemoryState) {
	t.Helper()
	ws := &wireServer{t: t, answers: map[string][]string{}}
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	state := backend.NewMemoryState()
	id := uint64(1400000001)
	if stringRooms {
		id = 1400000002
	}
	c, err := New(Options{Name: "trtc-test", SDKAppID: id, Region: "ap-singapore", StringRoomIDs: stringRooms,
		SecretID: "AKIDtest", SecretKey: "keytest", Endpoint: srv.URL},
		backend.Deps{State: state, Now: func() time.Time { return fixedNow }, Pacer: backend.NewPacer(map[string]float64{"DescribeRoomInfo": 1000, "DescribeUserInfo": 1000})})
	if err != nil {
		t.Fatal(err)
	}
	return c, ws, state
}

// checkEnvelope asserts the common headers and that the signature verifies
// with the test's own TC3 implementation.
func checkEnvelope(t *testing.T, got captured, action string) {
	t.Helper()
	for k, want := range map[string]string{"X-TC-Action": action, "X-TC-Version": "2019-07-22", "X-TC-Region": "ap-singapore", "Content-Type": "application/json"} {
		if v := got.header.Values(k); len(v) != 1 || v[0] != want {
			t.Errorf("%s: header %s = %q, want %q", action, k, v, want)
		}
	}
	ts, err := strconv.ParseInt(got.header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil {
		t.Fatalf("%s: X-TC-Timestamp %q", action, got.header.Get("X-TC-Timestamp"))
	}
	sig := tc3Sign("keytest", "trtc", "application/json", got.host, ts, got.body)
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	want := "TC3-HMAC-SHA256 Credential=AKIDtest/" + date + "/trtc/tc3_request, SignedHeaders=content-type;host, Signature=" + sig
	if a := got.header.Get("Authorization"); a != want {
		t.Errorf("%s: Authorization %q, want %q", action, a, want)
	}
}

func TestActionWireFormat(t *testing.T) {
	cases := []struct {
		name    string
		strRoom bool
		req     backend.ActionRequest
		call    string
		params  string
		batch   int
		body    string
	}{
		{"block video numeric", false, backend.ActionRequest{Kind: backend.ActBlock, Room: "42", Users: []string{"alice"}, AVMode: backend.AVVideo},
			"SetUserBlocked", "IsMute 3", 1, `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":3}`},
		{"block all by default", false, backend.ActionRequest{Kind: backend.ActBlock, Room: "4294967294", Users: []string{"bob"}},
			"SetUserBlocked", "IsMute 1", 1, `{"SdkAppId":1400000001,"RoomId":4294967294,"UserId":"bob","IsMute":1}`},
		{"block audio string", true, backend.ActionRequest{Kind: backend.ActBlock, Room: "stage 1", Users: []string{"李雷"}, AVMode: backend.AVAudio},
			"SetUserBlockedByStrRoomId", "IsMute 2", 1, `{"SdkAppId":1400000002,"StrRoomId":"stage 1","UserId":"李雷","IsMute":2}`},
		{"unblock numeric", false, backend.ActionRequest{Kind: backend.ActUnblock, Room: "42", Users: []string{"alice"}, AVMode: backend.AVVideo},
			"SetUserBlocked", "IsMute 0", 1, `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":0}`},
		{"unblock string", true, backend.ActionRequest{Kind: backend.ActUnblock, Room: "stage 1", Users: []string{"alice"}},
			"SetUserBlockedByStrRoomId", "IsMute 0", 1, `{"SdkAppId":1400000002,"StrRoomId":"stage 1","UserId":"alice","IsMute":0}`},
		{"kick numeric", false, backend.ActionRequest{Kind: backend.ActKick, Room: "42", Users: []string{"a", "b"}},
			"RemoveUser", "", 10, `{"SdkAppId":1400000001,"RoomId":42,"UserIds":["a","b"]}`},
		{"kick string", true, backend.ActionRequest{Kind: backend.ActKick, Room: "stage 1", Users: []string{"a"}},
			"RemoveUserByStrRoomId", "", 10, `{"SdkAppId":1400000002,"RoomId":"stage 1","UserIds":["a"]}`},
		{"dismiss numeric", false, backend.ActionRequest{Kind: backend.ActDismiss, Room: "42"},
			"DismissRoom", "", 0, `{"SdkAppId":1400000001,"RoomId":42}`},
		{"dismiss string", true, backend.ActionRequest{Kind: backend.ActDismiss, Room: "stage 1"},
			"DismissRoomByStrRoomId", "", 0, `{"SdkAppId":1400000002,"RoomId":"stage 1"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ws, _ := newWire(t, tc.strRoom)
			p, err := c.Plan(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if p.Call != tc.call || p.Params != tc.params || p.BatchSize != tc.batch || p.PerSecond != 20 || p.PaceApp != "trtc-test" {
				t.Fatalf("plan %+v", p)
			}
			res := p.Exec(context.Background(), tc.req.Users)
			if res.Err != nil || res.RequestID != "req-"+tc.call {
				t.Fatalf("result %+v", res)
			}
			if len(ws.seen) != 1 {
				t.Fatalf("%d requests", len(ws.seen))
			}
			if ws.seen[0].body != tc.body {
				t.Errorf("body\n got %s\nwant %s", ws.seen[0].body, tc.body)
			}
			checkEnvelope(t, ws.seen[0], tc.call)
		})
	}
}

func TestListWireFormat(t *testing.T) {
	c, ws, state := newWire(t, false)
	ws.answers["DescribeRoomInfo"] = []string{`{"Response":{"Total":3,"RoomList":[
		{"CommId":"1400000001_42_1699990000","RoomString":"42","CreateTime":1699990000,"DestroyTime":0,"IsFinished":false,"UserId":"host"},
		{"CommId":"1400000001_42_1699900000","RoomString":"42","CreateTime":1699900000,"DestroyTime":1699950000,"IsFinished":true,"UserId":"host"},
		{"CommId":"1400000001_7_1699950000","RoomString":"7","CreateTime":1699950000,"DestroyTime":1699960000,"IsFinished":true,"UserId":"x"}],"RequestId":"r"}}`}
	rooms, err := c.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != 1 || rooms[0].ID != "42" || !rooms[0].Live || rooms[0].Members != -1 || rooms[0].Owner != "host" || rooms[0].CreatedAt.Unix() != 1699990000 {
		t.Fatalf("rooms %+v", rooms)
	}
	if want := `{"SdkAppId":1400000001,"StartTime":1699913600,"EndTime":1700000000,"PageNumber":0,"PageSize":100}`; ws.seen[0].body != want {
		t.Errorf("DescribeRoomInfo body\n got %s\nwant %s", ws.seen[0].body, want)
	}
	checkEnvelope(t, ws.seen[0], "DescribeRoomInfo")

	_ = state.SetAVBlock("trtc-test", "42", "bob", backend.AVAudio, "me", fixedNow)
	ws.answers["DescribeUserInfo"] = []string{`{"Response":{"Total":4,"UserList":[
		{"RoomStr":"42","UserId":"alice","JoinTs":1699990100,"LeaveTs":0,"Finished":false},
		{"RoomStr":"42","UserId":"bob","JoinTs":1699990200,"LeaveTs":0,"Finished":false},
		{"RoomStr":"42","UserId":"carol","JoinTs":1699990300,"LeaveTs":1699990400,"Finished":true},
		{"RoomStr":"42","UserId":"alice","JoinTs":1699980000,"LeaveTs":1699985000,"Finished":true}],"RequestId":"r"}}`}
	members, err := c.ListMembers(context.Background(), "42")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 2 || members[0].UserID != "alice" || members[1].UserID != "bob" || members[1].AVBlock != backend.AVAudio || members[0].AVBlock != backend.AVNone {
		t.Fatalf("members %+v", members)
	}
	if len(ws.seen) != 2 {
		t.Fatalf("ListMembers after ListRooms made %d calls, want 1 (CommId cached)", len(ws.seen)-1)
	}
	if want := `{"CommId":"1400000001_42_1699990000","StartTime":1699985600,"EndTime":1700000000,"SdkAppId":1400000001,"PageNumber":0,"PageSize":100}`; ws.seen[1].body != want {
		t.Errorf("DescribeUserInfo body\n got %s\nwant %s", ws.seen[1].body, want)
	}
	checkEnvelope(t, ws.seen[1], "DescribeUserInfo")
}

func TestListPagesUntilShortPage(t *testing.T) {
	c, ws, _ := newWire(t, true)
	page := func(from, n int) string {
		var b strings.Builder
		b.WriteString(`{"Response":{"RoomList":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			id := strconv.Itoa(from + i)
			b.WriteString(`{"CommId":"c` + id + `","RoomString":"r` + id + `","CreateTime":1699990000,"IsFinished":false}`)
		}
		b.WriteString(`],"RequestId":"r"}}`)
		return b.String()
	}
	ws.answers["DescribeRoomInfo"] = []string{page(0, 100), page(100, 100), page(200, 7)}
	rooms, err := c.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != 207 || len(ws.seen) != 3 {
		t.Fatalf("%d rooms in %d calls", len(rooms), len(ws.seen))
	}
	if !strings.Contains(ws.seen[2].body, `"PageNumber":2,`) {
		t.Fatalf("third page body %s", ws.seen[2].body)
	}
}

// TestUserListGoesOnPastAShortPageWhenTotalSaysMore: a server that answers 6
// records a page (the SDK's default PageSize, which providers.md says may
// cap pages without UserIds) while Total says 14 is read to the end.
func TestUserListGoesOnPastAShortPageWhenTotalSaysMore(t *testing.T) {
	c, ws, _ := newWire(t, true)
	page := func(from, n int) string {
		var b strings.Builder
		b.WriteString(`{"Response":{"Total":14,"UserList":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"RoomStr":"r1","UserId":"u` + strconv.Itoa(from+i) + `","JoinTs":1699990100,"LeaveTs":1700000000,"Finished":false}`)
		}
		b.WriteString(`],"RequestId":"r"}}`)
		return b.String()
	}
	ws.answers["DescribeRoomInfo"] = []string{`{"Response":{"RoomList":[{"CommId":"c1","RoomString":"r1","CreateTime":1699990000,"IsFinished":false}],"RequestId":"r"}}`}
	ws.answers["DescribeUserInfo"] = []string{page(0, 6), page(6, 6), page(12, 2)}
	members, err := c.ListMembers(context.Background(), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 14 {
		t.Fatalf("%d members listed, want all 14 (Total) from pages of 6", len(members))
	}
	for total, want := range map[uint64]bool{6: true, 7: false} {
		if got := usersListed(6, 6, &total); got != want {
			t.Errorf("6 of Total %d: listed = %v, want %v", total, got, want)
		}
	}
	if !usersListed(6, 6, nil) || !usersListed(0, 12, nil) || usersListed(pageSize, pageSize, nil) {
		t.Error("without Total a short or empty page ends the list, a full one does not")
	}
}

// TestUserNotExistClearsStoredBlock: both codes SetUserBlocked documents for
// "the user is not in the room" end the remembered block and are no retry.
func TestUserNotExistClearsStoredBlock(t *testing.T) {
	for _, code := range []string{"FailedOperation.UserNotExist", "InternalError.UserNotExist"} {
		t.Run(code, func(t *testing.T) {
			c, ws, state := newWire(t, false)
			_ = state.SetAVBlock("trtc-test", "42", "ghost", backend.AVAll, "me", fixedNow)
			ws.answers["SetUserBlocked"] = []string{`{"Response":{"Error":{"Code":"` + code + `","Message":"user \u001b[31mnot\u001b[0m in room"},"RequestId":"r-9"}}`}
			p, err := c.Plan(backend.ActionRequest{Kind: backend.ActUnblock, Room: "42", Users: []string{"ghost"}})
			if err != nil {
				t.Fatal(err)
			}
			res := p.Exec(context.Background(), []string{"ghost"})
			var ve *backend.VendorError
			if !errors.As(res.Err, &ve) || ve.Code != code || ve.RequestID != "r-9" || ve.Retryable || backend.Retryable(res.Err) ||
				!strings.Contains(ve.Meaning, "left") {
				t.Fatalf("err %#v", res.Err)
			}
			if strings.Contains(ve.Message, "\x1b") {
				t.Fatalf("message not sanitized: %q", ve.Message)
			}
			if b, _ := state.AVBlocks("trtc-test", "42"); len(b) != 0 {
				t.Fatalf("stale block kept: %v", b)
			}
		})
	}
}

// failingState fails every write, as a full disk or a locked journal would.
type failingState struct{ *backend.MemoryState }

func (failingState) SetAVBlock(string, string, string, backend.AVBlock, string, time.Time) error {
	return errors.New("journal is read-only")
}

// TestDismissCleanupErrorsAreLogged: the dismiss is reported done (TRTC
// closed the room) and the failure to forget its blocks reaches the log.
func TestDismissCleanupErrorsAreLogged(t *testing.T) {
	ws := &wireServer{t: t, answers: map[string][]string{}}
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	mem := backend.NewMemoryState()
	_ = mem.SetAVBlock("trtc-test", "42", "u1", backend.AVAll, "me", fixedNow)
	var log strings.Builder
	c, err := New(Options{Name: "trtc-test", SDKAppID: 1400000001, Region: "ap-singapore", SecretID: "AKIDtest", SecretKey: "keytest", Endpoint: srv.URL},
		backend.Deps{State: failingState{mem}, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Plan(backend.ActionRequest{Kind: backend.ActDismiss, Room: "42"})
	if err != nil {
		t.Fatal(err)
	}
	if res := p.Exec(context.Background(), nil); res.Err != nil {
		t.Fatal(res.Err)
	}
	if !strings.Contains(log.String(), "journal is read-only") || !strings.Contains(log.String(), "dismiss") {
		t.Fatalf("log %q", log.String())
	}
}

func TestGatewayFailureIsRetryableVendorError(t *testing.T) {
	c, ws, _ := newWire(t, false)
	ws.status = http.StatusBadGateway
	_, err := c.ListRooms(context.Background())
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.HTTPStatus != 502 || !backend.Retryable(err) {
		t.Fatalf("err %#v", err)
	}
}

func TestNetworkErrorPassesThrough(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u, _ := url.Parse(srv.URL)
	srv.Close() // nothing listens there now
	c, err := New(Options{Name: "n", SDKAppID: 1, Region: "ap-singapore", SecretID: "a", SecretKey: "b", Endpoint: "http://" + u.Host}, backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListRooms(context.Background())
	var ve *backend.VendorError
	if err == nil || errors.As(err, &ve) || !backend.Retryable(err) {
		t.Fatalf("err %#v", err)
	}
}
