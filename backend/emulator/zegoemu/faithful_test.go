package zegoemu

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Issue #7: the emulator answers as ZEGO's pages say, not as the client
// once assumed. Sources: https://www.zegocloud.com/docs/zim-server/return-codes
// and each action's page under https://www.zegocloud.com/docs/zim-server/.

// Each action's QPS overrun answers with that action's own code
// (return-code table: 660600004 QueryGroupMemberList, 660600005
// KickoutGroupUser, 660600007 QueryAppGroupList at 1/s; 660300005 for the
// app-wide limit of the others).
func TestPerActionQPSCodes(t *testing.T) {
	cases := []struct {
		action string
		limit  int
		want   int64
		do     func(h *harness) reply
	}{
		{"QueryGroupMemberList", 20, cGroupMemberQPS, func(h *harness) reply {
			return h.post("QueryGroupMemberList", map[string]any{"GroupId": "g", "Limit": 1, "Next": 0})
		}},
		{"KickoutGroupUser", 20, cKickGroupQPS, func(h *harness) reply {
			return h.post("KickoutGroupUser", map[string]any{"FromUserId": "owner", "GroupId": "g", "UserId": []string{"x"}})
		}},
		{"QueryAppGroupList", 1, cAppGroupQPS, func(h *harness) reply { return h.get("QueryAppGroupList", "Limit=10&Next=0") }},
		{"QueryRoomUserList", 20, cAppQPS, func(h *harness) reply { return h.get("QueryRoomUserList", "RoomId=r&Limit=1") }},
	}
	for _, c := range cases {
		t.Run(c.action, func(t *testing.T) {
			h := newHarness(t)
			h.emu.AddRoom(testApp, "r", "a")
			h.emu.AddGroup(testApp, "g", "owner", ids("m", 30)...)
			for i := range c.limit {
				if code := c.do(h).Code; code == c.want {
					t.Fatalf("call %d of %d in one second rejected", i+1, c.limit)
				}
			}
			if code := c.do(h).Code; code != c.want {
				t.Fatalf("call %d in one second: code %d, want %d", c.limit+1, code, c.want)
			}
			h.now = h.now.Add(time.Second)
			if code := c.do(h).Code; code == c.want {
				t.Fatal("still rejected a second later")
			}
		})
	}
}

// KickoutRoomUser answers Code/Message/RequestId only, never a per-user
// list; 660300002 when nobody named was in the room.
func TestKickoutRoomUserHasNoErrList(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "r", "a", "b")
	raw := func(q string) string {
		t.Helper()
		return h.rawBody(q)
	}
	body := raw("RoomId=r&UserId[]=a&UserId[]=gone")
	if strings.Contains(body, "ErrList") || strings.Contains(body, "ErrorList") || !strings.Contains(body, `"Code":0`) {
		t.Fatalf("partial kick answered %s", body)
	}
	if h.emu.InRoom(testApp, "r", "a") {
		t.Fatal("a still in the room")
	}
	h.now = h.now.Add(time.Second)
	if r := h.get("KickoutRoomUser", "RoomId=r&UserId[]=gone"); r.Code != cNotInRoom || len(r.ErrList) != 0 {
		t.Fatalf("kick of an absent user: %+v", r)
	}
}

// KickoutRoomUser and DestroyRoom accept ',' and ' ' in room and user IDs;
// KickoutGroupUser's IDs and CustomReason do not take a space.
func TestIDCharactersPerAction(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "room, one", "ann lee", "bo,b")
	h.emu.AddGroup(testApp, "g", "owner", "m1", "m2")
	step := func() { h.now = h.now.Add(time.Second) }
	q := "RoomId=" + url.QueryEscape("room, one") + "&UserId[]=" + url.QueryEscape("ann lee") + "&UserId[]=" + url.QueryEscape("bo,b")
	if r := h.get("KickoutRoomUser", q); r.Code != 0 {
		t.Fatalf("kick with comma and space: %+v", r)
	}
	step()
	if r := h.get("DestroyRoom", "RoomId="+url.QueryEscape("room, one")); r.Code != 0 || h.emu.RoomExists(testApp, "room, one") {
		t.Fatalf("destroy with comma and space: %+v", r)
	}
	step()
	if r := h.post("KickoutGroupUser", map[string]any{"FromUserId": "owner", "GroupId": "g", "UserId": []string{"m1"},
		"CustomReason": "spam links"}); r.Code != cBadParam || !h.emu.InGroup(testApp, "g", "m1") {
		t.Fatalf("CustomReason with a space: %+v", r)
	}
	step()
	if r := h.post("KickoutGroupUser", map[string]any{"FromUserId": "owner", "GroupId": "g", "UserId": []string{"m1"},
		"CustomReason": "spam_links"}); r.Code != 0 || h.emu.InGroup(testApp, "g", "m1") {
		t.Fatalf("CustomReason without a space: %+v", r)
	}
}

