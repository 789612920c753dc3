package tencentchat

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

const (
	wireApp   = uint64(1400000002)
	wireAdmin = "admin@ops"
	wireKey   = "wire-test-key"
)

// fakeChat answers canned JSON per path and records what it received.
type fakeChat struct {
	mu      sync.Mutex
	answers map[string][]string // path → answers, consumed in order (the last repeats)
	got     []received
}

type received struct {
	path, query, body, contentType string
}

func (f *fakeChat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, received{r.URL.Path, r.URL.RawQuery, string(b), r.Header.Get("Content-Type")})
	as := f.answers[r.URL.Path]
	ans := `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`
	if len(as) > 0 {
		ans = as[0]
		if len(as) > 1 {
			f.answers[r.URL.Path] = as[1:]
		}
	}
	_, _ = io.WriteString(w, ans)
}

var t1 = time.Unix(1_760_000_000, 0)

func newWireClient(t *testing.T, group bool, answers map[string][]string) (*Client, *fakeChat) {
	t.Helper()
	f := &fakeChat{answers: answers}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	pacer := backend.NewPacer(map[string]float64{"get_appid_group_list": 1e6, "get_room_list": 1e6})
	c, err := New(Options{Name: "chat", SDKAppID: wireApp, Admin: wireAdmin, SecretKey: wireKey, Endpoint: srv.URL + "/", Group: group},
		backend.Deps{Pacer: pacer, Now: func() time.Time { return t1 }})
	if err != nil {
		t.Fatal(err)
	}
	return c, f
}

var queryShape = regexp.MustCompile(`^sdkappid=1400000002&identifier=admin%40ops&usersig=([A-Za-z0-9*_-]+)&random=([0-9]+)&contenttype=json$`)

// checkQuery asserts the documented query, a valid UserSig, and returns random.
func checkQuery(t *testing.T, q string) uint64 {
	t.Helper()
	m := queryShape.FindStringSubmatch(q)
	if m == nil {
		t.Fatalf("query %q is not the documented one", q)
	}
	if id, err := VerifyUserSig(m[1], wireKey, wireApp, t1); err != nil || id != wireAdmin {
		t.Fatalf("usersig: id %q err %v", id, err)
	}
	r, err := strconv.ParseUint(m[2], 10, 32)
	if err != nil {
		t.Fatalf("random %q not uint32", m[2])
	}
	return r
}

func ok(extra string) string {
	return `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","RequestId":"rid-1"` + extra + `}`
}

func live(resp string) string { return ok(`,"Response":` + resp) }

type call struct{ path, body string }

