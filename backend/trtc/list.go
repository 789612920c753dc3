package trtc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

const (
	pageSize = 100 // the most DescribeRoomInfo and DescribeUserInfo return per page
	// maxPages stops a server that never answers a short page.
	maxPages = 1000
	roomSpan = 24 * time.Hour // DescribeRoomInfo's longest span
	userSpan = 4 * time.Hour  // DescribeUserInfo's longest span
)

// ErrRoomNotOpen is returned by ListMembers for a room with no open call in
// the last 24 hours.
var ErrRoomNotOpen = errors.New("no open call in this room in the last 24 hours")

// ListRooms lists the rooms open now: the calls of the last 24 hours that
// DescribeRoomInfo reports unfinished. Member counts are unknown (-1): TRTC
// only counts them by listing every member.
func (c *Client) ListRooms(ctx context.Context) ([]backend.Room, error) {
	calls, err := c.describeRooms(ctx, nil)
	if err != nil {
		return nil, err
	}
	live := latestOpenCalls(calls)
	ids := make(map[string]string, len(live))
	rooms := make([]backend.Room, 0, len(live))
	for id, rs := range live {
		ids[id] = rs.CommId
		rooms = append(rooms, backend.Room{ID: id, Name: id, Members: -1, CreatedAt: unixTime(rs.CreateTime), Live: true, Owner: rs.UserId})
	}
	c.mu.Lock()
	c.commIDs = ids
	c.mu.Unlock()
	sort.Slice(rooms, func(i, j int) bool {
		if !rooms[i].CreatedAt.Equal(rooms[j].CreatedAt) {
			return rooms[i].CreatedAt.After(rooms[j].CreatedAt)
		}
		return rooms[i].ID < rooms[j].ID
	})
	return rooms, nil
}

// read makes one page of a listing: paced on the app's key budget for
// action, retried as backend.ReadPolicy says. send builds its request
// afresh on every attempt (the SDK signs each one).
func (c *Client) read(ctx context.Context, action string, send func(context.Context) error) error {
	pace := func(ctx context.Context) error {
		return c.d.Pacer.WaitBudget(ctx, c.name, c.budget, action, "", documentedRate)
	}
	return c.d.Reads.Do(ctx, pace, send)
}

// latestOpenCalls keeps, per room, its newest unfinished call. A room that
// closed and reopened today has several calls; only the open one has members.
func latestOpenCalls(calls []roomState) map[string]roomState {
	live := map[string]roomState{}
	for _, rs := range calls {
		if rs.RoomString == "" || rs.CommId == "" || !callOpen(rs) {
			continue
		}
		if prev, ok := live[rs.RoomString]; ok && deref(prev.CreateTime) >= deref(rs.CreateTime) {
			continue
		}
		live[rs.RoomString] = rs
	}
	return live
}

// callOpen reads IsFinished, falling back on DestroyTime when it is absent.
func callOpen(rs roomState) bool {
	if rs.IsFinished != nil {
		return !*rs.IsFinished
	}
	return deref(rs.DestroyTime) == 0
}

// describeRooms pages DescribeRoomInfo over the last 24 hours, optionally
// for one room, until a short page. Total is no stopping rule: it is the
// number of records on this page ("返回当页数据总数",
// tencentcloud-sdk-go tencentcloud/trtc/v20190722/models.go
// DescribeRoomInfoResponseParams), not the grand total.
func (c *Client) describeRooms(ctx context.Context, room *string) ([]roomState, error) {
	now := c.d.Now()
	var all []roomState
	for page := 0; page < maxPages; page++ {
		var resp *describeRoomInfoResponse
		err := c.read(ctx, "DescribeRoomInfo", func(ctx context.Context) error {
			req := &describeRoomInfoRequest{BaseRequest: base(ctx, "DescribeRoomInfo"), SdkAppId: c.sdkAppID,
				StartTime: unixSeconds(now.Add(-roomSpan)), EndTime: unixSeconds(now), RoomId: room,
				PageNumber: uint64(page), PageSize: pageSize}
			resp = &describeRoomInfoResponse{BaseResponse: &tchttp.BaseResponse{}}
			return c.send("DescribeRoomInfo", req, resp)
		})
		if err != nil {
			return nil, err
		}
		if resp.Response == nil {
			break
		}
		all = append(all, resp.Response.RoomList...)
		if len(resp.Response.RoomList) < pageSize {
			break
		}
	}
	return all, nil
}

// commID finds the CommId of room's open call: from the last ListRooms, or
// by asking DescribeRoomInfo for that room when fresh is set or it is not
// known.
func (c *Client) commID(ctx context.Context, room string, fresh bool) (string, error) {
	if !fresh {
		c.mu.Lock()
		id, ok := c.commIDs[room]
		c.mu.Unlock()
		if ok {
			return id, nil
		}
	}
	calls, err := c.describeRooms(ctx, &room)
	if err != nil {
		return "", err
	}
	rs, ok := latestOpenCalls(calls)[room]
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		delete(c.commIDs, room)
		return "", fmt.Errorf("room %s: %w", textsafe.Clean(room), ErrRoomNotOpen)
	}
	c.commIDs[room] = rs.CommId
	return rs.CommId, nil
}

