package tencentchat

import (
	"context"
	"fmt"

	"github.com/quell-console/quell/backend"
)

// Live-room paging limits.
const (
	liveRoomPage    = 20   // get_room_list Count maximum
	liveMemberCap   = 1000 // get_member_list returns at most this many
	liveBannedPage  = 100  // get_banned_member_list Limit maximum
	maxPages        = 10000
	liveBatchMuting = 20 // mute_member: no documented maximum; 20 like ban_member
)

type liveRoomListAnswer struct {
	Next     string
	RoomList []struct {
		RoomId         string
		RoomName       string
		Owner_Account  string
		CreateTime     int64
		ActivityStatus int
		ViewCount      int
	}
}

func (c *Client) liveRooms(ctx context.Context) ([]backend.Room, error) {
	var rooms []backend.Room
	next := ""
	seen := map[string]bool{}
	listed := map[string]bool{}
	for range maxPages {
		var a liveRoomListAnswer
		if err := c.read(ctx, svcLive, "get_room_list", rateRoomList, map[string]any{"Next": next, "Count": liveRoomPage}, &a); err != nil {
			return rooms, err
		}
		for _, r := range a.RoomList {
			// The list is sorted by ViewCount, which moves while we page:
			// a room can come twice (or be skipped); show it once.
			if listed[r.RoomId] {
				continue
			}
			listed[r.RoomId] = true
			// ViewCount is the room's total number of views, not who is in
			// it (providers.md §2; https://www.tencentcloud.com/document/product/1047/61229
			// get_room_list): members stay unknown here.
			rooms = append(rooms, backend.Room{ID: r.RoomId, Name: r.RoomName, Members: -1,
				Views: r.ViewCount, ViewsKnown: true,
				CreatedAt: unixTime(r.CreateTime), Live: true, Owner: r.Owner_Account})
		}
		if a.Next == "" || seen[a.Next] {
			return rooms, nil
		}
		seen[a.Next] = true
		next = a.Next
	}
	return rooms, fmt.Errorf("get_room_list: paging did not end after %d pages", maxPages)
}

type liveMemberAnswer struct {
	Next        string
	MemberCount int
	MemberList  []struct{ Member_Account string }
}

// mutedAnswer decodes get_muted_member_list and get_group_muted_account,
// current and legacy (ShuttedUinList / ShuttedUntil) names.
type mutedAnswer struct {
	MutedAccountList []struct {
		Member_Account string
		MutedUntil     int64
	}
	ShuttedUinList []struct {
		Member_Account string
		ShuttedUntil   int64
	}
}

func (a mutedAnswer) until() map[string]int64 {
	m := map[string]int64{}
	for _, x := range a.ShuttedUinList {
		m[x.Member_Account] = x.ShuttedUntil
	}
	for _, x := range a.MutedAccountList {
		m[x.Member_Account] = x.MutedUntil
	}
	return m
}

type liveBannedAnswer struct {
	BannedAccountList []struct {
		Member_Account string
		BannedUntil    int64
	}
	NextOffset int
}

// whyLiveCap is why a live room's list stops short of its MemberCount:
// get_member_list returns at most 1,000 members, and only the 30 latest
// without the Pro plan and its console switch, refreshed every 10–40 s
// (providers.md §2; https://www.tencentcloud.com/document/product/1047/61232).
const whyLiveCap = "only the 30 latest without the Pro plan and its console switch; refreshed every 10–40 s"

func (c *Client) liveMembers(ctx context.Context, room string) ([]backend.Member, backend.MemberCount, error) {
	var members []backend.Member
	count := backend.UnknownCount
	next := ""
	seen := map[string]bool{}
	listed := map[string]bool{}
	for range maxPages {
		var a liveMemberAnswer
		if err := c.read(ctx, svcLive, "get_member_list", rateDefault, map[string]any{"RoomId": room, "Next": next}, &a); err != nil {
			return nil, count, err
		}
		count.Total = max(count.Total, a.MemberCount)
		for _, m := range a.MemberList {
			// The list moves while we page: show each user once.
			if listed[m.Member_Account] {
				continue
			}
			listed[m.Member_Account] = true
			members = append(members, backend.Member{UserID: m.Member_Account})
		}
		if a.Next == "" || seen[a.Next] || len(members) >= liveMemberCap {
			break
		}
		seen[a.Next] = true
		next = a.Next
	}
	if count.Total > len(members) {
		count.Capped, count.Limit, count.Why = true, liveMemberCap, whyLiveCap
	}
	muted, err := c.liveMutedUntil(ctx, room)
	if err != nil {
		return nil, count, err
	}
	banned, err := c.liveBannedUntil(ctx, room)
	if err != nil {
		return nil, count, err
	}
	for i := range members {
		members[i].MutedUntil = c.until(muted[members[i].UserID])
		members[i].BannedUntil = c.until(banned[members[i].UserID])
	}
	return members, count, nil
}

func (c *Client) liveMutedUntil(ctx context.Context, room string) (map[string]int64, error) {
	var a mutedAnswer
	if err := c.read(ctx, svcLive, "get_muted_member_list", rateDefault, map[string]any{"RoomId": room}, &a); err != nil {
		return nil, err
	}
	return a.until(), nil
}

func (c *Client) liveBannedUntil(ctx context.Context, room string) (map[string]int64, error) {
	return c.bannedUntil(ctx, svcLive, "get_banned_member_list", "RoomId", room, liveBannedPage)
}

func (c *Client) liveMuted(ctx context.Context, room string) ([]backend.Member, error) {
	m, err := c.liveMutedUntil(ctx, room)
	if err != nil {
		return nil, err
	}
	return c.mutedMembers(m), nil
}

// mutedMembers turns user → end-time into members still muted now, in a
// stable order.
func (c *Client) mutedMembers(m map[string]int64) []backend.Member {
	out := make([]backend.Member, 0, len(m))
	for u, s := range m {
		if t := c.until(s); !t.IsZero() {
			out = append(out, backend.Member{UserID: u, MutedUntil: t})
		}
	}
	sortMembers(out)
	return out
}
