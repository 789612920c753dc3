package chatemu

import (
	"encoding/json"
	"strconv"
	"time"
)

// Group limits (providers.md §2).
const (
	maxGroupList   = 10000
	maxGroupInfo   = 50
	maxMemberPage  = 200
	maxForbid      = 500
	maxKick        = 100
	muteForever    = 4294967295 // forbid_send_msg "permanent"; also the largest MuteTime
	avMembersPage  = 500
	typeAVChatRoom = "AVChatRoom"
	typeCommunity  = "Community"
)

// findGroup tells a dismissed group (10010) from an unknown ID (10015).
func findGroup(a *appState, id string) (*group, *apiErr) {
	if g := a.groups[id]; g != nil {
		return g, nil
	}
	if a.destroyed[id] {
		return nil, fail(codeGroupGone, "the group has been dismissed")
	}
	return nil, fail(codeNoSuchGroup, "no group with this ID")
}

// muteEnd is when a mute of secs starting at now ends, capped at the
// uint32 "permanent" value the server reports.
func muteEnd(now time.Time, secs uint64) int64 {
	if secs >= muteForever {
		return muteForever
	}
	return min(now.Unix()+int64(secs), muteForever)
}

func getAppIDGroupList(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		Limit     int
		Next      uint64
		GroupType string
	}
	if err := decode(body, &in, codeGroupParam); err != nil {
		return nil, err
	}
	if in.Limit < 0 || in.Limit > maxGroupList {
		return nil, fail(codeGroupParam, "Limit must be at most 10000")
	}
	if in.Limit == 0 {
		in.Limit = maxGroupList
	}
	var ids []map[string]any
	var next uint64
	total := 0
	for _, id := range a.groupOrder {
		g := a.groups[id]
		if in.GroupType != "" && g.Type != in.GroupType {
			continue
		}
		total++
		if uint64(g.seq) <= in.Next {
			continue
		}
		if len(ids) == in.Limit {
			next = uint64(a.groups[ids[len(ids)-1]["GroupId"].(string)].seq)
			continue
		}
		ids = append(ids, map[string]any{"GroupId": id})
	}
	return map[string]any{"TotalCount": total, "GroupIdList": orEmpty(ids), "Next": next}, nil
}

func getGroupInfo(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupIdList    []string
		ResponseFilter json.RawMessage // documented filters; every field is answered anyway
	}
	if err := decode(body, &in, codeGroupParam, "GroupIdList"); err != nil {
		return nil, err
	}
	if len(in.GroupIdList) == 0 || len(in.GroupIdList) > maxGroupInfo {
		return nil, fail(codeGroupParam, "GroupIdList must hold 1 to 50 group IDs")
	}
	infos := make([]map[string]any, 0, len(in.GroupIdList))
	for _, id := range in.GroupIdList {
		g, aerr := findGroup(a, id)
		if aerr != nil {
			infos = append(infos, map[string]any{"GroupId": id, "ErrorCode": aerr.code, "ErrorInfo": aerr.info})
			continue
		}
		muteAll := "Off"
		if g.muteAll {
			muteAll = "On"
		}
		info := map[string]any{"GroupId": id, "ErrorCode": 0, "ErrorInfo": "", "Name": g.Name, "Type": g.Type,
			"Owner_Account": g.Owner, "CreateTime": g.Created, "MemberNum": g.members.len(), "MaxMemberNum": 100000}
		info[a.name("MuteAllMember", "ShutUpAllMember")] = muteAll
		infos = append(infos, info)
	}
	return map[string]any{"GroupInfo": infos}, nil
}

// getGroupMemberInfo pages with Limit + Offset, except Community groups,
// which page with Limit + Next and do not support Offset
// ("社群目前不支持分页获取", https://cloud.tencent.com/document/product/269/1617;
// https://www.tencentcloud.com/document/product/1047/34948). The page names
// no error code for an Offset sent anyway; the emulator answers 10004, the
// group API's invalid-parameter code (unsure).
func getGroupMemberInfo(_ *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupId string
		Limit   int
		Offset  *int
		Next    *string
		// documented filters, read but not applied
		MemberInfoFilter, MemberRoleFilter, AppDefinedDataFilter_GroupMember json.RawMessage
	}
	if err := decode(body, &in, codeGroupParam, "GroupId"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	if g.Type == typeAVChatRoom {
		return nil, fail(codeNoPermission, "AVChatRoom groups do not serve this command: use group_open_avchatroom_http_svc/get_members")
	}
	community := g.Type == typeCommunity
	offset := 0
	switch {
	case community && in.Offset != nil:
		return nil, fail(codeGroupParam, "invalid parameter: Community groups page with Limit and Next, not Offset")
	case !community && in.Next != nil:
		return nil, fail(codeGroupParam, "invalid parameter: Next pages Community groups only; use Offset")
	case community && in.Next != nil && *in.Next != "":
		n, err := strconv.Atoi(*in.Next)
		if err != nil || n < 0 {
			return nil, fail(codeGroupParam, "invalid Next")
		}
		offset = n
	case in.Offset != nil:
		offset = *in.Offset
	}
	if in.Limit < 0 || in.Limit > maxMemberPage || offset < 0 {
		return nil, fail(codeGroupParam, "Limit must be at most 200 and Offset not negative")
	}
	if in.Limit == 0 {
		in.Limit = maxMemberPage
	}
	ids := g.members.ids
	list := []map[string]any{}
	i := offset
	for ; i < len(ids) && len(list) < in.Limit; i++ {
		u := ids[i]
		mute := g.muted[u]
		if mute <= now.Unix() {
			mute = 0
		}
		list = append(list, map[string]any{"Member_Account": u, "Role": g.roles[u], "JoinTime": g.members.joined[u],
			"MsgSeq": 0, "LastSendMsgTime": 0, a.name("MuteUntil", "ShutUpUntil"): mute})
	}
	out := map[string]any{"MemberNum": len(ids), "MemberList": list}
	if community {
		// Next "" = no more members (the doc's sample); else an opaque cursor.
		next := ""
		if i < len(ids) {
			next = strconv.Itoa(i)
		}
		out["Next"] = next
	}
	return out, nil
}

