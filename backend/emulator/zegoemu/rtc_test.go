package zegoemu

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

type rtcReply struct {
	Code      int64
	Message   string
	RequestID string `json:"RequestId"`
	Data      *struct {
		Marker   string
		UserList []struct {
			UserId, UserName string
			UserRole         int
		}
		UserCountList []struct {
			RoomId    string
			UserCount int
		}
	}
}

// rtc sends a signed GET for an RTC action and decodes the Data envelope.
func (h *harness) rtc(action, extra string) rtcReply {
	h.t.Helper()
	q := encode(h.common(action, h.now.Unix()))
	if extra != "" {
		q += "&" + extra
	}
	w := httptest.NewRecorder()
	h.emu.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/?"+q, nil))
	var r rtcReply
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.RequestID == "" {
		h.t.Fatalf("answer %s: %v", w.Body.String(), err)
	}
	return r
}

func (h *harness) tick() { h.now = h.now.Add(1100 * time.Millisecond) }

func TestRTCKickoutUser(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRTCHosts(testApp, "live", "host")
	h.emu.AddRTCRoom(testApp, "live", ids("u", 12)...)
	if c := h.rtc("KickoutUser", "RoomId=live&"+arr("UserId", ids("u", 6))).Code; c != rUserListLong {
		t.Fatalf("6 users: code %d, want 50011", c)
	}
	if h.emu.RTCRoomSize(testApp, "live") != 13 {
		t.Fatal("a refused call changed the room")
	}
	if r := h.rtc("KickoutUser", "RoomId=live&"+arr("UserId", ids("u", 5))+"&CustomReason=spam%20%26%20abuse"); r.Code != 0 {
		t.Fatalf("5 users: %+v", r)
	}
	if h.emu.InRTCRoom(testApp, "live", "u0") || !h.emu.InRTCRoom(testApp, "live", "u5") || h.emu.RTCRoomSize(testApp, "live") != 8 {
		t.Fatalf("kicked users still in the room: %v", h.emu.RTCRoomMembers(testApp, "live"))
	}
	if c := h.rtc("KickoutUser", "RoomId=live&UserId[]=u0").Code; c != rUserOffline {
		t.Fatalf("kicking a user who left: code %d, want 50003", c)
	}
	if c := h.rtc("KickoutUser", "RoomId=live&UserId[]=u5&CustomReason="+strings.Repeat("x", 257)).Code; c != rTooLong {
		t.Fatalf("257-byte reason: code %d, want 3", c)
	}
	// The last user out closes the room; then it is gone.
	h.rtc("KickoutUser", "RoomId=live&"+arr("UserId", ids("u", 12)[5:10]))
	h.rtc("KickoutUser", "RoomId=live&"+arr("UserId", append(ids("u", 12)[10:], "host")))
	if h.emu.RTCRoomSize(testApp, "live") != 0 {
		t.Fatalf("room still has %v", h.emu.RTCRoomMembers(testApp, "live"))
	}
	if c := h.rtc("KickoutUser", "RoomId=live&UserId[]=u1").Code; c != rNoRoom {
		t.Fatalf("kick in a closed room: code %d, want 5024", c)
	}
	if n := h.env.Rec.AppliedUsers(vendor, "KickoutUser"); n != 13 {
		t.Fatalf("%d kicks recorded, want 13", n)
	}
}

func TestRTCCloseRoom(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRTCRoom(testApp, "a", "x", "y")
	h.emu.AddRTCRoom(testApp, "b", "z")
	if c := h.rtc("CloseRoom", "RoomId=a&CustomReason=bye").Code; c != 0 {
		t.Fatalf("close: code %d", c)
	}
	if h.emu.RTCRoomSize(testApp, "a") != 0 || h.emu.InRTCRoom(testApp, "a", "x") || h.emu.RTCRoomSize(testApp, "b") != 1 {
		t.Fatal("close did not remove exactly room a")
	}
	// 1/s for the whole app: another room in the same second is refused.
	if c := h.rtc("CloseRoom", "RoomId=b").Code; c != rAppQPS {
		t.Fatalf("second close within 1 s: code %d, want 206", c)
	}
	h.tick()
	if c := h.rtc("CloseRoom", "RoomId=a").Code; c != rRoomClosed {
		t.Fatalf("closing a closed room: code %d, want 5018", c)
	}
	h.tick()
	if c := h.rtc("CloseRoom", "RoomId=b&RoomCloseCallback=maybe").Code; c != rBadParam {
		t.Fatalf("bad RoomCloseCallback: code %d, want 2", c)
	}
}

