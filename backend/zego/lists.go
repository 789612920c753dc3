package zego

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
)

// Page sizes: the most each call accepts. QueryRoomUserList wants the same
// Limit on every page of one listing.
const (
	roomPage      = 500
	groupPage     = 1000
	blacklistPage = 100
	appGroupPage  = 10000 // QueryAppGroupList: fewest calls at 1/s
	// maxPages stops a listing whose cursor never ends (a vendor bug, or
	// churn) instead of looping forever: 20,000 members take 40 pages.
	maxPages = 1000
)

type roomUsersReply struct {
	Count    flexInt    `json:"Count"`
	NextFlag flexString `json:"NextFlag"`
	UserList []struct {
		UserID   string `json:"UserId"`
		UserName string `json:"UserName"`
	} `json:"UserList"`
}

type groupMembersReply struct {
	TotalCount flexInt `json:"TotalCount"`
	Next       flexInt `json:"Next"`
	MemberList []struct {
		UserID       string  `json:"UserId"`
		UserName     string  `json:"UserName"`
		UserNickName string  `json:"UserNickName"`
		Role         flexInt `json:"Role"`
	} `json:"MemberList"`
}

type blacklistReply struct {
	TotalCount flexInt `json:"TotalCount"`
	Next       flexInt `json:"Next"`
	Blacklist  []struct {
		UserID     string  `json:"UserId"`
		UserName   string  `json:"UserName"`
		UpdateTime flexInt `json:"UpdateTime"` // milliseconds
	} `json:"Blacklist"`
}

// ListRooms shows the app's groups (QueryAppGroupList) or, for ZIM rooms,
// which no call lists, the watched rooms; each with its member count. A room
// or group that no longer exists is shown with Live false and no members.
func (c *Client) ListRooms(ctx context.Context) ([]backend.Room, error) {
	type entry struct{ id, name string }
	var list []entry
	listed := map[string]bool{}
	if c.opts.Group {
		groups, err := c.appGroups(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			list = append(list, entry{g.GroupID, g.GroupName})
			listed[g.GroupID] = true
		}
	}
	// Watched IDs still show: ZIM rooms cannot be listed, and the group
	// list may be up to a minute behind.
	for _, id := range c.watchList() {
		if !listed[id] {
			list = append(list, entry{id, id})
			listed[id] = true
		}
	}
	var out []backend.Room
	for i, e := range list {
		name := e.name
		if name == "" {
			name = e.id
		}
		if i >= maxCounted {
			out = append(out, backend.Room{ID: e.id, Name: name, Members: -1, Live: true})
			continue
		}
		n, live, err := c.count(ctx, e.id)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", c.roomField(), e.id, err)
		}
		out = append(out, backend.Room{ID: e.id, Name: name, Members: n, Live: live})
	}
	return out, nil
}

// maxCounted bounds the per-group member counts of one listing: no ZIM call
// gives many groups' sizes at once, and each count is a QueryGroupMemberList
// call at 20/s, so beyond 100 groups (5 s) sizes are shown as unknown.
const maxCounted = 100

type appGroupsReply struct {
	TotalCount  flexInt `json:"TotalCount"`
	Next        flexInt `json:"Next"`
	GroupIDList []struct {
		GroupID   string `json:"GroupId"`
		GroupName string `json:"GroupName"`
	} `json:"GroupIdList"`
}

