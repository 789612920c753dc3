package zegoemu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Per-call limits (providers.md §3).
const (
	maxBlacklistUsers = 20
	maxMuteUsers      = 20
	maxKickUsers      = 50
	maxBlacklistPage  = 100
	maxRoomPage       = 500
	maxGroupPage      = 1000
	maxAppGroupPage   = 10000 // QueryAppGroupList Limit
	maxMuteSeconds    = 2592000
	blacklistCapacity = 1000
)

const idPunct = "!#$%&()+-:;<=.>?@[]^_{}|~"

// roomIDExtra are the characters KickoutRoomUser and DestroyRoom also
// accept in room and user IDs: ZEGO's pages for them list ',' and ' ' next
// to idPunct (https://www.zegocloud.com/docs/zim-server/room/remove-user-from-the-room,
// .../room/destroy-the-room; providers.md §3).
const roomIDExtra = ", "

// validID applies ZIM's ID rule: 1..32 bytes of letters, digits and idPunct.
func validID(id string) bool { return validIDWith(id, "") }

// validIDWith is validID that also accepts the bytes of extra.
func validIDWith(id, extra string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte(idPunct, c) >= 0 ||
			strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// idExtra is the set of extra ID characters the call's action accepts.
func (c *call) idExtra() string {
	switch c.action {
	case "KickoutRoomUser", "DestroyRoom":
		return roomIDExtra
	}
	return ""
}

// users reads an array of user IDs, enforcing the per-call limit and the ID rule.
func (c *call) users(name string, limit int) ([]string, *answer) {
	us, err := c.list(name)
	if err != nil {
		a := fail(cBadParam, err.Error())
		return nil, &a
	}
	switch {
	case len(us) == 0:
		a := fail(cBadParam, name+" is empty")
		return nil, &a
	case len(us) > limit:
		a := fail(cTooManyUsers, fmt.Sprintf("%s holds %d users; at most %d", name, len(us), limit))
		return nil, &a
	}
	for _, u := range us {
		if !validIDWith(u, c.idExtra()) {
			a := fail(cBadUserID, "invalid user ID")
			return nil, &a
		}
	}
	return us, nil
}

// id reads a required room, group or user ID parameter.
func (c *call) id(name string) (string, *answer) {
	v, _ := c.str(name)
	if !validIDWith(v, c.idExtra()) {
		code := int64(cBadParam)
		if strings.HasSuffix(name, "UserId") && v != "" {
			code = cBadUserID
		}
		a := fail(code, name+" is missing or invalid")
		return "", &a
	}
	return v, nil
}

// limit reads Limit, which must be 1..max (over max → 660000011).
func (c *call) limit(max int) (int, *answer) {
	n, err := c.integer("Limit", 0)
	switch {
	case err != nil || n <= 0:
		a := fail(cBadParam, "Limit must be a positive integer")
		return 0, &a
	case n > int64(max):
		a := fail(cTooManyUsers, fmt.Sprintf("Limit is at most %d", max))
		return 0, &a
	}
	return int(n), nil
}

type userErr struct {
	UserID  string `json:"UserId"`
	SubCode int64  `json:"SubCode"`
}

func (e *Emulator) applied(c *call, scope, user string) {
	e.env.Rec.Applied(vendor, c.action, strconv.FormatUint(c.app.id, 10), scope, user)
}

// QueryRoomUserList pages by join order. NextFlag carries the last join
// number and the page's Limit: ZEGO wants the same Limit on every page.
func (e *Emulator) queryRoomUsers(c *call) answer {
	id, bad := c.id("RoomId")
	if bad != nil {
		return *bad
	}
	limit, bad := c.limit(maxRoomPage)
	if bad != nil {
		return *bad
	}
	// Mode 1 (newest first) is accepted but served in join order like 0:
	// the emulator keeps one order.
	if mode, err := c.integer("Mode", 0); err != nil || (mode != 0 && mode != 1) {
		return fail(cBadParam, "Mode must be 0 or 1")
	}
	r := c.app.rooms[id]
	if r == nil {
		return fail(cRoomNotFound, "room does not exist")
	}
	if len(r.list) == 0 {
		return fail(cRoomEmptying, "room is emptying")
	}
	var after uint64
	if flag, _ := c.str("NextFlag"); flag != "" && flag != "0" {
		seqText, limText, found := strings.Cut(flag, ".")
		seq, err1 := strconv.ParseUint(seqText, 10, 64)
		lim, err2 := strconv.Atoi(limText)
		if !found || err1 != nil || err2 != nil {
			return fail(cBadParam, "NextFlag is invalid")
		}
		if lim != limit {
			return fail(cBadParam, "Limit must be the same on every page")
		}
		after = seq
	}
	page, next := r.after(after, limit)
	list := make([]map[string]string, len(page))
	for i, m := range page {
		list[i] = map[string]string{"UserId": m.id, "UserName": c.app.users[m.id]}
	}
	flag := "0" // ZEGO's "no more pages"
	if next != 0 {
		flag = fmt.Sprintf("%d.%d", next, limit)
	}
	return ok(map[string]any{"Count": len(r.list), "NextFlag": flag, "UserList": list})
}

func (e *Emulator) kickRoomUsers(c *call) answer {
	id, bad := c.id("RoomId")
	if bad != nil {
		return *bad
	}
	us, bad := c.users("UserId", maxKickUsers)
	if bad != nil {
		return *bad
	}
	r := c.app.rooms[id]
	if r == nil {
		return fail(cRoomNotFound, "room does not exist")
	}
	// KickoutRoomUser answers Code, Message and RequestId only: no per-user
	// list (https://www.zegocloud.com/docs/zim-server/room/remove-user-from-the-room).
	// Which code a batch with some users absent gets is not documented; the
	// emulator answers 660300002 only when none of them was in the room.
	removed := 0
	for _, u := range us {
		if r.remove(u) {
			removed++
			e.applied(c, id, u)
		}
	}
	if removed == 0 {
		return fail(cNotInRoom, "user not in room")
	}
	return ok(nil)
}

func (e *Emulator) destroyRoom(c *call) answer {
	id, bad := c.id("RoomId")
	if bad != nil {
		return *bad
	}
	if c.app.rooms[id] == nil {
		return fail(cRoomNotFound, "room does not exist")
	}
	delete(c.app.rooms, id)
	e.applied(c, id, "")
	return ok(nil)
}

// groupFor loads the group and checks the operator may manage it.
func (c *call) groupFor() (*group, string, *answer) {
	gid, bad := c.id("GroupId")
	if bad != nil {
		return nil, "", bad
	}
	from, bad := c.id("FromUserId")
	if bad != nil {
		return nil, "", bad
	}
	g := c.app.groups[gid]
	if g == nil {
		a := fail(cGroupNotFound, "group does not exist")
		return nil, "", &a
	}
	if _, ok := c.app.users[from]; !ok {
		a := fail(cNotRegistered, "FromUserId is not registered")
		return nil, "", &a
	}
	if role := g.role(from); role != 1 && role != 2 {
		a := fail(cBadParam, "FromUserId is not the group's owner or an admin")
		return nil, "", &a
	}
	return g, gid, nil
}

func (e *Emulator) queryGroupMembers(c *call) answer {
	gid, bad := c.id("GroupId")
	if bad != nil {
		return *bad
	}
	limit, bad := c.limit(maxGroupPage)
	if bad != nil {
		return *bad
	}
	next, err := c.integer("Next", 0)
	if err != nil || next < 0 {
		return fail(cBadParam, "Next must be a non-negative integer")
	}
	g := c.app.groups[gid]
	if g == nil {
		return fail(cGroupNotFound, "group does not exist")
	}
	page, after := g.after(uint64(next), limit)
	list := make([]map[string]any, len(page))
	for i, m := range page {
		name := c.app.users[m.id]
		list[i] = map[string]any{"UserId": m.id, "UserName": name, "UserNickName": "", "Role": m.role}
	}
	return ok(map[string]any{"TotalCount": len(g.list), "Next": after, "MemberList": list})
}

func (e *Emulator) muteGroupMembers(c *call) answer {
	g, gid, bad := c.groupFor()
	if bad != nil {
		return *bad
	}
	us, bad := c.users("UserIds", maxMuteUsers)
	if bad != nil {
		return *bad
	}
	secs, err := c.integer("Duration", 0)
	if err != nil || secs < -1 || secs > maxMuteSeconds {
		return fail(cBadParam, "Duration must be -1, 0 or 1..2592000 seconds")
	}
	errs := []userErr{}
	for _, u := range us {
		_, registered := c.app.users[u]
		switch {
		case !registered:
			errs = append(errs, userErr{u, cNotRegistered})
		case !g.has(u):
			// The emulator answers a non-member with "user not in room".
			errs = append(errs, userErr{u, cNotInRoom})
		default:
			switch {
			case secs == 0:
				delete(g.mutes, u)
			case secs < 0:
				g.mutes[u] = forever
			default:
				g.mutes[u] = c.now.Add(time.Duration(secs) * time.Second)
			}
			e.applied(c, gid, u)
		}
	}
	return ok(map[string]any{"ErrorUsers": errs})
}

func (e *Emulator) kickGroupUsers(c *call) answer {
	g, gid, bad := c.groupFor()
	if bad != nil {
		return *bad
	}
	us, bad := c.users("UserId", maxKickUsers)
	if bad != nil {
		return *bad
	}
	// CustomReason takes the ID characters only, no space, at most 32 bytes
	// (https://www.zegocloud.com/docs/zim-server/group/remove-group-member).
	if reason, present := c.str("CustomReason"); present && reason != "" && !validID(reason) {
		return fail(cBadParam, "CustomReason holds at most 32 bytes of letters, digits and "+idPunct)
	}
	// Code 0 when at least one user was removed, ErrorList for the others;
	// when none was, a non-zero Code with the ErrorList (same page). A user
	// not in the group is 660600008.
	errs := []userErr{}
	for _, u := range us {
		if g.remove(u) {
			e.applied(c, gid, u)
		} else {
			errs = append(errs, userErr{u, cNotInGroup})
		}
	}
	if len(errs) == len(us) {
		a := fail(cNotInGroup, "users not in the group")
		a.fields = map[string]any{"ErrorList": errs}
		return a
	}
	return ok(map[string]any{"ErrorList": errs})
}

func (e *Emulator) dismissGroup(c *call) answer {
	gid, _ := c.str("GroupId")
	// 1/s per group, counted before the group is looked up, as a gateway would.
	if !e.env.Win.Allow(fmt.Sprintf("zego/%d/DismissGroup/%s", c.app.id, gid), 1, c.now) {
		return fail(cObjectQPS, "group QPS limit exceeded")
	}
	_, gid, bad := c.groupFor()
	if bad != nil {
		return *bad
	}
	delete(c.app.groups, gid)
	e.applied(c, gid, "")
	return ok(nil)
}

// blacklistOwner reads FromUserId and checks it is registered.
func (c *call) blacklistOwner() (string, *answer) {
	owner, bad := c.id("FromUserId")
	if bad != nil {
		return "", bad
	}
	if _, ok := c.app.users[owner]; !ok {
		a := fail(cNotRegistered, "FromUserId is not registered")
		return "", &a
	}
	return owner, nil
}

func (e *Emulator) queryBlacklist(c *call) answer {
	owner, bad := c.blacklistOwner()
	if bad != nil {
		return *bad
	}
	// Limit 0, missing or over 100 means 100
	// (https://www.zegocloud.com/docs/zim-server/user/query-the-blocklist).
	limit, err := c.integer("Limit", 0)
	if err != nil || limit < 0 {
		return fail(cBadParam, "Limit must be a non-negative integer")
	}
	if limit == 0 || limit > maxBlacklistPage {
		limit = maxBlacklistPage
	}
	off, err := c.integer("Next", 0)
	if err != nil || off < 0 {
		return fail(cBadParam, "Next must be a non-negative integer")
	}
	bl := c.app.blacklist[owner]
	ids := sortedKeys(bl)
	sort.SliceStable(ids, func(i, j int) bool { return bl[ids[i]] < bl[ids[j]] })
	start := min(int(off), len(ids))
	end := min(start+int(limit), len(ids))
	list := make([]map[string]any, 0, end-start)
	for _, u := range ids[start:end] {
		list = append(list, map[string]any{"UserId": u, "UserName": c.app.users[u], "Avatar": "", "UpdateTime": bl[u]})
	}
	next := 0
	if end < len(ids) {
		next = end
	}
	return ok(map[string]any{"TotalCount": len(ids), "Next": next, "Blacklist": list})
}

// addBlacklist answers Code 0 when at least one user was added, 660800041
// when none was; each failure is in ErrList with its SubCode.
func (e *Emulator) addBlacklist(c *call) answer {
	owner, bad := c.blacklistOwner()
	if bad != nil {
		return *bad
	}
	us, bad := c.users("UserIds", maxBlacklistUsers)
	if bad != nil {
		if bad.code == cTooManyUsers {
			// AddUsersToBlacklist has its own code for a list over 20.
			bad.code = cListTooLong
		}
		return *bad
	}
	bl := c.app.blacklist[owner]
	if bl == nil {
		bl = map[string]int64{}
		c.app.blacklist[owner] = bl
	}
	errs := []userErr{}
	added := 0
	for _, u := range us {
		_, registered := c.app.users[u]
		_, listed := bl[u]
		switch {
		case u == owner:
			errs = append(errs, userErr{u, cBlockSelf})
		case !registered:
			errs = append(errs, userErr{u, cNotRegistered})
		case listed:
			errs = append(errs, userErr{u, cAlreadyBlocked})
		case len(bl) >= blacklistCapacity:
			errs = append(errs, userErr{u, cBlacklistFull})
		default:
			bl[u] = c.now.UnixMilli()
			added++
			e.applied(c, owner, u)
		}
	}
	if added == 0 {
		a := fail(cAddAllFailed, "all users failed")
		a.fields = map[string]any{"ErrList": errs}
		return a
	}
	return ok(map[string]any{"ErrList": errs})
}

func (e *Emulator) removeBlacklist(c *call) answer {
	owner, bad := c.blacklistOwner()
	if bad != nil {
		return *bad
	}
	us, bad := c.users("UserIds", maxBlacklistUsers)
	if bad != nil {
		return *bad
	}
	bl := c.app.blacklist[owner]
	errs := []userErr{}
	removed := 0
	for _, u := range us {
		_, registered := c.app.users[u]
		_, listed := bl[u]
		switch {
		case !registered:
			errs = append(errs, userErr{u, cNotRegistered})
		case !listed:
			errs = append(errs, userErr{u, cNotBlocked})
		default:
			delete(bl, u)
			removed++
			e.applied(c, owner, u)
		}
	}
	if removed == 0 {
		a := fail(cRemAllFailed, "all users failed")
		a.fields = map[string]any{"ErrList": errs}
		return a
	}
	return ok(map[string]any{"ErrList": errs})
}

func (e *Emulator) checkBlacklist(c *call) answer {
	owner, bad := c.blacklistOwner()
	if bad != nil {
		return *bad
	}
	us, bad := c.users("UserIds", maxBlacklistUsers)
	if bad != nil {
		return *bad
	}
	succ := []map[string]any{}
	errs := []userErr{}
	for _, u := range us {
		if _, ok := c.app.users[u]; !ok {
			errs = append(errs, userErr{u, cNotRegistered})
			continue
		}
		res := 0
		if _, listed := c.app.blacklist[owner][u]; listed {
			res = 1
		}
		succ = append(succ, map[string]any{"UserId": u, "Result": res})
	}
	return ok(map[string]any{"Succ": succ, "ErrList": errs})
}

// queryAppGroups pages the app's groups: Limit 0, missing or over 10,000
// means 10,000, and Next is the page number (0 first, 0 back when done), as
// the example on https://www.zegocloud.com/docs/zim-server/group/query-group-list-in-the-app
// shows. ZEGO warns the list may be up to a minute old; the emulator's is
// current.
func (e *Emulator) queryAppGroups(c *call) answer {
	limit, err := c.integer("Limit", 0)
	if err != nil || limit < 0 {
		return fail(cBadParam, "Limit must be a non-negative integer")
	}
	if limit == 0 || limit > maxAppGroupPage {
		limit = maxAppGroupPage
	}
	page, err := c.integer("Next", 0)
	if err != nil || page < 0 {
		return fail(cBadParam, "Next must be a non-negative integer")
	}
	ids := sortedKeys(c.app.groups)
	start := min(int(page*limit), len(ids))
	end := min(start+int(limit), len(ids))
	list := make([]map[string]string, 0, end-start)
	for _, id := range ids[start:end] {
		list = append(list, map[string]string{"GroupId": id, "GroupName": c.app.groups[id].name})
	}
	next := int64(0)
	if end < len(ids) {
		next = page + 1
	}
	return ok(map[string]any{"TotalCount": len(ids), "Next": next, "GroupIdList": list})
}