func getGroupMutedAccount(_ *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	var in struct{ GroupId, TopicId string }
	if err := decode(body, &in, codeGroupParam, "GroupId"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	list := []map[string]any{}
	for _, u := range sortedKeys(g.muted) {
		if g.muted[u] > now.Unix() && g.members.has(u) {
			list = append(list, map[string]any{"Member_Account": u, a.name("MutedUntil", "ShuttedUntil"): g.muted[u]})
		}
	}
	return map[string]any{"GroupId": g.ID, a.name("MutedAccountList", "ShuttedUinList"): list}, nil
}

func forbidSendMsg(e *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupId         string
		Members_Account []string
		MuteTime        uint64
		TopicId         string
	}
	if err := decode(body, &in, codeGroupParam, "GroupId", "Members_Account", "MuteTime"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	switch {
	case len(in.Members_Account) > maxForbid:
		return nil, fail(codeTooMany, "too many accounts: Members_Account holds at most 500")
	case len(in.Members_Account) == 0:
		return nil, fail(codeGroupParam, "Members_Account is empty")
	case in.MuteTime > muteForever:
		return nil, fail(codeGroupParam, "MuteTime out of range")
	case g.Type == "Private" || g.Type == "Work":
		return nil, fail(codeNoPermission, "Private/Work groups cannot mute members")
	}
	for _, u := range in.Members_Account {
		if in.MuteTime == 0 {
			delete(g.muted, u)
		} else {
			g.muted[u] = muteEnd(now, in.MuteTime)
		}
		e.applied(a, "forbid_send_msg", g.ID, u)
	}
	return nil, nil
}

func deleteGroupMember(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupId             string
		MemberToDel_Account []string
		Silence             int
		Reason              string
	}
	if err := decode(body, &in, codeGroupParam, "GroupId", "MemberToDel_Account"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	switch {
	case g.Type == typeAVChatRoom:
		return nil, fail(codeGroupParam, "invalid parameter: AVChatRoom groups do not support removing members")
	case len(in.MemberToDel_Account) > maxKick:
		return nil, fail(codeTooMany, "too many accounts: MemberToDel_Account holds at most 100")
	case len(in.MemberToDel_Account) == 0:
		return nil, fail(codeGroupParam, "MemberToDel_Account is empty")
	}
	for _, u := range in.MemberToDel_Account {
		if u == g.Owner {
			continue
		}
		if g.members.remove(u) {
			delete(g.roles, u)
			e.applied(a, "delete_group_member", g.ID, u)
		}
	}
	return nil, nil
}

func destroyGroup(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct{ GroupId string }
	if err := decode(body, &in, codeGroupParam, "GroupId"); err != nil {
		return nil, err
	}
	if _, aerr := findGroup(a, in.GroupId); aerr != nil {
		return nil, aerr
	}
	a.removeGroup(in.GroupId)
	e.applied(a, "destroy_group", in.GroupId, "")
	return nil, nil
}

func modifyGroupBaseInfo(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupId, Name, MuteAllMember string
		// other documented fields, accepted and not kept
		Introduction, Notification, FaceUrl, ApplyJoinOption, InviteJoinOption string
		MaxMemberNum                                                           int
		AppDefinedData                                                         json.RawMessage
	}
	if err := decode(body, &in, codeGroupParam, "GroupId"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	switch in.MuteAllMember {
	case "On", "Off":
		g.muteAll = in.MuteAllMember == "On"
	case "":
	default:
		return nil, fail(codeGroupParam, `MuteAllMember must be "On" or "Off"`)
	}
	if in.Name != "" {
		g.Name = in.Name
	}
	e.applied(a, "modify_group_base_info", g.ID, "")
	return nil, nil
}

// avGetMembers pages an AVChatRoom. Timestamp is used as an opaque cursor
// (the position of the next page, 0 first; NextTimestamp 0 = done).
func avGetMembers(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupId   string
		Timestamp int64
	}
	if err := decode(body, &in, codeGroupParam, "GroupId"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	if g.Type != typeAVChatRoom || in.Timestamp < 0 {
		return nil, fail(codeGroupParam, "get_members serves AVChatRoom groups only")
	}
	ids := g.members.ids
	list := []map[string]any{}
	i := int(in.Timestamp)
	for ; i < len(ids) && len(list) < avMembersPage; i++ {
		list = append(list, map[string]any{"Member_Account": ids[i], "JoinTime": g.members.joined[ids[i]]})
	}
	next := 0
	if i < len(ids) {
		next = i
	}
	return map[string]any{"MemberList": list, "NextTimestamp": next}, nil
}

func orEmpty(s []map[string]any) []map[string]any {
	if s == nil {
		return []map[string]any{}
	}
	return s
}
