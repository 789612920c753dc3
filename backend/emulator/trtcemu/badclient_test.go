package trtcemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCatchesABadClient sends deliberately wrong API 3.0 requests, each
// signed correctly, and expects the code Tencent documents for the mistake.
// An emulator that answered any of them with success would let a client that
// does not follow providers.md §1 pass its tests.
func TestCatchesABadClient(t *testing.T) {
	e, env := newTestEmu(t)
	e.AddRoom(numApp, "42", []string{"alice", "bob"})
	e.AddRoom(strApp, "stage 1", []string{"alice"})
	eleven, _ := json.Marshal([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"})
	hundredOne := make([]string, 101)
	for i := range hundredOne {
		hundredOne[i] = fmt.Sprintf("u%d", i)
	}
	many, _ := json.Marshal(hundredOne)
	now := t0.Unix()
	const block = `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":1}`
	cases := []struct {
		name   string
		r      req
		before int // good calls of the same action sent first, in the same second
		want   string
	}{
		// Names: case-sensitive, exactly the documented ones per action.
		{"misspelt field", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserID":"alice","IsMute":1}`}, 0, "UnknownParameter"},
		{"lower-case field", req{action: "DismissRoom", body: `{"sdkAppId":1400000001,"RoomId":42}`}, 0, "UnknownParameter"},
		{"RoomId on SetUserBlockedByStrRoomId", req{action: "SetUserBlockedByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":"stage 1","UserId":"alice","IsMute":1}`}, 0, "UnknownParameter"},
		{"StrRoomId on DismissRoomByStrRoomId", req{action: "DismissRoomByStrRoomId", body: `{"SdkAppId":1400000002,"StrRoomId":"stage 1"}`}, 0, "UnknownParameter"},
		{"unknown parameter", req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":42,"UserIds":["bob"],"Reason":"spam"}`}, 0, "UnknownParameter"},
		{"missing IsMute", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice"}`}, 0, "MissingParameter"},
		{"null required field", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":null}`}, 0, "MissingParameter"},
		// JSON types: RoomId is an integer on the numeric actions, a string on the *ByStrRoomId ones.
		{"string RoomId on numeric action", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":"42","UserId":"alice","IsMute":1}`}, 0, "InvalidParameter"},
		{"int RoomId on string action", req{action: "RemoveUserByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":1,"UserIds":["alice"]}`}, 0, "InvalidParameter"},
		{"int StrRoomId", req{action: "SetUserBlockedByStrRoomId", body: `{"SdkAppId":1400000002,"StrRoomId":7,"UserId":"alice","IsMute":1}`}, 0, "InvalidParameter"},
		{"string SdkAppId", req{action: "DismissRoom", body: `{"SdkAppId":"1400000001","RoomId":42}`}, 0, "InvalidParameter"},
		{"float RoomId", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42.0}`}, 0, "InvalidParameter"},
		{"bool IsMute", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":true}`}, 0, "InvalidParameter"},
		{"negative IsMute", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":-1}`}, 0, "InvalidParameter"},
		{"IsMute 4", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":4}`}, 0, "InvalidParameter"},
		{"string UserIds", req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":42,"UserIds":"bob"}`}, 0, "InvalidParameter"},
		{"int RoomId filter on DescribeRoomInfo", req{action: "DescribeRoomInfo", body: fmt.Sprintf(`{"SdkAppId":1400000001,"StartTime":%d,"EndTime":%d,"RoomId":42,"PageNumber":0,"PageSize":100}`, now-3600, now)}, 0, "InvalidParameter"},
		{"trailing garbage after the body", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42} {"RoomId":43}`}, 0, "InvalidParameter"},
		// Batch, page and span maxima.
		{"kick of 11", req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":42,"UserIds":` + string(eleven) + `}`}, 0, "InvalidParameter.UserIds"},
		{"PageSize 101", req{action: "DescribeRoomInfo", body: fmt.Sprintf(`{"SdkAppId":1400000001,"StartTime":%d,"EndTime":%d,"PageNumber":0,"PageSize":101}`, now-3600, now)}, 0, "InvalidParameter.PageSizeOversize"},
		{"room span over 24 h", req{action: "DescribeRoomInfo", body: fmt.Sprintf(`{"SdkAppId":1400000001,"StartTime":%d,"EndTime":%d,"PageNumber":0,"PageSize":100}`, now-86401, now)}, 0, "InvalidParameter.QueryScaleOversize"},
		{"user span over 4 h", req{action: "DescribeUserInfo", body: fmt.Sprintf(`{"CommId":"x","StartTime":%d,"EndTime":%d,"SdkAppId":1400000001,"PageNumber":0,"PageSize":100}`, now-14401, now)}, 0, "InvalidParameter.QueryScaleOversize"},
		{"101 UserIds filter", req{action: "DescribeUserInfo", body: fmt.Sprintf(`{"CommId":"x","StartTime":%d,"EndTime":%d,"SdkAppId":1400000001,"UserIds":%s,"PageNumber":0,"PageSize":100}`, now-60, now, many)}, 0, "InvalidParameter.UserIds"},
		{"room 0", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":0}`}, 0, "InvalidParameter.RoomId"},
		{"string room of 65 bytes", req{action: "DismissRoomByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":"` + strings.Repeat("r", 65) + `"}`}, 0, "InvalidParameter.RoomId"},
		// User IDs: at most 32 bytes of UTF-8 without control characters.
		{"33-byte UserId", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserId":"` + strings.Repeat("u", 33) + `","IsMute":1}`}, 0, "InvalidParameter.UserId"},
		{"escape sequence in UserId", req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice\u001b[2J","IsMute":1}`}, 0, "InvalidParameter.UserId"},
		{"10,000-byte UserIds entry", req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":42,"UserIds":["` + strings.Repeat("u", 10000) + `"]}`}, 0, "InvalidParameter.UserIds"},
		{"NUL in UserIds", req{action: "RemoveUserByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":"stage 1","UserIds":["ali\u0000ce"]}`}, 0, "InvalidParameter.UserIds"},
		// Rate: the 21st call within one second.
		{"21st call in one second", req{action: "SetUserBlocked", body: block}, 20, "RequestLimitExceeded"},
		{"20th call in one second", req{action: "SetUserBlocked", body: block}, 19, ""},
		// Transport and signature.
		{"stale timestamp", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, ts: -301}, 0, "AuthFailure.SignatureExpire"},
		{"timestamp in milliseconds", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, ts: t0.UnixMilli()}, 0, "AuthFailure.SignatureExpire"},
		{"charset in Content-Type", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, ct: "application/json; charset=utf-8"}, 0, "InvalidParameter"},
		{"form Content-Type", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, ct: "application/x-www-form-urlencoded"}, 0, "InvalidParameter"},
		{"GET", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, method: http.MethodGet}, 0, "UnsupportedProtocol"},
		{"PUT", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, method: http.MethodPut}, 0, "UnsupportedProtocol"},
		{"no region", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`, region: "-"}, 0, "MissingParameter"},
		{"action in the wrong case", req{action: "dismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42}`}, 0, "InvalidAction"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Each case in its own second, clear of the others' rate windows.
			at := t0.Add(time.Duration(i) * 3 * time.Second)
			env.SetClock(func() time.Time { return at })
			r := c.r
			switch {
			case r.ts == 0:
				r.ts = at.Unix()
			case r.ts < 0:
				r.ts = at.Unix() + r.ts
			}
			for n := range c.before {
				good := req{action: r.action, body: r.body, ts: r.ts}
				if code := send(t, e, good).code(); code != "" {
					t.Fatalf("good call %d: %s", n, code)
				}
			}
			if got := send(t, e, r).code(); got != c.want {
				t.Fatalf("code %q, want %q", got, c.want)
			}
		})
	}
	if !e.RoomOpen(numApp, "42") || !e.RoomOpen(strApp, "stage 1") || !e.InRoom(numApp, "42", "bob") {
		t.Fatal("a rejected request changed state")
	}
}
