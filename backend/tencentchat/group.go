package tencentchat

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/quell-console/quell/backend"
)

// Group paging and batch limits (providers.md §2).
const (
	groupListLimit   = 10000 // get_appid_group_list Limit maximum: fewest calls at 1/s
	groupInfoBatch   = 50    // get_group_info GroupIdList maximum
	groupMemberPage  = 200   // get_group_member_info Limit maximum
	groupMuteBatch   = 500   // forbid_send_msg Members_Account maximum
	groupKickBatch   = 100   // delete_group_member MemberToDel_Account maximum
	typeAVChatRoom   = "AVChatRoom"
	avMembersMaxPage = 10000
)

type groupListAnswer struct {
	TotalCount  int
	GroupIdList []struct{ GroupId string }
	Next        uint64
}

// groupInfo decodes get_group_info, current and legacy names.
type groupInfo struct {
	ErrorCode       int
	GroupId         string
	Name            string
	Type            string
	Owner_Account   string
	CreateTime      int64
	MemberNum       int
	MuteAllMember   string
	ShutUpAllMember string // older name of MuteAllMember
}

type groupInfoAnswer struct{ GroupInfo []groupInfo }

func (c *Client) groupRooms(ctx context.Context) ([]backend.Room, error) {
	var ids []string
	var next uint64
	seen := map[uint64]bool{}
	listed := map[string]bool{}
	for page := 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("get_appid_group_list: paging did not end after %d pages", maxPages)
		}
		var a groupListAnswer
		if err := c.read(ctx, svcGroup, "get_appid_group_list", rateGroupList, map[string]any{"Limit": groupListLimit, "Next": next}, &a); err != nil {
			return nil, err
		}
		for _, g := range a.GroupIdList {
			if listed[g.GroupId] { // paging under churn can repeat a group
				continue
			}
			listed[g.GroupId] = true
			ids = append(ids, g.GroupId)
		}
		if a.Next == 0 || seen[a.Next] {
			break
		}
		seen[a.Next] = true
		next = a.Next
	}
	infos, err := c.groupInfos(ctx, ids)
	if err != nil {
		return nil, err
	}
	rooms := make([]backend.Room, 0, len(infos))
	for _, g := range infos {
		rooms = append(rooms, groupRoom(g))
	}
	return rooms, nil
}

// groupInfos fetches info for ids, 50 a call, skipping groups that answer
// their own error (dismissed between the two calls), and learns their types.
func (c *Client) groupInfos(ctx context.Context, ids []string) ([]groupInfo, error) {
	var out []groupInfo
	for start := 0; start < len(ids); start += groupInfoBatch {
		chunk := ids[start:min(start+groupInfoBatch, len(ids))]
		var a groupInfoAnswer
		if err := c.read(ctx, svcGroup, "get_group_info", rateDefault, map[string]any{"GroupIdList": chunk}, &a); err != nil {
			return nil, err
		}
		c.typesMu.Lock()
		for _, g := range a.GroupInfo {
			if g.ErrorCode != 0 {
				continue
			}
			c.groupTyp[g.GroupId] = g.Type
			out = append(out, g)
		}
		c.typesMu.Unlock()
	}
	return out, nil
}

// groupType is the group's Type, from the cache or one get_group_info call.
func (c *Client) groupType(ctx context.Context, group string) (string, error) {
	c.typesMu.Lock()
	t, ok := c.groupTyp[group]
	c.typesMu.Unlock()
	if ok {
		return t, nil
	}
	infos, err := c.groupInfos(ctx, []string{group})
	if err != nil {
		return "", err
	}
	if len(infos) == 0 {
		return "", vendorError("get_group_info", 10010, "group not found", "", "")
	}
	return infos[0].Type, nil
}

type groupMemberAnswer struct {
	MemberNum  int
	MemberList []struct {
		Member_Account string
		Role           string
		JoinTime       int64
		MuteUntil      int64
		ShutUpUntil    int64 // older name of MuteUntil
	}
	Next cursor // Community groups only
}

// cursor reads a Next that the docs show as a string
// ("144115265295492787") and that a server may send as a number.
type cursor string

func (c *cursor) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = cursor(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("Next is neither a string nor a number: %.40s", b)
	}
	if n == "0" {
		n = ""
	}
	*c = cursor(n)
	return nil
}

type avMembersAnswer struct {
	MemberList []struct {
		Member_Account string
		JoinTime       int64
	}
	NextTimestamp int64
}