// KickoutGroupUser: a user not in the group is SubCode 660600008; when no
// user was removed the Code is non-zero and the ErrorList still says why.
func TestKickoutGroupUserNotInGroup(t *testing.T) {
	h := newHarness(t)
	h.emu.AddGroup(testApp, "g", "owner", "m1")
	h.emu.RegisterUsers(testApp, "out")
	r := h.post("KickoutGroupUser", map[string]any{"FromUserId": "owner", "GroupId": "g", "UserId": []string{"out"}})
	if r.Code != cNotInGroup || subcodes(r.ErrorList)["out"] != cNotInGroup {
		t.Fatalf("kick of a non-member: %+v", r)
	}
}

// QueryBlacklist: Limit 0, missing or over 100 means 100
// (https://www.zegocloud.com/docs/zim-server/user/query-the-blocklist).
func TestQueryBlacklistLimitDefaults(t *testing.T) {
	h := newHarness(t)
	h.emu.RegisterUsers(testApp, "owner")
	h.emu.AddToBlacklist(testApp, "owner", ids("b", 150)...)
	for _, q := range []string{"Limit=0&Next=0", "Next=0", "Limit=101&Next=0", "Limit=100"} {
		h.now = h.now.Add(time.Second)
		r := h.get("QueryBlacklist", "FromUserId=owner&"+q)
		if r.Code != 0 || len(r.Blacklist) != 100 || r.Next == 0 || r.TotalCount != 150 {
			t.Errorf("%s: code %d, %d entries, next %d", q, r.Code, len(r.Blacklist), r.Next)
		}
	}
}

// QueryAppGroupList lists every group with its name, paged by Next.
func TestQueryAppGroupList(t *testing.T) {
	h := newHarness(t)
	for _, g := range ids("grp", 25) {
		h.emu.AddGroup(testApp, g, "owner")
	}
	var got []string
	next := "0"
	for range 10 {
		r := h.getGroups("Limit=10&Next=" + next)
		if r.Code != 0 || r.TotalCount != 25 {
			t.Fatalf("page %s: %+v", next, r)
		}
		for _, g := range r.GroupIdList {
			got = append(got, g.GroupId)
		}
		h.now = h.now.Add(time.Second)
		if r.Next == 0 {
			break
		}
		next = itoa(int(r.Next))
	}
	if len(got) != 25 {
		t.Fatalf("listed %d groups, want 25", len(got))
	}
}

type groupsReply struct {
	Code        int64
	TotalCount  int
	Next        int64
	GroupIdList []struct{ GroupId, GroupName string }
}

func (h *harness) getGroups(extra string) groupsReply {
	h.t.Helper()
	var r groupsReply
	if err := json.Unmarshal([]byte(h.rawGet("QueryAppGroupList", extra)), &r); err != nil {
		h.t.Fatal(err)
	}
	return r
}

// rawBody is the raw JSON answer to a signed KickoutRoomUser GET.
func (h *harness) rawBody(extra string) string { return h.rawGet("KickoutRoomUser", extra) }

func (h *harness) rawGet(action, extra string) string {
	h.t.Helper()
	q := encode(h.common(action, h.now.Unix())) + "&" + extra
	req := httptest.NewRequest(http.MethodGet, "/?"+q, nil)
	w := httptest.NewRecorder()
	h.emu.ServeHTTP(w, req)
	return w.Body.String()
}
