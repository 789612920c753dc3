package zegoemu

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCatchesABadClient sends deliberately wrong requests, each signed
// correctly with a fresh nonce, and expects the code ZEGO documents for the
// mistake. An emulator that answered any of them with 0 would let a client
// that does not follow providers.md §3 pass its tests.
func TestCatchesABadClient(t *testing.T) {
	h := newHarness(t)
	h.emu.RegisterUsers(testApp, "owner", "a", "b")
	h.emu.AddRoom(testApp, "lobby", ids("u", 60)...)
	h.emu.AddGroup(testApp, "g", "owner", ids("u", 60)...)
	post := func(action, body string) func() reply {
		return func() reply { return h.raw(http.MethodPost, encode(h.common(action, h.now.Unix())), body) }
	}
	get := func(action, extra string) func() reply { return func() reply { return h.get(action, extra) } }
	cases := []struct {
		name string
		do   func() reply
		want int64
	}{
		// Misspelt names: a required one is missing, an optional one unknown.
		{"misspelt required GET", get("QueryRoomUserList", "Roomid=lobby&Limit=10"), cBadParam},
		{"misspelt optional GET", get("QueryRoomUserList", "RoomId=lobby&Limit=10&Nextflag="), cBadParam},
		{"misspelt POST field", post("AddUsersToBlacklist", `{"FromUserId":"owner","UserIDs":["a"]}`), cBadParam},
		{"misspelt optional POST field", post("KickoutGroupUser", `{"FromUserId":"owner","GroupId":"g","UserId":["u1"],"customReason":"x"}`), cBadParam},
		// JSON types in a POST body.
		{"string for int Limit", post("QueryGroupMemberList", `{"GroupId":"g","Limit":"10","Next":0}`), cBadParam},
		{"string for int Next", post("QueryGroupMemberList", `{"GroupId":"g","Limit":10,"Next":"0"}`), cBadParam},
		{"float Limit", post("QueryGroupMemberList", `{"GroupId":"g","Limit":10.0,"Next":0}`), cBadParam},
		{"number for string FromUserId", post("AddUsersToBlacklist", `{"FromUserId":123,"UserIds":["a"]}`), cBadParam},
		{"number for string GroupId", post("KickoutGroupUser", `{"FromUserId":"owner","GroupId":7,"UserId":["u1"]}`), cBadParam},
		{"string for array UserIds", post("AddUsersToBlacklist", `{"FromUserId":"owner","UserIds":"a"}`), cBadParam},
		{"numbers in UserIds", post("AddUsersToBlacklist", `{"FromUserId":"owner","UserIds":[1,2]}`), cBadParam},
		{"bracketed key in JSON", post("AddUsersToBlacklist", `{"FromUserId":"owner","UserIds[]":["a"]}`), cBadParam},
		{"body not an object", post("AddUsersToBlacklist", `["owner"]`), cBadParam},
		{"trailing garbage", post("AddUsersToBlacklist", `{"FromUserId":"owner","UserIds":["a"]} x`), cBadParam},
		// Query strings.
		{"int param not a number", get("QueryBlacklist", "FromUserId=owner&Limit=ten&Next=0"), cBadParam},
		{"Mode out of range", get("QueryRoomUserList", "RoomId=lobby&Mode=2&Limit=10"), cBadParam},
		{"array without brackets", get("KickoutRoomUser", "RoomId=lobby&UserId=u1&UserId=u2"), cBadParam},
		{"scalar sent twice", get("DestroyRoom", "RoomId=lobby&RoomId=other"), cBadParam},
		{"brackets on a scalar", get("DestroyRoom", "RoomId[]=lobby"), cBadParam},
		{"unknown GET parameter", get("DestroyRoom", "RoomId=lobby&Force=1"), cBadParam},
		{"POST business params in query", func() reply {
			return h.raw(http.MethodPost, encode(h.common("AddUsersToBlacklist", h.now.Unix()))+"&FromUserId=owner&UserIds[]=a", `{}`)
		}, cBadParam},
		{"unknown POST field", post("RemoveUsersFromBlacklist", `{"FromUserId":"owner","UserIds":["a"],"Force":true}`), cBadParam},
		// Batches and pages over the documented maxima.
		{"blacklist batch of 21", post("AddUsersToBlacklist", `{"FromUserId":"owner","UserIds":`+jsonList(ids("u", 21))+`}`), cListTooLong},
		{"mute batch of 21", get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=60&"+arr("UserIds", ids("u", 21))), cTooManyUsers},
		{"room kick of 51", get("KickoutRoomUser", "RoomId=lobby&"+arr("UserId", ids("u", 51))), cTooManyUsers},
		{"group kick of 51", post("KickoutGroupUser", `{"FromUserId":"owner","GroupId":"g","UserId":`+jsonList(ids("u", 51))+`}`), cTooManyUsers},
		{"mute over 30 days", get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=2592001&UserIds[]=u1"), cBadParam},
		{"mute below -1", get("MuteGroupMembers", "FromUserId=owner&GroupId=g&Duration=-2&UserIds[]=u1"), cBadParam},
		// Transport and signature.
		{"wrong method GET for POST action", get("AddUsersToBlacklist", "FromUserId=owner&UserIds[]=a"), cBadParam},
		{"wrong method POST for GET action", post("DestroyRoom", `{"RoomId":"lobby"}`), cBadParam},
		{"POST without JSON content type", func() reply {
			req := encode(h.common("AddUsersToBlacklist", h.now.Unix()))
			return h.rawCT(http.MethodPost, req, `{"FromUserId":"owner","UserIds":["a"]}`, "text/plain")
		}, cBadParam},
		{"stale timestamp", func() reply {
			q := encode(h.common("DestroyRoom", h.now.Add(-11*time.Minute).Unix())) + "&RoomId=lobby"
			return h.raw(http.MethodGet, q, "")
		}, cSigExpired},
		{"upper-case signature", func() reply {
			m := h.common("DestroyRoom", h.now.Unix())
			m["Signature"] = strings.ToUpper(m["Signature"])
			return h.raw(http.MethodGet, encode(m)+"&RoomId=lobby", "")
		}, cSigInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h.now = h.now.Add(1100 * time.Millisecond) // one call per second: clear of every rate window
			if got := c.do().Code; got != c.want {
				t.Fatalf("code %d, want %d", got, c.want)
			}
		})
	}
	if !h.emu.RoomExists(testApp, "lobby") || !h.emu.GroupExists(testApp, "g") {
		t.Fatal("a rejected request changed state")
	}
}

// TestReusedNonceWithFreshSignature: a client that reuses its nonce but
// re-signs with a new timestamp is still replaying, and is refused.
func TestReusedNonceWithFreshSignature(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "lobby", "a")
	first := h.common("QueryRoomUserList", h.now.Unix())
	if c := h.raw(http.MethodGet, encode(first)+"&RoomId=lobby&Limit=1", "").Code; c != 0 {
		t.Fatalf("first: %d", c)
	}
	h.now = h.now.Add(2 * time.Second)
	second := h.common("QueryRoomUserList", h.now.Unix())
	second["SignatureNonce"] = first["SignatureNonce"]
	second["Signature"] = sign(testApp, first["SignatureNonce"], testSecret, h.now.Unix())
	if c := h.raw(http.MethodGet, encode(second)+"&RoomId=lobby&Limit=1", "").Code; c != cSigInvalid {
		t.Fatalf("reused nonce: code %d, want %d", c, cSigInvalid)
	}
}

