package zegoemu

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The ZEGO RTC server API (rtc-api.zego.im): same gateway, same signature,
// its own actions, codes and limits, payloads under Data. ZEGO serves it on
// its own host; on the emulator's one port the action names tell it apart,
// as none of them is also a ZIM action. Facts are from ZEGO's pages in
// ZEGOCLOUD/docs_all, core_products/real-time-voice-video/en/server/
// api-reference/room/{describe-user-list,describe-user-num,kick-out-user,
// close}.yaml and ../return-codes.mdx.

// RTC return codes the emulator answers.
const (
	rBadParam     = 2
	rTooLong      = 3
	rAppQPS       = 206
	rRoomQPS      = 207
	rRoomClosed   = 5018 // CloseRoom: destroyed or does not exist
	rNoRoom       = 5024
	rUserOffline  = 50003
	rUserListLong = 50011
)

// RTC limits.
const (
	rtcUserListPerApp  = 200
	rtcUserListPerRoom = 1
	rtcUserListMax     = 200 // Limit 0–200, 0 or absent = 200
	rtcUserNumPerApp   = 10
	rtcUserNumRooms    = 10
	rtcKickPerApp      = 50
	rtcKickUsers       = 5
	rtcClosePerApp     = 1
	rtcMaxRoomBytes    = 128
	rtcMaxUserBytes    = 64
	rtcMaxReasonBytes  = 256
)

// rtcRates are the per-app rates of the RTC actions; ZIM actions are 20/s.
var rtcRates = map[string]int{
	"DescribeUserList": rtcUserListPerApp,
	"DescribeUserNum":  rtcUserNumPerApp,
	"KickoutUser":      rtcKickPerApp,
	"CloseRoom":        rtcClosePerApp,
}

func init() {
	addAction("DescribeUserList", (*Emulator).rtcDescribeUserList)
	addAction("DescribeUserNum", (*Emulator).rtcDescribeUserNum)
	addAction("KickoutUser", (*Emulator).rtcKickoutUser)
	addAction("CloseRoom", (*Emulator).rtcCloseRoom)
	schemas["DescribeUserList"] = []paramSpec{{"RoomId", pString, true}, {"Mode", pInt, false}, {"Limit", pInt, false}, {"Marker", pString, false}}
	schemas["DescribeUserNum"] = []paramSpec{{"RoomId", pStrings, true}}
	schemas["KickoutUser"] = []paramSpec{{"RoomId", pString, true}, {"UserId", pStrings, true}, {"CustomReason", pString, false}}
	schemas["CloseRoom"] = []paramSpec{{"RoomId", pString, true}, {"CustomReason", pString, false}, {"RoomCloseCallback", pString, false}}
}

// addAction registers an RTC action (every one is a GET) beside ZIM's.
func addAction(name string, h func(*Emulator, *call) answer) {
	actions[name] = struct {
		method string
		handle func(e *Emulator, c *call) answer
	}{http.MethodGet, h}
}

// appLimit is an action's per-app rate and the code for going over it.
func appLimit(action string) (int, int64) {
	if r, ok := rtcRates[action]; ok {
		return r, rAppQPS
	}
	if q, ok := actionQPS[action]; ok { // ZIM actions with a rate or code of their own
		return q.perSecond, q.code
	}
	return 20, cAppQPS
}

// paramCode turns the schema check's ZIM "bad parameter" into RTC's code 2
// for an RTC action.
func paramCode(action string, a answer) answer {
	if _, rtc := rtcRates[action]; rtc && a.code == cBadParam {
		a.code = rBadParam
	}
	return a
}

// rtcValidID applies the Express SDK's ID rule: 1..max bytes of letters,
// digits and ~!@#$%^&*()_+=-`;',.<>\ .
func rtcValidID(id string, max int) bool {
	if id == "" || len(id) > max {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte("~!@#$%^&*()_+=-`;',.<>\\", c) >= 0) {
			return false
		}
	}
	return true
}

func rtcFail(code int64, msg string) *answer { a := fail(code, msg); return &a }

func (c *call) rtcRoom() (string, *answer) {
	id, _ := c.str("RoomId")
	if !rtcValidID(id, rtcMaxRoomBytes) {
		return "", rtcFail(rBadParam, "RoomId is missing or invalid")
	}
	return id, nil
}

func (c *call) rtcReason() *answer {
	if r, _ := c.str("CustomReason"); len(r) > rtcMaxReasonBytes {
		return rtcFail(rTooLong, "CustomReason is longer than 256 bytes")
	}
	return nil
}