func TestWireEveryCommand(t *testing.T) {
	ctx := context.Background()
	exec := func(req backend.ActionRequest, users []string) func(*Client) error {
		return func(c *Client) error {
			p, err := c.Plan(req)
			if err != nil {
				return err
			}
			return p.Exec(ctx, users).Err
		}
	}
	cases := []struct {
		name    string
		group   bool
		answers map[string][]string
		run     func(*Client) error
		want    []call
	}{
		{"live rooms paged", false, map[string][]string{"/v4/live_engine_http_srv/get_room_list": {
			live(`{"Next":"n1","RoomList":[{"RoomId":"r1","RoomName":"one","Owner_Account":"o","CreateTime":1700000000,"ActivityStatus":1,"ViewCount":7}]}`),
			live(`{"Next":"","RoomList":[]}`)}},
			func(c *Client) error { _, err := c.ListRooms(ctx); return err },
			[]call{{"/v4/live_engine_http_srv/get_room_list", `{"Count":20,"Next":""}`}, {"/v4/live_engine_http_srv/get_room_list", `{"Count":20,"Next":"n1"}`}}},
		{"live members merged", false, map[string][]string{
			"/v4/live_engine_http_srv/get_member_list":        {live(`{"Next":"x","MemberCount":2,"MemberList":[{"Member_Account":"a"}]}`), live(`{"Next":"","MemberCount":2,"MemberList":[{"Member_Account":"b"}]}`)},
			"/v4/live_engine_http_srv/get_banned_member_list": {live(`{"BannedAccountList":[],"NextOffset":0}`)}},
			func(c *Client) error { _, err := c.ListMembers(ctx, "r1"); return err },
			[]call{{"/v4/live_engine_http_srv/get_member_list", `{"Next":"","RoomId":"r1"}`}, {"/v4/live_engine_http_srv/get_member_list", `{"Next":"x","RoomId":"r1"}`},
				{"/v4/live_engine_http_srv/get_muted_member_list", `{"RoomId":"r1"}`},
				{"/v4/live_engine_http_srv/get_banned_member_list", `{"Limit":100,"Offset":0,"RoomId":"r1"}`}}},
		{"live muted", false, nil, func(c *Client) error { _, err := c.ListMuted(ctx, "r1"); return err },
			[]call{{"/v4/live_engine_http_srv/get_muted_member_list", `{"RoomId":"r1"}`}}},
		{"live mute", false, nil, exec(backend.ActionRequest{Kind: backend.ActMute, Room: "r1", Users: []string{"a", "b"}, Duration: 10 * time.Minute}, []string{"a", "b"}),
			[]call{{"/v4/live_engine_http_srv/mute_member", `{"MemberList_Account":["a","b"],"MuteTime":600,"RoomId":"r1"}`}}},
		{"live mute forever", false, nil, exec(backend.ActionRequest{Kind: backend.ActMute, Room: "r1", Users: []string{"a"}, Forever: true}, []string{"a"}),
			[]call{{"/v4/live_engine_http_srv/mute_member", `{"MemberList_Account":["a"],"MuteTime":4294967295,"RoomId":"r1"}`}}},
		{"live unmute", false, nil, exec(backend.ActionRequest{Kind: backend.ActUnmute, Room: "r1", Users: []string{"a"}}, []string{"a"}),
			[]call{{"/v4/live_engine_http_srv/mute_member", `{"MemberList_Account":["a"],"MuteTime":0,"RoomId":"r1"}`}}},
		{"live dismiss", false, nil, exec(backend.ActionRequest{Kind: backend.ActDismiss, Room: "r1"}, nil),
			[]call{{"/v4/live_engine_http_srv/destroy_room", `{"RoomId":"r1"}`}}},
		{"groups listed then described", true, map[string][]string{
			"/v4/group_open_http_svc/get_appid_group_list": {ok(`,"TotalCount":2,"GroupIdList":[{"GroupId":"@TGS#1"}],"Next":77`), ok(`,"TotalCount":2,"GroupIdList":[{"GroupId":"@TGS#2"}],"Next":0`)},
			"/v4/group_open_http_svc/get_group_info":       {ok(`,"GroupInfo":[{"GroupId":"@TGS#1","ErrorCode":0,"Type":"Public","MemberNum":3},{"GroupId":"@TGS#2","ErrorCode":10015}]`)}},
			func(c *Client) error {
				rooms, err := c.ListRooms(ctx)
				if err == nil && len(rooms) != 1 {
					t.Errorf("rooms %v: the group answering 10015 must be skipped", rooms)
				}
				return err
			},
			[]call{{"/v4/group_open_http_svc/get_appid_group_list", `{"Limit":10000,"Next":0}`}, {"/v4/group_open_http_svc/get_appid_group_list", `{"Limit":10000,"Next":77}`},
				{"/v4/group_open_http_svc/get_group_info", `{"GroupIdList":["@TGS#1","@TGS#2"]}`}}},
		{"group members paged", true, map[string][]string{
			"/v4/group_open_http_svc/get_group_info":        {ok(`,"GroupInfo":[{"GroupId":"g","ErrorCode":0,"Type":"Public","MemberNum":201}]`)},
			"/v4/group_open_http_svc/get_group_member_info": {ok(`,"MemberNum":201,"MemberList":[` + strings.Repeat(`{"Member_Account":"m"},`, 199) + `{"Member_Account":"n"}]`), ok(`,"MemberNum":201,"MemberList":[{"Member_Account":"z"}]`)}},
			func(c *Client) error { _, err := c.ListMembers(ctx, "g"); return err },
			[]call{{"/v4/group_open_http_svc/get_group_info", `{"GroupIdList":["g"]}`},
				{"/v4/group_open_http_svc/get_group_member_info", `{"GroupId":"g","Limit":200,"Offset":0}`},
				{"/v4/group_open_http_svc/get_group_member_info", `{"GroupId":"g","Limit":200,"Offset":200}`}}},
		{"avchatroom members", true, map[string][]string{
			"/v4/group_open_http_svc/get_group_info":         {ok(`,"GroupInfo":[{"GroupId":"av","ErrorCode":0,"Type":"AVChatRoom"}]`)},
			"/v4/group_open_avchatroom_http_svc/get_members": {ok(`,"MemberList":[{"Member_Account":"a","JoinTime":1}],"NextTimestamp":5`), ok(`,"MemberList":[{"Member_Account":"b"}],"NextTimestamp":0`)}},
			func(c *Client) error { _, err := c.ListMembers(ctx, "av"); return err },
			[]call{{"/v4/group_open_http_svc/get_group_info", `{"GroupIdList":["av"]}`},
				{"/v4/group_open_avchatroom_http_svc/get_members", `{"GroupId":"av","Timestamp":0}`},
				{"/v4/group_open_avchatroom_http_svc/get_members", `{"GroupId":"av","Timestamp":5}`},
				{"/v4/group_open_http_svc/get_group_muted_account", `{"GroupId":"av"}`}}},
		{"group muted", true, nil, func(c *Client) error { _, err := c.ListMuted(ctx, "g"); return err },
			[]call{{"/v4/group_open_http_svc/get_group_muted_account", `{"GroupId":"g"}`}}},
		{"group mute", true, nil, exec(backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Duration: 90 * time.Second}, []string{"a"}),
			[]call{{"/v4/group_open_http_svc/forbid_send_msg", `{"GroupId":"g","Members_Account":["a"],"MuteTime":90}`}}},
		{"group mute permanent", true, nil, exec(backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"a"}, Forever: true}, []string{"a"}),
			[]call{{"/v4/group_open_http_svc/forbid_send_msg", `{"GroupId":"g","Members_Account":["a"],"MuteTime":4294967295}`}}},
		{"group unmute", true, nil, exec(backend.ActionRequest{Kind: backend.ActUnmute, Room: "g", Users: []string{"a"}}, []string{"a"}),
			[]call{{"/v4/group_open_http_svc/forbid_send_msg", `{"GroupId":"g","Members_Account":["a"],"MuteTime":0}`}}},
		{"group kick", true, nil, exec(backend.ActionRequest{Kind: backend.ActKick, Room: "g", Users: []string{"a", "b"}, Reason: "spam"}, []string{"a", "b"}),
			[]call{{"/v4/group_open_http_svc/delete_group_member", `{"GroupId":"g","MemberToDel_Account":["a","b"],"Reason":"spam"}`}}},
		{"group dismiss", true, nil, exec(backend.ActionRequest{Kind: backend.ActDismiss, Room: "g"}, nil),
			[]call{{"/v4/group_open_http_svc/destroy_group", `{"GroupId":"g"}`}}},
		{"blacklist get paged", false, map[string][]string{"/v4/sns/black_list_get": {
			ok(`,"BlackListItem":[{"To_Account":"x","AddBlackTimeStamp":1700000000}],"StartIndex":1,"CurruentSequence":3`), ok(`,"BlackListItem":[{"To_Account":"y"}],"StartIndex":0`)}},
			func(c *Client) error { _, err := c.ListBlacklist(ctx, "own"); return err },
			[]call{{"/v4/sns/black_list_get", `{"From_Account":"own","LastSequence":0,"MaxLimited":1000,"StartIndex":0}`},
				{"/v4/sns/black_list_get", `{"From_Account":"own","LastSequence":0,"MaxLimited":1000,"StartIndex":1}`}}},
		{"blacklist add", true, nil, exec(backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "own", Users: []string{"x"}}, []string{"x"}),
			[]call{{"/v4/sns/black_list_add", `{"From_Account":"own","To_Account":["x"]}`}}},
		{"blacklist remove", false, nil, exec(backend.ActionRequest{Kind: backend.ActBlacklistRemove, Owner: "own", Users: []string{"x"}}, []string{"x"}),
			[]call{{"/v4/sns/black_list_delete", `{"From_Account":"own","To_Account":["x"]}`}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newWireClient(t, tc.group, tc.answers)
			if err := tc.run(c); err != nil {
				t.Fatal(err)
			}
			if len(f.got) != len(tc.want) {
				t.Fatalf("got %d calls %v, want %d", len(f.got), f.got, len(tc.want))
			}
			randoms := map[uint64]bool{}
			for i, w := range tc.want {
				g := f.got[i]
				if g.path != w.path || g.body != w.body {
					t.Errorf("call %d: %s %s\n want %s %s", i, g.path, g.body, w.path, w.body)
				}
				if g.contentType != "application/json" {
					t.Errorf("Content-Type %q", g.contentType)
				}
				randoms[checkQuery(t, g.query)] = true
			}
			if len(randoms) != len(tc.want) {
				t.Errorf("random repeated across %d calls", len(tc.want))
			}
		})
	}
}