// Test21stCallInOneSecond: twenty calls of one action in a second pass, the
// twenty-first is refused with the app QPS code, and a refused call changes
// nothing.
func Test21stCallInOneSecond(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRoom(testApp, "lobby", ids("u", 30)...)
	for i := range 20 {
		h.now = h.now.Add(time.Millisecond)
		if c := h.get("KickoutRoomUser", "RoomId=lobby&UserId[]=u"+itoa(i)).Code; c != 0 {
			t.Fatalf("call %d: %d", i, c)
		}
	}
	h.now = h.now.Add(time.Millisecond)
	if c := h.get("KickoutRoomUser", "RoomId=lobby&UserId[]=u29").Code; c != cAppQPS {
		t.Fatalf("21st call: code %d, want %d", c, cAppQPS)
	}
	if !h.emu.InRoom(testApp, "lobby", "u29") {
		t.Fatal("the refused kick was applied")
	}
}

func jsonList(vs []string) string { return `["` + strings.Join(vs, `","`) + `"]` }

func itoa(i int) string { return strconv.Itoa(i) }

// sign is the documented signature, computed here independently of the
// emulator's own check.
func sign(appID int, nonce, secret string, ts int64) string {
	sum := md5.Sum([]byte(strconv.Itoa(appID) + nonce + secret + strconv.FormatInt(ts, 10)))
	return hex.EncodeToString(sum[:])
}

// rawCT is raw with an explicit Content-Type.
func (h *harness) rawCT(method, rawQuery, body, contentType string) reply {
	h.t.Helper()
	req := httptest.NewRequest(method, "/?"+rawQuery, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	h.emu.ServeHTTP(w, req)
	var r reply
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		h.t.Fatalf("answer is not JSON: %v: %s", err, w.Body.String())
	}
	return r
}