// rtcOK answers Code 0 with the payload under Data, as every RTC action does.
func rtcOK(data map[string]any) answer {
	if data == nil {
		return ok(nil)
	}
	return ok(map[string]any{"Data": data})
}

// rtcRoomOf is the RTC room, nil when nobody is in it: ZEGO closes an RTC
// room when its last user leaves (return codes, 50001).
func (a *app) rtcRoomOf(id string) *room {
	if r := a.rtcRooms[id]; r != nil && len(r.list) > 0 {
		return r
	}
	delete(a.rtcRooms, id)
	return nil
}

// DescribeUserList pages by join order. The Marker is "<join number>-<last
// user>", shaped like ZEGO's own ("1635940599950-user2"). A room that does
// not exist answers an empty list, as ZEGO documents.
func (e *Emulator) rtcDescribeUserList(c *call) answer {
	id, bad := c.rtcRoom()
	if bad != nil {
		return *bad
	}
	// 1/s per room, counted before the room is looked up, as a gateway would.
	if !e.env.Win.Allow(fmt.Sprintf("zego/%d/DescribeUserList/%s", c.app.id, id), rtcUserListPerRoom, c.now) {
		return fail(rRoomQPS, "room QPS limit exceeded")
	}
	limit, err := c.integer("Limit", rtcUserListMax)
	if err != nil || limit < 0 || limit > rtcUserListMax {
		return fail(rBadParam, "Limit must be 0..200")
	}
	if limit == 0 {
		limit = rtcUserListMax
	}
	// Mode 1 (newest first) is accepted but served in join order like 0.
	if mode, err := c.integer("Mode", 0); err != nil || (mode != 0 && mode != 1) {
		return fail(rBadParam, "Mode must be 0 or 1")
	}
	var after uint64
	if m, _ := c.str("Marker"); m != "" {
		seqText, _, found := strings.Cut(m, "-")
		seq, err := strconv.ParseUint(seqText, 10, 64)
		if !found || err != nil {
			return fail(rBadParam, "Marker is invalid")
		}
		after = seq
	}
	list := []map[string]any{}
	marker := ""
	if r := c.app.rtcRoomOf(id); r != nil {
		page, next := r.after(after, int(limit))
		for _, m := range page {
			list = append(list, map[string]any{"UserId": m.id, "UserName": c.app.users[m.id], "UserRole": m.role})
		}
		if next != 0 {
			marker = fmt.Sprintf("%d-%s", next, page[len(page)-1].id)
		}
	}
	return rtcOK(map[string]any{"Marker": marker, "UserList": list})
}

// DescribeUserNum counts users in up to 10 rooms; a room that does not
// exist counts 0.
func (e *Emulator) rtcDescribeUserNum(c *call) answer {
	rooms, _ := c.list("RoomId")
	switch {
	case len(rooms) == 0:
		return fail(rBadParam, "RoomId is empty")
	case len(rooms) > rtcUserNumRooms:
		return fail(rBadParam, fmt.Sprintf("RoomId holds %d rooms; at most %d", len(rooms), rtcUserNumRooms))
	}
	counts := make([]map[string]any, 0, len(rooms))
	for _, id := range rooms {
		if !rtcValidID(id, rtcMaxRoomBytes) {
			return fail(rBadParam, "RoomId is invalid")
		}
		n := 0
		if r := c.app.rtcRoomOf(id); r != nil {
			n = len(r.list)
		}
		counts = append(counts, map[string]any{"RoomId": id, "UserCount": n, "AdminUserCount": 0})
	}
	return rtcOK(map[string]any{"UserCountList": counts})
}

// KickoutUser removes up to 5 users. Its answer has no per-user list: the
// emulator answers 0 when any of them was in the room and 50003 when none
// was (ZEGO's page names only 50011; "user not online" is the table's code
// for a user who is not there).
func (e *Emulator) rtcKickoutUser(c *call) answer {
	id, bad := c.rtcRoom()
	if bad != nil {
		return *bad
	}
	us, _ := c.list("UserId")
	switch {
	case len(us) == 0:
		return fail(rBadParam, "UserId is empty")
	case len(us) > rtcKickUsers:
		return fail(rUserListLong, fmt.Sprintf("UserId holds %d users; at most %d", len(us), rtcKickUsers))
	}
	for _, u := range us {
		if !rtcValidID(u, rtcMaxUserBytes) {
			return fail(rBadParam, "UserId is invalid")
		}
	}
	if bad := c.rtcReason(); bad != nil {
		return *bad
	}
	r := c.app.rtcRoomOf(id)
	if r == nil {
		return fail(rNoRoom, "room does not exist")
	}
	kicked := 0
	for _, u := range us {
		if r.remove(u) {
			kicked++
			e.applied(c, id, u)
		}
	}
	c.app.rtcRoomOf(id) // the last user out closes the room
	if kicked == 0 {
		return fail(rUserOffline, "user is not in the room")
	}
	return rtcOK(nil)
}