func TestRTCDescribeUserListPagesUnderData(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRTCHosts(testApp, "big", "host")
	h.emu.AddRTCRoom(testApp, "big", ids("u", 449)...)
	var got []string
	marker := ""
	for page := 0; ; page++ {
		r := h.rtc("DescribeUserList", "RoomId=big&Mode=0&Limit=200&Marker="+marker)
		if r.Code != 0 || r.Data == nil {
			t.Fatalf("page %d: %+v", page, r)
		}
		for _, u := range r.Data.UserList {
			got = append(got, u.UserId)
			if (u.UserId == "host") != (u.UserRole == 1) {
				t.Fatalf("%s has role %d", u.UserId, u.UserRole)
			}
		}
		if r.Data.Marker == "" {
			if page != 2 {
				t.Fatalf("450 users in %d pages, want 3", page+1)
			}
			break
		}
		marker = r.Data.Marker
		// A second page of the same room within the second is refused.
		if c := h.rtc("DescribeUserList", "RoomId=big&Limit=200&Marker="+marker).Code; c != rRoomQPS {
			t.Fatalf("second call for one room within 1 s: code %d, want 207", c)
		}
		h.tick()
	}
	if len(got) != 450 || got[0] != "host" || len(slices.Compact(slices.Sorted(slices.Values(got)))) != 450 {
		t.Fatalf("listed %d users (want 450 distinct, the host first)", len(got))
	}
	if r := h.rtc("DescribeUserList", "RoomId=nothere"); r.Code != 0 || r.Data == nil || len(r.Data.UserList) != 0 || r.Data.Marker != "" {
		t.Fatalf("a room that does not exist: %+v, want Code 0 and an empty list", r)
	}
	if c := h.rtc("DescribeUserList", "RoomId=other&Limit=201").Code; c != rBadParam {
		t.Fatalf("Limit 201: code %d, want 2", c)
	}
	if c := h.rtc("DescribeUserList", "RoomId=other2&NextFlag=x").Code; c != rBadParam {
		t.Fatalf("a ZIM parameter on an RTC action: code %d, want 2", c)
	}
}

func TestRTCDescribeUserNum(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRTCRoom(testApp, "a", "x", "y")
	r := h.rtc("DescribeUserNum", "RoomId[]=a&RoomId%5B%5D=gone")
	if r.Code != 0 || r.Data == nil || len(r.Data.UserCountList) != 2 ||
		r.Data.UserCountList[0].UserCount != 2 || r.Data.UserCountList[1].UserCount != 0 {
		t.Fatalf("%+v", r)
	}
	if c := h.rtc("DescribeUserNum", arr("RoomId", ids("r", 11))).Code; c != rBadParam {
		t.Fatalf("11 rooms: code %d", c)
	}
}

func TestRTCGatewayAndRates(t *testing.T) {
	h := newHarness(t)
	h.emu.AddRTCRoom(testApp, "r", ids("u", 60)...)
	q := encode(h.common("KickoutUser", h.now.Unix()))
	q = strings.Replace(q, "Signature=", "Signature=0", 1)
	w := httptest.NewRecorder()
	h.emu.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/?"+q+"&RoomId=r&UserId[]=u0", nil))
	if !strings.Contains(w.Body.String(), `"Code":`+strconv.Itoa(cSigInvalid)) || !h.emu.InRTCRoom(testApp, "r", "u0") {
		t.Fatalf("bad signature: %s", w.Body.String())
	}
	for i := range 50 {
		if c := h.rtc("KickoutUser", "RoomId=r&UserId[]=u"+strconv.Itoa(i)).Code; c != 0 {
			t.Fatalf("kick %d: code %d", i, c)
		}
	}
	if c := h.rtc("KickoutUser", "RoomId=r&UserId[]=u55").Code; c != rAppQPS {
		t.Fatalf("51st kick in one second: code %d, want 206", c)
	}
	if !h.emu.InRTCRoom(testApp, "r", "u55") {
		t.Fatal("a rate-limited kick was applied")
	}
	h.tick()
	if r := h.raw(http.MethodPost, encode(h.common("KickoutUser", h.now.Unix()))+"&RoomId=r&UserId[]=u55", ""); r.Code != rBadParam {
		t.Fatalf("KickoutUser by POST: code %d, want RTC's 2", r.Code)
	}
}

func TestSeedRTCDemo(t *testing.T) {
	h := newHarness(t)
	h.emu.SeedRTCDemo(testApp)
	rooms := h.emu.DemoRTCRooms(testApp)
	if len(rooms) < 2 {
		t.Fatalf("rooms %v", rooms)
	}
	if n := h.emu.RTCRoomSize(testApp, rooms[0]); n <= 400 {
		t.Fatalf("%s has %d users; the demo wants one that takes several pages", rooms[0], n)
	}
	for _, r := range rooms {
		if h.emu.RTCRoomSize(testApp, r) == 0 {
			t.Fatalf("%s is empty", r)
		}
	}
}