// typeCommunity pages get_group_member_info with Limit + Next; Offset is not
// supported for it ("社群目前不支持分页获取", https://cloud.tencent.com/document/product/269/1617;
// https://www.tencentcloud.com/document/product/1047/34948).
const typeCommunity = "Community"

func (c *Client) groupMembers(ctx context.Context, group string) ([]backend.Member, backend.MemberCount, error) {
	typ, err := c.groupType(ctx, group)
	if err != nil {
		return nil, backend.UnknownCount, err
	}
	if typ == typeAVChatRoom {
		ms, err := c.avChatRoomMembers(ctx, group)
		return ms, backend.UnknownCount, err
	}
	community := typ == typeCommunity
	var members []backend.Member
	count := backend.UnknownCount
	listed := map[string]bool{}
	offset, next := 0, cursor("")
	seen := map[cursor]bool{}
	for range maxPages {
		in := map[string]any{"GroupId": group, "Limit": groupMemberPage}
		if community {
			in["Next"] = string(next)
		} else {
			in["Offset"] = offset
		}
		var a groupMemberAnswer
		if err := c.read(ctx, svcGroup, "get_group_member_info", rateDefault, in, &a); err != nil {
			return nil, count, err
		}
		if a.MemberNum > 0 {
			count.Total = a.MemberNum
		}
		for _, m := range a.MemberList {
			// Members join and leave while we page: show each user once.
			if listed[m.Member_Account] {
				continue
			}
			listed[m.Member_Account] = true
			mu := m.MuteUntil
			if mu == 0 {
				mu = m.ShutUpUntil
			}
			members = append(members, backend.Member{UserID: m.Member_Account, Role: m.Role,
				JoinedAt: unixTime(m.JoinTime), MutedUntil: c.until(mu)})
		}
		if community {
			// Next "" ends the list (the doc's own words); a cursor seen
			// before would loop.
			if a.Next == "" || seen[a.Next] || len(a.MemberList) == 0 {
				return members, count, nil
			}
			seen[a.Next] = true
			next = a.Next
			continue
		}
		// A short page ends the list; so does reaching MemberNum when the
		// server gives it (an answer without it is paged to a short page).
		if len(a.MemberList) < groupMemberPage || (a.MemberNum > 0 && offset+groupMemberPage >= a.MemberNum) {
			return members, count, nil
		}
		offset += groupMemberPage
	}
	return members, count, fmt.Errorf("get_group_member_info: paging did not end after %d pages", maxPages)
}

// avChatRoomMembers lists an AVChatRoom, which get_group_member_info does
// not serve; mutes come from get_group_muted_account.
func (c *Client) avChatRoomMembers(ctx context.Context, group string) ([]backend.Member, error) {
	var members []backend.Member
	var ts int64
	seen := map[int64]bool{}
	listed := map[string]bool{}
	for range avMembersMaxPage {
		var a avMembersAnswer
		if err := c.read(ctx, svcAVChatRoom, "get_members", rateDefault, map[string]any{"GroupId": group, "Timestamp": ts}, &a); err != nil {
			return nil, err
		}
		for _, m := range a.MemberList {
			if listed[m.Member_Account] {
				continue
			}
			listed[m.Member_Account] = true
			members = append(members, backend.Member{UserID: m.Member_Account, JoinedAt: unixTime(m.JoinTime)})
		}
		if a.NextTimestamp == 0 || len(a.MemberList) == 0 || seen[a.NextTimestamp] {
			break
		}
		seen[a.NextTimestamp] = true
		ts = a.NextTimestamp
	}
	muted, err := c.groupMutedUntil(ctx, group)
	if err != nil {
		return nil, err
	}
	for i := range members {
		members[i].MutedUntil = c.until(muted[members[i].UserID])
	}
	return members, nil
}

func (c *Client) groupMutedUntil(ctx context.Context, group string) (map[string]int64, error) {
	var a mutedAnswer
	if err := c.read(ctx, svcGroup, "get_group_muted_account", rateDefault, map[string]any{"GroupId": group}, &a); err != nil {
		return nil, err
	}
	return a.until(), nil
}

func (c *Client) groupMuted(ctx context.Context, group string) ([]backend.Member, error) {
	m, err := c.groupMutedUntil(ctx, group)
	if err != nil {
		return nil, err
	}
	return c.mutedMembers(m), nil
}

func sortMembers(ms []backend.Member) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].UserID < ms[j].UserID })
}
