package zegoemu

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

const (
	testApp    = 1234567
	testSecret = "0123456789abcdef0123456789abcdef"
)

var t0 = time.Unix(1_700_000_000, 0)

// harness signs requests itself, independently of the zego client.
type harness struct {
	t     *testing.T
	env   *emucore.Env
	emu   *Emulator
	now   time.Time
	nonce atomic.Uint64
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, env: emucore.NewEnv(1), now: t0}
	h.env.SetClock(func() time.Time { return h.now })
	h.emu = New(h.env)
	h.emu.AddApp(App{AppID: testApp, ServerSecret: testSecret})
	return h
}

type reply struct {
	Code       int64
	Message    string
	RequestID  string `json:"RequestId"`
	ErrList    []userErr
	ErrorUsers []userErr
	ErrorList  []userErr
	NextFlag   string
	Next       int64
	Count      int
	TotalCount int
	UserList   []struct{ UserId, UserName string }
	MemberList []struct {
		UserId string
		Role   int
	}
	Blacklist []struct {
		UserId     string
		UpdateTime int64
	}
	Succ []struct {
		UserId string
		Result int
	}
}

// common returns the signed common parameters at ts.
func (h *harness) common(action string, ts int64) map[string]string {
	nonce := fmt.Sprintf("%016x", h.nonce.Add(1))
	sum := md5.Sum([]byte(strconv.Itoa(testApp) + nonce + testSecret + strconv.FormatInt(ts, 10)))
	return map[string]string{"Action": action, "AppId": strconv.Itoa(testApp), "SignatureNonce": nonce,
		"Timestamp": strconv.FormatInt(ts, 10), "Signature": hex.EncodeToString(sum[:]), "SignatureVersion": "2.0"}
}

func encode(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, "&")
}

// raw sends a request with the given raw query and body and decodes the answer.
func (h *harness) raw(method, rawQuery, body string) reply {
	h.t.Helper()
	req := httptest.NewRequest(method, "/?"+rawQuery, strings.NewReader(body))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.emu.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		h.t.Fatalf("HTTP %d", w.Code)
	}
	var r reply
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		h.t.Fatalf("answer is not JSON: %v: %s", err, w.Body.String())
	}
	if r.RequestID == "" {
		h.t.Fatal("answer has no RequestId")
	}
	return r
}

// get sends a signed GET with extra (already encoded) business parameters.
func (h *harness) get(action, extra string) reply {
	h.t.Helper()
	q := encode(h.common(action, h.now.Unix()))
	if extra != "" {
		q += "&" + extra
	}
	return h.raw(http.MethodGet, q, "")
}

// post sends a signed POST with a JSON body.
func (h *harness) post(action string, body any) reply {
	h.t.Helper()
	js, _ := json.Marshal(body)
	return h.raw(http.MethodPost, encode(h.common(action, h.now.Unix())), string(js))
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func arr(name string, vs []string) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, name+"[]="+v)
	}
	return strings.Join(parts, "&")
}

func TestGatewayChecks(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "lobby", "a")
	good := func() map[string]string { return h.common("QueryRoomUserList", h.now.Unix()) }
	biz := "&RoomId=lobby&Limit=10"
	cases := []struct {
		name   string
		mutate func(m map[string]string)
		method string
		want   int64
	}{
		{"valid", func(map[string]string) {}, http.MethodGet, 0},
		{"bad AppId", func(m map[string]string) { m["AppId"] = "x" }, http.MethodGet, cBadAppID},
		{"unknown AppId", func(m map[string]string) { m["AppId"] = "42" }, http.MethodGet, cNoSecret},
		{"no timestamp", func(m map[string]string) { delete(m, "Timestamp") }, http.MethodGet, cNoTimestamp},
		{"bad version", func(m map[string]string) { m["SignatureVersion"] = "1.0" }, http.MethodGet, cBadSigVersion},
		{"no version", func(m map[string]string) { delete(m, "SignatureVersion") }, http.MethodGet, cNoSigVersion},
		{"wrong signature", func(m map[string]string) { m["Signature"] = strings.Repeat("0", 32) }, http.MethodGet, cSigInvalid},
		{"short nonce", func(m map[string]string) { m["SignatureNonce"] = "abc" }, http.MethodGet, cSigInvalid},
		{"no action", func(m map[string]string) { delete(m, "Action") }, http.MethodGet, cNoAction},
		{"unknown action", func(m map[string]string) { m["Action"] = "Nope" }, http.MethodGet, cBadAction},
		{"wrong method", func(map[string]string) {}, http.MethodPost, cBadParam},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := good()
			c.mutate(m)
			if got := h.raw(c.method, encode(m)+biz, "{}").Code; got != c.want {
				t.Fatalf("code %d, want %d", got, c.want)
			}
		})
	}
}

