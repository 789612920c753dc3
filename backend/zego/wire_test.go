package zego

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func TestSignVector(t *testing.T) {
	if got := Sign(12345, "4fd24687296dd9f3", "9193cc662a4c0ec135ec71fb57194b38", 1615186943); got != "43e5cfcca828314675f91b001390566a" {
		t.Fatalf("Sign = %s", got)
	}
}

func TestValidID(t *testing.T) {
	for id, ok := range map[string]bool{
		"user_1": true, "a!#$%&()+-:;<=.>?@[]^_{}|~": true, strings.Repeat("x", 32): true,
		"": false, strings.Repeat("x", 33): false, "a b": false, "a/b": false, "é": false, "a\x1b": false, "a,b": false,
	} {
		if got := ValidID(id) == ""; got != ok {
			t.Errorf("ValidID(%q) ok=%v, want %v", id, got, ok)
		}
	}
}

func TestNonceIsFresh16Hex(t *testing.T) {
	a, b := newNonce(), newNonce()
	if len(a) != 16 || strings.Trim(a, "0123456789abcdef") != "" || a == b {
		t.Fatalf("nonces %q %q", a, b)
	}
}

// wire records the requests a fake ZEGO receives and answers with canned bodies.
type wire struct {
	mu      sync.Mutex
	reqs    []recorded
	answers []string // served in order; the last repeats
}

type recorded struct {
	method, rawQuery, contentType, body string
}

func (w *wire) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	w.mu.Lock()
	w.reqs = append(w.reqs, recorded{r.Method, r.URL.RawQuery, r.Header.Get("Content-Type"), string(b)})
	ans := `{"Code":0,"Message":"success","RequestId":"rid-1"}`
	if len(w.answers) > 0 {
		ans = w.answers[0]
		if len(w.answers) > 1 {
			w.answers = w.answers[1:]
		}
	}
	w.mu.Unlock()
	if strings.HasPrefix(ans, "HTTP") {
		rw.WriteHeader(http.StatusBadGateway)
		_, _ = rw.Write([]byte("<html>bad gateway</html>"))
		return
	}
	_, _ = rw.Write([]byte(ans))
}

var fixedNow = time.Unix(1615186943, 0)