// CloseRoom removes every user and the room. Its 1/s is for the whole app
// (appLimit), not per room.
func (e *Emulator) rtcCloseRoom(c *call) answer {
	id, bad := c.rtcRoom()
	if bad != nil {
		return *bad
	}
	if bad := c.rtcReason(); bad != nil {
		return *bad
	}
	if cb, present := c.str("RoomCloseCallback"); present && cb != "true" && cb != "false" {
		return fail(rBadParam, "RoomCloseCallback must be true or false")
	}
	if c.app.rtcRoomOf(id) == nil {
		return fail(rRoomClosed, "room has been destroyed or does not exist")
	}
	delete(c.app.rtcRooms, id)
	e.applied(c, id, "")
	return rtcOK(nil)
}

// AddRTCRoom opens the RTC room if needed and joins users as audience (role
// 2), registering them.
func (e *Emulator) AddRTCRoom(appID uint64, roomID string, users ...string) {
	e.with(appID, func(a *app) { a.joinRTC(roomID, 2, users...) })
}

// AddRTCHosts joins users to the RTC room as hosts (role 1).
func (e *Emulator) AddRTCHosts(appID uint64, roomID string, users ...string) {
	e.with(appID, func(a *app) { a.joinRTC(roomID, 1, users...) })
}

func (a *app) joinRTC(roomID string, role int, users ...string) {
	if a.rtcRooms == nil {
		a.rtcRooms = map[string]*room{}
	}
	r := a.rtcRooms[roomID]
	if r == nil {
		r = &room{id: roomID}
		a.rtcRooms[roomID] = r
	}
	for _, u := range users {
		a.register(u, "")
		r.add(a.nextSeq(), u, role)
	}
}

// InRTCRoom reports whether user is in the RTC room.
func (e *Emulator) InRTCRoom(appID uint64, roomID, user string) (ok bool) {
	e.with(appID, func(a *app) {
		if r := a.rtcRoomOf(roomID); r != nil {
			ok = r.has(user)
		}
	})
	return ok
}

// RTCRoomSize is the number of users in the RTC room (0 when it is closed).
func (e *Emulator) RTCRoomSize(appID uint64, roomID string) (n int) {
	e.with(appID, func(a *app) {
		if r := a.rtcRoomOf(roomID); r != nil {
			n = len(r.list)
		}
	})
	return n
}

// RTCRoomMembers are the RTC room's users in join order.
func (e *Emulator) RTCRoomMembers(appID uint64, roomID string) (ids []string) {
	e.with(appID, func(a *app) {
		if r := a.rtcRoomOf(roomID); r != nil {
			for _, m := range r.list {
				ids = append(ids, m.id)
			}
		}
	})
	return ids
}

// SeedRTCDemo fills an app added with AddApp with RTC rooms: a large live
// room that takes three DescribeUserList pages, a PK battle with two hosts
// and a small karaoke room whose ID needs escaping. Names come from the same
// mix as the ZIM demo, hostile ones included.
func (e *Emulator) SeedRTCDemo(appID uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[appID]
	if a == nil {
		return
	}
	const pool = 1200
	for n := 1; n <= pool; n++ {
		a.register(demoUserID(n), e.demoName(n))
	}
	rooms := []struct {
		id           string
		hosts, users int
	}{
		{"live-1", 1, 420 + e.env.IntN(60)},
		{"pk-battle", 2, 30 + e.env.IntN(20)},
		{"karaoke#3&more", 1, 8 + e.env.IntN(8)},
	}
	next := e.env.IntN(pool)
	take := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = demoUserID(next%pool + 1)
			next++
		}
		return out
	}
	for _, r := range rooms {
		a.joinRTC(r.id, 1, take(r.hosts)...)
		a.joinRTC(r.id, 2, take(r.users)...)
		a.demoRTCRooms = append(a.demoRTCRooms, r.id)
	}
}

// DemoRTCRooms are the RTC rooms SeedRTCDemo opened, for a config's watch list.
func (e *Emulator) DemoRTCRooms(appID uint64) (ids []string) {
	e.with(appID, func(a *app) { ids = append(ids, a.demoRTCRooms...) })
	return ids
}