// ListMembers lists the users in room now, with the audio/video blocks quell
// has applied (no TRTC API lists those).
func (c *Client) ListMembers(ctx context.Context, room string) ([]backend.Member, error) {
	if err := c.checkRoom(room); err != nil {
		return nil, err
	}
	comm, err := c.commID(ctx, room, false)
	if err != nil {
		return nil, err
	}
	members, err := c.describeUsers(ctx, comm)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		// The cached call may have ended and the room reopened under a new
		// CommId: look it up once more before calling the room empty.
		fresh, err := c.commID(ctx, room, true)
		if err != nil {
			return nil, err
		}
		if fresh != comm {
			if members, err = c.describeUsers(ctx, fresh); err != nil {
				return nil, err
			}
		}
	}
	blocks, err := c.d.State.AVBlocks(c.name, room)
	if err != nil {
		return nil, fmt.Errorf("audio/video blocks of room %s: %w", textsafe.Clean(room), err)
	}
	for i := range members {
		members[i].AVBlock = blocks[members[i].UserID]
	}
	backend.MarkMaybe(c.d.State, c.name, room, backend.UnsureAV, members)
	return members, nil
}

// describeUsers pages DescribeUserInfo over the last 4 hours and keeps the
// users still in the call. A user who left and rejoined has several records:
// the newest decides. *unsure*: whether Tencent matches a stay that began
// more than 4 hours ago to this window; the emulator does.
func (c *Client) describeUsers(ctx context.Context, comm string) ([]backend.Member, error) {
	now := c.d.Now()
	latest := map[string]userInformation{}
	var order []string
	got := 0 // records received, repeats included: what Total counts
	for page := 0; page < maxPages; page++ {
		var resp *describeUserInfoResponse
		err := c.read(ctx, "DescribeUserInfo", func(ctx context.Context) error {
			req := &describeUserInfoRequest{BaseRequest: base(ctx, "DescribeUserInfo"), CommId: comm, SdkAppId: c.sdkAppID,
				StartTime: unixSeconds(now.Add(-userSpan)), EndTime: unixSeconds(now), PageNumber: uint64(page), PageSize: pageSize}
			resp = &describeUserInfoResponse{BaseResponse: &tchttp.BaseResponse{}}
			return c.send("DescribeUserInfo", req, resp)
		})
		if err != nil {
			return nil, err
		}
		if resp.Response == nil {
			break
		}
		for _, u := range resp.Response.UserList {
			if u.UserId == "" {
				continue
			}
			prev, seen := latest[u.UserId]
			if !seen {
				order = append(order, u.UserId)
			}
			if !seen || deref(u.JoinTs) >= deref(prev.JoinTs) {
				latest[u.UserId] = u
			}
		}
		got += len(resp.Response.UserList)
		if usersListed(len(resp.Response.UserList), got, resp.Response.Total) {
			break
		}
	}
	members := make([]backend.Member, 0, len(order))
	for _, id := range order {
		u := latest[id]
		if !stillIn(u, now) {
			continue
		}
		members = append(members, backend.Member{UserID: id, JoinedAt: unixTime(u.JoinTs)})
	}
	sort.SliceStable(members, func(i, j int) bool { return members[i].JoinedAt.Before(members[j].JoinedAt) })
	return members, nil
}

// usersListed says whether DescribeUserInfo has given every record after a
// page of n: an empty page ends it; a short page ends it unless Total says
// more records exist. Whether a page without UserIds is capped at 6 (the
// SDK's default PageSize) is unsure (providers.md §1), so a short page alone
// is no proof of the end when Total says more.
func usersListed(n, got int, total *uint64) bool {
	switch {
	case n == 0:
		return true
	case n >= pageSize:
		return false
	}
	return total == nil || uint64(got) >= *total
}

// leaveSlack is how far LeaveTs may trail quell's clock and still mean
// "now": the answer takes a moment to arrive and the clocks differ a little
// (TC3 tolerates 5 minutes, but NTP-synced hosts are within seconds).
const leaveSlack = 30 * time.Second

// stillIn reads Finished ("判断用户是否已经离开房间"). Without it, LeaveTs
// decides by its documented meaning: it is the current time while the user
// is still in the room ("用户退房时间，用户没有退房则返回当前时间",
// tencentcloud-sdk-go tencentcloud/trtc/v20190722/models.go UserInformation),
// so a LeaveTs at about now is a user who has not left. 0 (older answers)
// is read as present too.
func stillIn(u userInformation, now time.Time) bool {
	if u.Finished != nil {
		return !*u.Finished
	}
	leave := deref(u.LeaveTs)
	return leave == 0 || int64(leave) >= now.Add(-leaveSlack).Unix()
}

func deref(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

func unixTime(p *uint64) time.Time {
	if p == nil || *p == 0 {
		return time.Time{}
	}
	return time.Unix(int64(*p), 0)
}

func unixSeconds(t time.Time) uint64 {
	if t.Unix() < 0 {
		return 0
	}
	return uint64(t.Unix())
}