func TestSignatureWindow(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "lobby", "a")
	for _, c := range []struct {
		skew time.Duration
		want int64
	}{{-9 * time.Minute, 0}, {9 * time.Minute, 0}, {-11 * time.Minute, cSigExpired}, {11 * time.Minute, cSigExpired}} {
		q := encode(h.common("QueryRoomUserList", h.now.Add(c.skew).Unix())) + "&RoomId=lobby&Limit=1"
		if got := h.raw(http.MethodGet, q, "").Code; got != c.want {
			t.Errorf("skew %v: code %d, want %d", c.skew, got, c.want)
		}
	}
}

func TestReplayedURLRejected(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "lobby", "a")
	q := encode(h.common("QueryRoomUserList", h.now.Unix())) + "&RoomId=lobby&Limit=1"
	if got := h.raw(http.MethodGet, q, "").Code; got != 0 {
		t.Fatalf("first send: code %d", got)
	}
	if got := h.raw(http.MethodGet, q, "").Code; got != cSigInvalid {
		t.Fatalf("replay: code %d, want %d", got, cSigInvalid)
	}
}

func TestArraysWithAndWithoutEncodedBrackets(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "r", "a", "b", "c")
	if r := h.get("KickoutRoomUser", "RoomId=r&UserId[]=a&UserId%5B%5D=b"); r.Code != 0 || len(r.ErrList) != 0 {
		t.Fatalf("kick: %+v", r)
	}
	if h.emu.InRoom(testApp, "r", "a") || h.emu.InRoom(testApp, "r", "b") || !h.emu.InRoom(testApp, "r", "c") {
		t.Fatal("both bracket spellings must be read")
	}
}