// pinned returns a client whose nonce and clock are fixed, so the query
// string is exact.
func pinned(t *testing.T, srv *httptest.Server, group bool) *Client {
	t.Helper()
	c, err := New(Options{Name: "zg", AppID: 12345, ServerSecret: "9193cc662a4c0ec135ec71fb57194b38", Endpoint: srv.URL,
		Operator: "admin-bot", Group: group}, backend.Deps{Now: func() time.Time { return fixedNow }, HTTP: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	c.nonce = func() string { return "4fd24687296dd9f3" }
	return c
}

const common = "AppId=12345&SignatureNonce=4fd24687296dd9f3&Timestamp=1615186943&Signature=43e5cfcca828314675f91b001390566a&SignatureVersion=2.0"

func TestWireFormatPerAction(t *testing.T) {
	cases := []struct {
		name   string
		group  bool
		req    backend.ActionRequest
		users  []string
		method string
		query  string // after Action and the common parameters
		body   string
	}{
		{"kick room", false, backend.ActionRequest{Kind: backend.ActKick, Room: "q&a:live", Reason: "spam"}, []string{"a", "b[1]"},
			"GET", "&RoomId=q%26a%3Alive&UserId[]=a&UserId[]=b%5B1%5D&CustomReason=spam", ""},
		{"destroy room", false, backend.ActionRequest{Kind: backend.ActDismiss, Room: "lobby"}, nil,
			"GET", "&RoomId=lobby", ""},
		{"mute group", true, backend.ActionRequest{Kind: backend.ActMute, Room: "fans", Duration: 90 * time.Second}, []string{"a", "b"},
			"GET", "&FromUserId=admin-bot&GroupId=fans&UserIds[]=a&UserIds[]=b&Duration=90", ""},
		{"mute group forever", true, backend.ActionRequest{Kind: backend.ActMute, Room: "fans", Forever: true}, []string{"a"},
			"GET", "&FromUserId=admin-bot&GroupId=fans&UserIds[]=a&Duration=-1", ""},
		{"unmute group", true, backend.ActionRequest{Kind: backend.ActUnmute, Room: "fans"}, []string{"a"},
			"GET", "&FromUserId=admin-bot&GroupId=fans&UserIds[]=a&Duration=0", ""},
		{"kick group", true, backend.ActionRequest{Kind: backend.ActKick, Room: "fans"}, []string{"a", "b"},
			"POST", "", `{"FromUserId":"admin-bot","GroupId":"fans","UserId":["a","b"]}`},
		{"dismiss group", true, backend.ActionRequest{Kind: backend.ActDismiss, Room: "fans"}, nil,
			"GET", "&FromUserId=admin-bot&GroupId=fans", ""},
		{"blacklist add", false, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "o"}, []string{"a", "b"},
			"POST", "", `{"FromUserId":"o","UserIds":["a","b"]}`},
		{"blacklist remove", true, backend.ActionRequest{Kind: backend.ActBlacklistRemove, Owner: "o"}, []string{"a"},
			"POST", "", `{"FromUserId":"o","UserIds":["a"]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &wire{}
			srv := httptest.NewServer(w)
			defer srv.Close()
			cl := pinned(t, srv, c.group)
			c.req.Users = c.users
			plan, err := cl.Plan(c.req)
			if err != nil {
				t.Fatal(err)
			}
			res := plan.Exec(context.Background(), c.users)
			if res.Err != nil || res.RequestID != "rid-1" {
				t.Fatalf("result %+v", res)
			}
			got := w.reqs[0]
			wantQuery := "Action=" + plan.Call + "&" + common + c.query
			if got.method != c.method || got.rawQuery != wantQuery || got.body != c.body {
				t.Fatalf("sent %s ?%s body %q\nwant %s ?%s body %q", got.method, got.rawQuery, got.body, c.method, wantQuery, c.body)
			}
			if c.method == "POST" && got.contentType != "application/json" {
				t.Fatalf("Content-Type %q", got.contentType)
			}
		})
	}
}

func TestWireFormatLists(t *testing.T) {
	w := &wire{answers: []string{
		`{"Code":0,"RequestId":"r","Count":3,"NextFlag":"7.500","UserList":[{"UserId":"a","UserName":"A"},{"UserId":"b","UserName":"B"}]}`,
		`{"Code":0,"RequestId":"r","Count":3,"NextFlag":"","UserList":[{"UserId":"b","UserName":"B"},{"UserId":"c","UserName":"\u001b[2JC"}]}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	cl := pinned(t, srv, false)
	ms, err := cl.ListMembers(context.Background(), "lobby")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[2].Name != "\x1b[2JC" {
		t.Fatalf("members %+v (duplicates across pages must be dropped; names stay raw)", ms)
	}
	want := []string{
		"Action=QueryRoomUserList&" + common + "&RoomId=lobby&Mode=0&NextFlag=&Limit=500",
		"Action=QueryRoomUserList&" + common + "&RoomId=lobby&Mode=0&NextFlag=7.500&Limit=500",
	}
	for i, q := range want {
		if w.reqs[i].rawQuery != q || w.reqs[i].method != "GET" {
			t.Errorf("page %d: %s %s\nwant %s", i, w.reqs[i].method, w.reqs[i].rawQuery, q)
		}
	}

	w2 := &wire{answers: []string{`{"Code":0,"RequestId":"r","TotalCount":2,"Next":0,"Blacklist":[{"UserId":"x","UpdateTime":1700000000123}]}`}}
	srv2 := httptest.NewServer(w2)
	defer srv2.Close()
	bl, err := pinned(t, srv2, false).ListBlacklist(context.Background(), "owner")
	if err != nil || len(bl) != 1 || !bl[0].Since.Equal(time.UnixMilli(1700000000123)) {
		t.Fatalf("blacklist %+v %v", bl, err)
	}
	if q := w2.reqs[0].rawQuery; q != "Action=QueryBlacklist&"+common+"&FromUserId=owner&Limit=100&Next=0" {
		t.Fatalf("query %s", q)
	}

	w3 := &wire{answers: []string{`{"Code":0,"RequestId":"r","TotalCount":1,"Next":0,"MemberList":[{"UserId":"x","UserName":"X","Role":1}]}`}}
	srv3 := httptest.NewServer(w3)
	defer srv3.Close()
	gm, err := pinned(t, srv3, true).ListMembers(context.Background(), "fans")
	if err != nil || len(gm) != 1 || gm[0].Role != "owner" {
		t.Fatalf("group members %+v %v", gm, err)
	}
	if r := w3.reqs[0]; r.method != "POST" || r.body != `{"GroupId":"fans","Limit":1000,"Next":0}` || r.rawQuery != "Action=QueryGroupMemberList&"+common {
		t.Fatalf("group list sent %+v", r)
	}
}

func TestPartialFailures(t *testing.T) {
	cases := []struct {
		name       string
		kind       backend.ActionKind
		answer     string
		users      []string
		wantFailed map[string]string // user → code
		wantErr    string
	}{
		{"add: Code 0 with ErrList", backend.ActBlacklistAdd,
			`{"Code":0,"RequestId":"r","ErrList":[{"UserId":"b","SubCode":660800037},{"UserId":"c","SubCode":660700015},{"UserId":"d","SubCode":6607000015}]}`,
			[]string{"a", "b", "c", "d"}, map[string]string{"c": "660700015", "d": "6607000015"}, ""},
		{"add: all failed, some already blocked", backend.ActBlacklistAdd,
			`{"Code":660800041,"RequestId":"r","ErrList":[{"UserId":"a","SubCode":660800037},{"UserId":"b","SubCode":660800040}]}`,
			[]string{"a", "b"}, map[string]string{"b": "660800040"}, ""},
		{"add: all already blocked is done", backend.ActBlacklistAdd,
			`{"Code":660800041,"RequestId":"r","ErrList":[{"UserId":"a","SubCode":660800037}]}`,
			[]string{"a"}, nil, ""},
		{"remove: not in blacklist is done", backend.ActBlacklistRemove,
			`{"Code":660800042,"RequestId":"r","ErrList":[{"UserId":"a","SubCode":660800043},{"UserId":"b","SubCode":660800044}]}`,
			[]string{"a", "b"}, nil, ""},
		{"all failed, user missing from ErrList", backend.ActBlacklistAdd,
			`{"Code":660800041,"RequestId":"r","ErrList":[{"UserId":"a","SubCode":660800038}]}`,
			[]string{"a", "b"}, map[string]string{"a": "660800038", "b": "660800041"}, ""},
		{"whole-call error", backend.ActBlacklistAdd, `{"Code":660300005,"RequestId":"r"}`,
			[]string{"a"}, nil, "660300005"},
		// KickoutGroupUser: 660600008 "not in the group" needs no action
		// (https://www.zegocloud.com/docs/zim-server/group/remove-group-member).
		{"group kick: not in group is done", backend.ActKick,
			`{"Code":0,"RequestId":"r","ErrorList":[{"UserId":"b","SubCode":660600008},{"UserId":"c","SubCode":660000012}]}`,
			[]string{"a", "b", "c"}, map[string]string{"c": "660000012"}, ""},
		{"group kick: all not in group", backend.ActKick,
			`{"Code":660600008,"RequestId":"r","ErrorList":[{"UserId":"a","SubCode":660600008}]}`,
			[]string{"a", "b"}, nil, ""},
		{"group kick: 660600008 without a list", backend.ActKick, `{"Code":660600008,"RequestId":"r"}`,
			[]string{"a"}, nil, ""},
		{"group kick: QPS is retried", backend.ActKick, `{"Code":660600005,"RequestId":"r"}`,
			[]string{"a"}, nil, "660600005"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(&wire{answers: []string{c.answer}})
			defer srv.Close()
			group := c.kind == backend.ActKick
			plan, err := pinned(t, srv, group).Plan(backend.ActionRequest{Kind: c.kind, Room: "g", Owner: "o", Users: c.users})
			if err != nil {
				t.Fatal(err)
			}
			res := plan.Exec(context.Background(), c.users)
			if c.wantErr != "" {
				var ve *backend.VendorError
				if !errors.As(res.Err, &ve) || ve.Code != c.wantErr || !ve.Retryable {
					t.Fatalf("err %v", res.Err)
				}
				return
			}
			if res.Err != nil {
				t.Fatalf("err %v", res.Err)
			}
			if len(res.Failed) != len(c.wantFailed) {
				t.Fatalf("failed %v, want %v", res.Failed, c.wantFailed)
			}
			for u, code := range c.wantFailed {
				if f := res.Failed[u]; f == nil || f.Code != code || f.RequestID != "r" {
					t.Fatalf("user %s: %+v, want code %s", u, f, code)
				}
			}
		})
	}
}

func TestMuteErrorUsersAndRecordedState(t *testing.T) {
	srv := httptest.NewServer(&wire{answers: []string{`{"Code":0,"RequestId":"r","ErrorUsers":[{"UserId":"b","SubCode":660300002}]}`}})
	defer srv.Close()
	cl := pinned(t, srv, true)
	plan, err := cl.Plan(backend.ActionRequest{Kind: backend.ActMute, Room: "fans", Duration: time.Minute, Users: []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	res := plan.Exec(context.Background(), []string{"a", "b"})
	if res.Failed["b"] == nil || res.Failed["a"] != nil {
		t.Fatalf("failed %v", res.Failed)
	}
	muted, _ := cl.ListMuted(context.Background(), "fans")
	if len(muted) != 1 || muted[0].UserID != "a" || !muted[0].MutedUntil.Equal(fixedNow.Add(time.Minute)) {
		t.Fatalf("muted %+v", muted)
	}
}

// KickoutRoomUser answers Code/Message/RequestId only: a whole-call success
// applies every user, whatever else the body holds, and 660300002 for one
// user is that user "not in room"
// (https://www.zegocloud.com/docs/zim-server/room/remove-user-from-the-room).
func TestKickRoomOutcomeFollowsTheCode(t *testing.T) {
	cases := []struct {
		name       string
		answer     string
		users      []string
		wantFailed map[string]string
		wantErr    string
	}{
		{"success applies all, an invented ErrList is ignored",
			`{"Code":0,"RequestId":"r","ErrList":[{"UserId":"b","SubCode":660300002}]}`, []string{"a", "b"}, nil, ""},
		{"one user not in room", `{"Code":660300002,"RequestId":"r"}`, []string{"a"}, map[string]string{"a": "660300002"}, ""},
		{"room gone fails the call", `{"Code":660300001,"RequestId":"r"}`, []string{"a"}, nil, "660300001"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(&wire{answers: []string{c.answer}})
			defer srv.Close()
			plan, err := pinned(t, srv, false).Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "r", Users: c.users})
			if err != nil {
				t.Fatal(err)
			}
			res := plan.Exec(context.Background(), c.users)
			if c.wantErr != "" {
				var ve *backend.VendorError
				if !errors.As(res.Err, &ve) || ve.Code != c.wantErr {
					t.Fatalf("err %v, want %s", res.Err, c.wantErr)
				}
				return
			}
			if res.Err != nil || len(res.Failed) != len(c.wantFailed) {
				t.Fatalf("err %v failed %v, want %v", res.Err, res.Failed, c.wantFailed)
			}
			for u, code := range c.wantFailed {
				if f := res.Failed[u]; f == nil || f.Code != code || f.Meaning == "" {
					t.Fatalf("user %s: %+v", u, f)
				}
			}
		})
	}
}

// Issue #7 point 16: a group app lists its groups with QueryAppGroupList
// (GET, Limit 10000 on every page, Next 0 first, 0 when done), names and
// all, groups repeated across pages once; watched IDs are added after
// (https://www.zegocloud.com/docs/zim-server/group/query-group-list-in-the-app).
func TestListGroupsWithQueryAppGroupList(t *testing.T) {
	w := &wire{answers: []string{
		`{"Code":0,"RequestId":"r","TotalCount":3,"Next":1,"GroupIdList":[{"GroupId":"a","GroupName":"Alpha"},{"GroupId":"b","GroupName":""}]}`,
		`{"Code":0,"RequestId":"r","TotalCount":3,"Next":0,"GroupIdList":[{"GroupId":"b","GroupName":"Beta"},{"GroupId":"c","GroupName":"\u001b[2JC"}]}`,
		`{"Code":0,"RequestId":"r","TotalCount":7,"Next":0,"MemberList":[]}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	cl := pinned(t, srv, true)
	if err := cl.Watch("w"); err != nil {
		t.Fatal(err)
	}
	rooms, err := cl.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rooms {
		got = append(got, r.ID+"="+r.Name)
	}
	if strings.Join(got, ",") != "a=Alpha,b=b,c=\x1b[2JC,w=w" || rooms[0].Members != 7 {
		t.Fatalf("rooms %q (members %d)", got, rooms[0].Members)
	}
	want := []string{
		"Action=QueryAppGroupList&" + common + "&Limit=10000&Next=0",
		"Action=QueryAppGroupList&" + common + "&Limit=10000&Next=1",
	}
	for i, q := range want {
		if w.reqs[i].rawQuery != q || w.reqs[i].method != "GET" {
			t.Errorf("page %d: %s %s\nwant %s", i, w.reqs[i].method, w.reqs[i].rawQuery, q)
		}
	}
}

// Every paged list dedupes by user ID (#7 point 8): QueryBlacklist's Next is
// an offset, so a change between pages repeats an entry.
func TestBlacklistPagesDeduped(t *testing.T) {
	w := &wire{answers: []string{
		`{"Code":0,"RequestId":"r","TotalCount":3,"Next":2,"Blacklist":[{"UserId":"x"},{"UserId":"y"}]}`,
		`{"Code":0,"RequestId":"r","TotalCount":3,"Next":0,"Blacklist":[{"UserId":"y"},{"UserId":"z"}]}`,
	}}
	srv := httptest.NewServer(w)
	defer srv.Close()
	bl, err := pinned(t, srv, false).ListBlacklist(context.Background(), "owner")
	if err != nil || len(bl) != 3 {
		t.Fatalf("blacklist %+v %v", bl, err)
	}
}