// appGroups pages QueryAppGroupList: GET, Limit ≤ 10,000 and the same on
// every page, Next 0 first and 0 when done, 1 call a second
// (https://www.zegocloud.com/docs/zim-server/group/query-group-list-in-the-app).
// Groups repeated across pages show once.
func (c *Client) appGroups(ctx context.Context) ([]struct{ GroupID, GroupName string }, error) {
	var out []struct{ GroupID, GroupName string }
	seen := map[string]bool{}
	var next int64
	for range maxPages {
		var q query
		q.add("Limit", strconv.Itoa(appGroupPage))
		q.add("Next", strconv.FormatInt(next, 10))
		r, err := c.read(ctx, actQueryAppGroups, q, nil)
		if err != nil {
			return nil, err
		}
		var rep appGroupsReply
		if err := r.decode(actQueryAppGroups, &rep); err != nil {
			return nil, err
		}
		for _, g := range rep.GroupIDList {
			if g.GroupID == "" || seen[g.GroupID] {
				continue
			}
			seen[g.GroupID] = true
			out = append(out, struct{ GroupID, GroupName string }{g.GroupID, g.GroupName})
		}
		if rep.Next == 0 || int64(rep.Next) == next {
			return out, nil
		}
		next = int64(rep.Next)
	}
	return nil, fmt.Errorf("zego %s: more than %d pages; stopped", actQueryAppGroups, maxPages)
}

// count is a room's or group's member count from one small page.
func (c *Client) count(ctx context.Context, id string) (int, bool, error) {
	if c.opts.Group {
		var rep groupMembersReply
		r, err := c.read(ctx, actQueryGroupMember, nil, map[string]any{"GroupId": id, "Limit": 1, "Next": 0})
		if isCode(err, codeGroupNotFound) {
			return 0, false, nil
		}
		if err == nil {
			err = r.decode(actQueryGroupMember, &rep)
		}
		return int(rep.TotalCount), err == nil, err
	}
	var q query
	q.add("RoomId", id)
	q.add("Mode", "0")
	q.add("NextFlag", "")
	q.add("Limit", "1")
	r, err := c.read(ctx, actQueryRoomUsers, q, nil)
	if isCode(err, codeRoomNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if r.Code == codeRoomEmptying {
		return 0, false, nil
	}
	var rep roomUsersReply
	if err := r.decode(actQueryRoomUsers, &rep); err != nil {
		return 0, false, err
	}
	return int(rep.Count), true, nil
}

func isCode(err error, code int64) bool {
	var ve *backend.VendorError
	return errors.As(err, &ve) && ve.Code == strconv.FormatInt(code, 10)
}

// ListMembers pages through a room's or group's members. Group members carry
// the mutes quell recorded, since ZEGO has no call that lists them.
func (c *Client) ListMembers(ctx context.Context, room string) ([]backend.Member, error) {
	if err := checkID(c.roomField(), room); err != nil {
		return nil, err
	}
	if c.opts.Group {
		return c.groupMembers(ctx, room)
	}
	return c.roomMembers(ctx, room)
}

func (c *Client) roomMembers(ctx context.Context, room string) ([]backend.Member, error) {
	var out []backend.Member
	seen := map[string]bool{} // members who move while we page must not show twice
	flag := ""
	for range maxPages {
		var q query
		q.add("RoomId", room)
		q.add("Mode", "0")
		q.add("NextFlag", flag)
		q.add("Limit", strconv.Itoa(roomPage))
		r, err := c.read(ctx, actQueryRoomUsers, q, nil)
		if err != nil {
			return nil, err
		}
		if r.Code == codeRoomEmptying {
			return out, nil
		}
		var rep roomUsersReply
		if err := r.decode(actQueryRoomUsers, &rep); err != nil {
			return nil, err
		}
		for _, u := range rep.UserList {
			if !seen[u.UserID] {
				seen[u.UserID] = true
				out = append(out, backend.Member{UserID: u.UserID, Name: u.UserName})
			}
		}
		flag = string(rep.NextFlag)
		if flag == "" || flag == "0" {
			return out, nil
		}
	}
	return nil, fmt.Errorf("zego %s: room %s: more than %d pages; stopped", actQueryRoomUsers, room, maxPages)
}

func (c *Client) groupMembers(ctx context.Context, group string) ([]backend.Member, error) {
	mutes, err := c.liveMutes(group)
	if err != nil {
		return nil, err
	}
	var out []backend.Member
	seen := map[string]bool{}
	var next int64
	for range maxPages {
		r, err := c.read(ctx, actQueryGroupMember, nil, map[string]any{"GroupId": group, "Limit": groupPage, "Next": next})
		if err != nil {
			return nil, err
		}
		var rep groupMembersReply
		if err := r.decode(actQueryGroupMember, &rep); err != nil {
			return nil, err
		}
		for _, m := range rep.MemberList {
			if seen[m.UserID] {
				continue
			}
			seen[m.UserID] = true
			name := m.UserNickName
			if name == "" {
				name = m.UserName
			}
			out = append(out, backend.Member{UserID: m.UserID, Name: name, Role: groupRole(int64(m.Role)),
				MutedUntil: mutes[m.UserID]})
		}
		if rep.Next == 0 || int64(rep.Next) == next {
			backend.MarkMaybe(c.deps.State, c.opts.Name, group, backend.UnsureMute, out)
			return out, nil
		}
		next = int64(rep.Next)
	}
	return nil, fmt.Errorf("zego %s: group %s: more than %d pages; stopped", actQueryGroupMember, group, maxPages)
}

// groupRole names ZIM's group roles: 1 owner, 2 admin, 3 member; others are
// the app's own.
func groupRole(r int64) string {
	switch r {
	case 1:
		return "owner"
	case 2:
		return "admin"
	case 3, 0:
		return "member"
	}
	return "role " + strconv.FormatInt(r, 10)
}

// liveMutes are the recorded group mutes that have not yet ended.
func (c *Client) liveMutes(group string) (map[string]time.Time, error) {
	all, err := c.deps.State.GroupMutes(c.opts.Name, group)
	if err != nil {
		return nil, fmt.Errorf("reading recorded mutes: %w", err)
	}
	now := c.deps.Now()
	delete(all, backend.RoomWide) // everyone muted at once: the room's state, not a member's (RoomInfo)
	for u, until := range all {
		if !until.After(now) {
			delete(all, u)
		}
	}
	return all, nil
}

// ListMuted lists the group mutes quell recorded (ZEGO cannot list them).
// ZIM rooms have no mute.
func (c *Client) ListMuted(ctx context.Context, room string) ([]backend.Member, error) {
	if !c.opts.Group {
		return nil, &backend.UnsupportedError{App: c.opts.Name, Action: backend.ActMute, Why: roomCaps.Why(backend.CapListMuted)}
	}
	if err := checkID("group", room); err != nil {
		return nil, err
	}
	mutes, err := c.liveMutes(room)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Member, 0, len(mutes))
	for u, until := range mutes {
		out = append(out, backend.Member{UserID: u, MutedUntil: until})
	}
	sortMembers(out)
	return out, nil
}