func TestPerCallLimits(t *testing.T) {
	h := newHarness(t)
	h.emu.RegisterUsers(testApp, "owner")
	h.emu.AddRoom(testApp, "r", ids("u", 60)...)
	h.emu.AddGroup(testApp, "g", "owner", ids("u", 60)...)
	cases := []struct {
		name string
		do   func() reply
		want int64
	}{
		{"blacklist 21", func() reply {
			return h.post("AddUsersToBlacklist", map[string]any{"FromUserId": "owner", "UserIds": ids("u", 21)})
		}, cListTooLong},
		{"blacklist 20", func() reply {
			return h.post("AddUsersToBlacklist", map[string]any{"FromUserId": "owner", "UserIds": ids("u", 20)})
		}, 0},
		{"remove 21", func() reply {
			return h.post("RemoveUsersFromBlacklist", map[string]any{"FromUserId": "owner", "UserIds": ids("u", 21)})
		}, cTooManyUsers},
		{"mute 21", func() reply {
			return h.get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=60&"+arr("UserIds", ids("u", 21)))
		}, cTooManyUsers},
		{"kick room 51", func() reply { return h.get("KickoutRoomUser", "RoomId=r&"+arr("UserId", ids("u", 51))) }, cTooManyUsers},
		{"kick group 51", func() reply {
			return h.post("KickoutGroupUser", map[string]any{"FromUserId": "owner", "GroupId": "g", "UserId": ids("u", 51)})
		}, cTooManyUsers},
		// QueryBlacklist reads Limit over 100 as 100 (faithful_test.go).
		{"blacklist page 101", func() reply { return h.get("QueryBlacklist", "FromUserId=owner&Limit=101&Next=0") }, 0},
		{"room page 501", func() reply { return h.get("QueryRoomUserList", "RoomId=r&Limit=501") }, cTooManyUsers},
		{"room page 500", func() reply { return h.get("QueryRoomUserList", "RoomId=r&Limit=500") }, 0},
		{"group page 1001", func() reply {
			return h.post("QueryGroupMemberList", map[string]any{"GroupId": "g", "Limit": 1001, "Next": 0})
		}, cTooManyUsers},
		{"user ID 33 bytes", func() reply {
			return h.get("KickoutRoomUser", "RoomId=r&UserId[]="+strings.Repeat("x", 33))
		}, cBadUserID},
		// A space is fine in KickoutRoomUser's IDs, not in a group's (faithful_test.go).
		{"user ID with a space", func() reply {
			return h.post("KickoutGroupUser", map[string]any{"FromUserId": "owner", "GroupId": "g", "UserId": []string{"a b"}})
		}, cBadUserID},
		{"mute over 30 days", func() reply {
			return h.get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=2592001&UserIds[]=u1")
		}, cBadParam},
		{"unknown room", func() reply { return h.get("DestroyRoom", "RoomId=nope") }, cRoomNotFound},
		{"unknown group", func() reply { return h.get("DismissGroup", "FromUserId=owner&GroupId=nope") }, cGroupNotFound},
	}
	for _, c := range cases {
		h.now = h.now.Add(time.Second) // keep clear of the rate limit
		if got := c.do().Code; got != c.want {
			t.Errorf("%s: code %d, want %d", c.name, got, c.want)
		}
	}
}

func TestRateLimits(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "r", "a")
	for i := range 20 {
		if c := h.get("QueryRoomUserList", "RoomId=r&Limit=1").Code; c != 0 {
			t.Fatalf("call %d: code %d", i, c)
		}
	}
	if c := h.get("QueryRoomUserList", "RoomId=r&Limit=1").Code; c != cAppQPS {
		t.Fatalf("21st call in one second: code %d, want %d", c, cAppQPS)
	}
	if h.env.Rec.Rejected(vendor, "QueryRoomUserList", strconv.Itoa(cAppQPS)) != 1 {
		t.Fatal("rate rejection not recorded")
	}

	h.emu.AddGroup(testApp, "g1", "owner", "x")
	h.emu.AddGroup(testApp, "g2", "owner", "x")
	if c := h.get("DismissGroup", "FromUserId=owner&GroupId=nothere").Code; c != cGroupNotFound {
		t.Fatalf("dismiss unknown: %d", c)
	}
	if c := h.get("DismissGroup", "FromUserId=owner&GroupId=nothere").Code; c != cObjectQPS {
		t.Fatalf("second dismiss of one group within 1 s: code %d, want %d", c, cObjectQPS)
	}
	if c := h.get("DismissGroup", "FromUserId=owner&GroupId=g1").Code; c != 0 {
		t.Fatalf("dismiss of another group: code %d", c)
	}
	if h.emu.GroupExists(testApp, "g1") || !h.emu.GroupExists(testApp, "g2") {
		t.Fatal("dismiss did not remove exactly g1")
	}
}

func TestInjectedErrorIsCodeOne(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "r", "a")
	h.env.SetFaults(emucore.Faults{ErrorRate: 1})
	if c := h.get("QueryRoomUserList", "RoomId=r&Limit=1").Code; c != cBusy {
		t.Fatalf("code %d, want 1", c)
	}
	if h.env.Rec.Faults("error") != 1 {
		t.Fatal("fault not recorded")
	}
}
