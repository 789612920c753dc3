package trtcemu

import (
	"strconv"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

const (
	maxKick          = 10
	maxPageSize      = 100
	maxRoomSpan      = 24 * time.Hour
	maxUserSpan      = 4 * time.Hour
	maxHistory       = 14 * 24 * time.Hour
	defaultRoomPage  = 10 // DescribeRoomInfo's documented default page size
	defaultUserPage  = 6  // DescribeUserInfo answers six records unless both paging fields are sent
	maxUserIDsFilter = 100
	// maxUserIDBytes: TRTC UserIds are Chat accounts, at most 32 bytes
	// (Chat "Use Limits", https://www.tencentcloud.com/document/product/1047/34381).
	maxUserIDBytes = 32
)

// handle runs an authenticated, rate-admitted action. e.mu is held.
func (e *Emulator) handle(a *app, action string, p params, now time.Time) (map[string]any, *apiError) {
	switch action {
	case "SetUserBlocked", "SetUserBlockedByStrRoomId":
		return e.setUserBlocked(a, action, p)
	case "RemoveUser", "RemoveUserByStrRoomId":
		return e.removeUser(a, action, p, now)
	case "DismissRoom", "DismissRoomByStrRoomId":
		return e.dismissRoom(a, action, p, now)
	case "DescribeRoomInfo":
		return describeRoomInfo(a, p, now)
	case "DescribeUserInfo":
		return describeUserInfo(a, p, now)
	}
	return nil, errf("InvalidAction", "The action `%s` is not found.", action)
}

// roomOf reads the room of a room action. The numeric actions carry RoomId
// as an integer, the string ones as a string (StrRoomId for
// SetUserBlockedByStrRoomId). A room of the other kind than the app's does
// not exist there, as on Tencent.
func roomOf(a *app, action string, p params) (*call, string, *apiError) {
	var room string
	stringAction := false
	switch action {
	case "SetUserBlockedByStrRoomId":
		room, stringAction = p.strs["StrRoomId"], true
	case "RemoveUserByStrRoomId", "DismissRoomByStrRoomId":
		room, stringAction = p.strs["RoomId"], true
	default:
		n := p.ints["RoomId"]
		if n < 1 || n > 4294967294 {
			return nil, "", errf("InvalidParameter.RoomId", "RoomId %d is out of range 1..4294967294.", n)
		}
		room = strconv.FormatUint(n, 10)
	}
	if stringAction && !stringRoom(room) {
		return nil, room, errf("InvalidParameter.RoomId", "The string room ID is empty, longer than 64 bytes or holds characters TRTC does not allow.")
	}
	c := a.open[room]
	if c == nil || stringAction != a.StringRooms {
		return nil, room, errf("FailedOperation.RoomNotExist", "The room does not exist.")
	}
	return c, room, nil
}

func (e *Emulator) setUserBlocked(a *app, action string, p params) (map[string]any, *apiError) {
	user := p.strs["UserId"]
	if !emucore.TextID(user, maxUserIDBytes) {
		return nil, errf("InvalidParameter.UserId", "UserId must be 1 to %d bytes of UTF-8 without control characters.", maxUserIDBytes)
	}
	mute := p.ints["IsMute"]
	if mute > 3 {
		return nil, errf("InvalidParameter", "IsMute must be 0, 1, 2 or 3.")
	}
	c, room, apiErr := roomOf(a, action, p)
	if apiErr != nil {
		return nil, apiErr
	}
	if _, in := c.members[user]; !in {
		// SetUserBlocked documents InternalError.UserNotExist for this, and
		// the string-room action only FailedOperation.UserNotExist
		// (tencentcloud-sdk-go-intl-en tencentcloud/trtc/v20190722/client.go):
		// answer each with its own, so clients must handle both.
		if action == "SetUserBlocked" {
			return nil, errf("InternalError.UserNotExist", "The user is not in the room.")
		}
		return nil, errf("FailedOperation.UserNotExist", "The user is not in the room.")
	}
	if mute == 0 {
		delete(c.blocks, user)
	} else {
		c.blocks[user] = int(mute)
	}
	e.env.Rec.Applied("trtc", action, appKey(a), room, user)
	return map[string]any{}, nil
}

func (e *Emulator) removeUser(a *app, action string, p params, now time.Time) (map[string]any, *apiError) {
	users := p.lists["UserIds"]
	if len(users) == 0 || len(users) > maxKick {
		return nil, errf("InvalidParameter.UserIds", "UserIds must hold 1 to %d user IDs, got %d.", maxKick, len(users))
	}
	for _, u := range users {
		if !emucore.TextID(u, maxUserIDBytes) {
			return nil, errf("InvalidParameter.UserIds", "Each of UserIds must be 1 to %d bytes of UTF-8 without control characters.", maxUserIDBytes)
		}
	}
	c, room, apiErr := roomOf(a, action, p)
	if apiErr != nil {
		return nil, apiErr
	}
	// Users already gone are no error: the kick's goal holds.
	for _, u := range users {
		if c.leave(u, now) {
			e.env.Rec.Applied("trtc", action, appKey(a), room, u)
		}
	}
	return map[string]any{}, nil
}

func (e *Emulator) dismissRoom(a *app, action string, p params, now time.Time) (map[string]any, *apiError) {
	c, room, apiErr := roomOf(a, action, p)
	if apiErr != nil {
		return nil, apiErr
	}
	a.closeCall(c, now)
	e.env.Rec.Applied("trtc", action, appKey(a), room, "")
	return map[string]any{}, nil
}

// window reads StartTime/EndTime and checks them against the span limit and
// the 14 days of history Tencent keeps.
func window(p params, span time.Duration, now time.Time) (time.Time, time.Time, *apiError) {
	start, end := time.Unix(int64(p.ints["StartTime"]), 0), time.Unix(int64(p.ints["EndTime"]), 0)
	switch {
	case end.Before(start):
		return start, end, errf("InvalidParameter", "EndTime must not be before StartTime.")
	case end.Sub(start) > span:
		return start, end, errf("InvalidParameter.QueryScaleOversize", "The query span exceeds %s.", span)
	case start.Before(now.Add(-maxHistory)):
		return start, end, errf("InvalidParameter", "Only the last 14 days can be queried.")
	}
	return start, end, nil
}

// page reads PageNumber/PageSize with the action's default size.
func page(p params, defaultSize uint64, bothOrDefault bool) (offset, size int, apiErr *apiError) {
	n, s := p.ints["PageNumber"], p.ints["PageSize"]
	if !p.has("PageSize") || (bothOrDefault && !p.has("PageNumber")) {
		n, s = 0, defaultSize
	}
	if s > maxPageSize {
		return 0, 0, errf("InvalidParameter.PageSizeOversize", "PageSize must not exceed %d.", maxPageSize)
	}
	if s == 0 {
		return 0, 0, errf("InvalidParameter.PageSize", "PageSize must be at least 1.")
	}
	if n > 1<<20 {
		return 0, 0, errf("InvalidParameter.PageNumber", "PageNumber is too large.")
	}
	return int(n * s), int(s), nil
}

func describeRoomInfo(a *app, p params, now time.Time) (map[string]any, *apiError) {
	start, end, apiErr := window(p, maxRoomSpan, now)
	if apiErr != nil {
		return nil, apiErr
	}
	// "PageNumber和PageSize 其中一个不填均默认返回10条数据" (tencentcloud-sdk-go
	// tencentcloud/trtc/v20190722/models.go DescribeRoomInfoRequestParams):
	// either field missing gives the first 10 rows.
	offset, size, apiErr := page(p, defaultRoomPage, true)
	if apiErr != nil {
		return nil, apiErr
	}
	filter, filtered := p.strs["RoomId"], p.has("RoomId")
	var match []*call
	for _, c := range a.calls {
		if filtered && c.room != filter {
			continue
		}
		if !overlaps(c.created, c.destroyed, start, end) {
			continue
		}
		match = append(match, c)
	}
	list := []map[string]any{}
	for i := offset; i < len(match) && i < offset+size; i++ {
		c := match[i]
		destroyed := int64(0)
		if !c.destroyed.IsZero() {
			destroyed = c.destroyed.Unix()
		}
		list = append(list, map[string]any{
			"CommId": c.commID, "RoomString": c.room, "CreateTime": c.created.Unix(), "DestroyTime": destroyed,
			"IsFinished": !c.destroyed.IsZero(), "UserId": c.owner,
		})
	}
	// Total is "返回当页数据总数", the records on this page (models.go
	// DescribeRoomInfoResponseParams): a client must page until a short page.
	return map[string]any{"Total": len(list), "RoomList": list}, nil
}

func describeUserInfo(a *app, p params, now time.Time) (map[string]any, *apiError) {
	start, end, apiErr := window(p, maxUserSpan, now)
	if apiErr != nil {
		return nil, apiErr
	}
	offset, size, apiErr := page(p, defaultUserPage, true)
	if apiErr != nil {
		return nil, apiErr
	}
	var only map[string]bool
	if p.has("UserIds") {
		ids := p.lists["UserIds"]
		if len(ids) == 0 || len(ids) > maxUserIDsFilter {
			return nil, errf("InvalidParameter.UserIds", "UserIds must hold 1 to %d user IDs.", maxUserIDsFilter)
		}
		only = map[string]bool{}
		for _, u := range ids {
			only[u] = true
		}
	}
	var c *call
	for _, x := range a.calls {
		if x.commID == p.strs["CommId"] {
			c = x
			break
		}
	}
	list := []map[string]any{}
	if c == nil {
		// An unknown call has no users: the monitoring data is simply empty.
		return map[string]any{"Total": 0, "UserList": list}, nil
	}
	// A stay is reported when it overlaps the window (*unsure* how Tencent
	// matches stays to the window; overlap keeps long stays visible).
	var match []*session
	for _, s := range c.sessions {
		if only != nil && !only[s.user] {
			continue
		}
		if !overlaps(s.join, s.leave, start, end) {
			continue
		}
		match = append(match, s)
	}
	for i := offset; i < len(match) && i < offset+size; i++ {
		s := match[i]
		// LeaveTs is the current time while the user is still in the room
		// ("用户没有退房则返回当前时间", models.go UserInformation).
		leave := now.Unix()
		if !s.leave.IsZero() {
			leave = s.leave.Unix()
		}
		list = append(list, map[string]any{
			"RoomStr": c.room, "UserId": s.user, "JoinTs": s.join.Unix(), "LeaveTs": leave,
			"DeviceType": s.device, "SdkVersion": s.sdk, "ClientIp": s.ip, "Finished": !s.leave.IsZero(),
		})
	}
	return map[string]any{"Total": len(match), "UserList": list}, nil
}

// overlaps reports whether [from, to] (to zero: still going) meets the
// window [start, end]. Tencent counts in whole seconds, so a user who joined
// 0.7 s into the second that ends the window is inside it.
func overlaps(from, to, start, end time.Time) bool {
	if from.Unix() > end.Unix() {
		return false
	}
	return to.IsZero() || to.Unix() >= start.Unix()
}

func appKey(a *app) string { return strconv.FormatUint(a.SDKAppID, 10) }