// ListBlacklist pages through owner's blacklist.
func (c *Client) ListBlacklist(ctx context.Context, owner string) ([]backend.BlacklistEntry, error) {
	if err := checkID("owner", owner); err != nil {
		return nil, err
	}
	var out []backend.BlacklistEntry
	listed := map[string]bool{}
	var next int64
	for range maxPages {
		var q query
		q.add("FromUserId", owner)
		q.add("Limit", strconv.Itoa(blacklistPage))
		q.add("Next", strconv.FormatInt(next, 10))
		r, err := c.read(ctx, actQueryBlacklist, q, nil)
		if err != nil {
			return nil, err
		}
		var rep blacklistReply
		if err := r.decode(actQueryBlacklist, &rep); err != nil {
			return nil, err
		}
		for _, b := range rep.Blacklist {
			if listed[b.UserID] { // Next is an offset: entries shift when the list changes
				continue
			}
			listed[b.UserID] = true
			e := backend.BlacklistEntry{Owner: owner, UserID: b.UserID, Name: b.UserName}
			if b.UpdateTime > 0 {
				e.Since = time.UnixMilli(int64(b.UpdateTime))
			}
			out = append(out, e)
		}
		if rep.Next == 0 || int64(rep.Next) == next {
			return out, nil
		}
		next = int64(rep.Next)
	}
	return nil, fmt.Errorf("zego %s: owner %s: more than %d pages; stopped", actQueryBlacklist, owner, maxPages)
}
