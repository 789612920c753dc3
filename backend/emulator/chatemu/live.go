package chatemu

import (
	"sort"
	"strconv"
	"time"
)

// Live-room limits.
const (
	maxRoomPage     = 20   // get_room_list Count
	memberListCap   = 1000 // get_member_list returns at most this many members
	memberListPage  = 200
	maxLiveBatch    = 20 // mute_member and ban_member accounts per call
	maxBannedPage   = 100
	maxReasonLength = 200
)

func findRoom(a *appState, id string) (*liveRoom, *apiErr) {
	if r := a.live[id]; r != nil {
		return r, nil
	}
	return nil, fail(codeNoSuchRoom, "room does not exist")
}

// getRoomList pages by ViewCount, highest first, as the cloud does; Next is
// the offset of the next page. ViewCount moves while a client pages, so a
// page can repeat or skip a room, as it can on the cloud (providers.md §2):
// clients must dedupe.
func getRoomList(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		Next  string
		Count int
	}
	if err := decode(body, &in, codeLiveParam); err != nil {
		return nil, err
	}
	if in.Count < 0 || in.Count > maxRoomPage {
		return nil, fail(codeLiveParam, "Count must be at most 20")
	}
	if in.Count == 0 {
		in.Count = maxRoomPage
	}
	start := 0
	if in.Next != "" {
		n, err := strconv.Atoi(in.Next)
		if err != nil || n < 0 {
			return nil, fail(codeLiveParam, "invalid Next")
		}
		start = n
	}
	order := make([]*liveRoom, 0, len(a.liveOrder))
	for _, id := range a.liveOrder {
		order = append(order, a.live[id])
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].views > order[j].views })
	list := []map[string]any{}
	end := min(start+in.Count, len(order))
	for _, r := range order[min(start, end):end] {
		list = append(list, map[string]any{"RoomId": r.ID, "RoomName": r.Name, "Owner_Account": r.Owner, "CoverURL": "",
			"Category": []int{}, "CreateTime": r.Created, "ActivityStatus": 1, "ViewCount": r.views})
	}
	next := ""
	if end < len(order) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"Next": next, "RoomList": list}, nil
}

func getRoomInfo(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct{ RoomId string }
	if err := decode(body, &in, codeLiveParam, "RoomId"); err != nil {
		return nil, err
	}
	r, aerr := findRoom(a, in.RoomId)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"RoomInfo": map[string]any{"RoomId": r.ID, "RoomName": r.Name, "Owner_Account": r.Owner,
		"CreateTime": r.Created, "IsMessageDisabled": r.msgDisabled, "ViewCount": r.views}}, nil
}

// getMemberList serves at most the first 1000 members, as the cloud does;
// MemberCount is the true count.
func getMemberList(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct{ RoomId, Next string }
	if err := decode(body, &in, codeLiveParam, "RoomId"); err != nil {
		return nil, err
	}
	r, aerr := findRoom(a, in.RoomId)
	if aerr != nil {
		return nil, aerr
	}
	start := 0
	if in.Next != "" {
		n, err := strconv.Atoi(in.Next)
		if err != nil || n < 0 {
			return nil, fail(codeLiveParam, "invalid Next")
		}
		start = n
	}
	ids := r.members.ids
	end := min(start+memberListPage, len(ids), memberListCap)
	list := []map[string]any{}
	for i := start; i < end; i++ {
		list = append(list, map[string]any{"Member_Account": ids[i]})
	}
	next := ""
	if end < min(len(ids), memberListCap) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"Next": next, "MemberCount": len(ids), "MemberList": list}, nil
}

func getMutedMemberList(_ *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	var in struct{ RoomId string }
	if err := decode(body, &in, codeLiveParam, "RoomId"); err != nil {
		return nil, err
	}
	r, aerr := findRoom(a, in.RoomId)
	if aerr != nil {
		return nil, aerr
	}
	list := []map[string]any{}
	for _, u := range sortedKeys(r.muted) {
		if r.muted[u] > now.Unix() {
			list = append(list, map[string]any{"Member_Account": u, "MutedUntil": r.muted[u]})
		}
	}
	return map[string]any{"MutedAccountList": list}, nil
}

// liveBatch is the union of the three batch commands' fields; each command
// decodes only its own (liveBatchFields), so mute_member with ban_member's
// Duration is refused rather than read as an unmute.
type liveBatch struct {
	RoomId             string
	MemberList_Account []string
	MuteTime           uint64
	Duration           uint64
	Reason             string
}

type muteFields struct {
	RoomId             string
	MemberList_Account []string
	MuteTime           uint64
}

type banFields struct {
	RoomId             string
	MemberList_Account []string
	Duration           uint64
	Reason             string
}

type unbanFields struct {
	RoomId             string
	MemberList_Account []string
}

func readLiveBatch(a *appState, body []byte, fields any, required ...string) (*liveRoom, *liveBatch, *apiErr) {
	if err := decode(body, fields, codeLiveParam, append([]string{"RoomId", "MemberList_Account"}, required...)...); err != nil {
		return nil, nil, err
	}
	var in liveBatch
	switch f := fields.(type) {
	case *muteFields:
		in = liveBatch{RoomId: f.RoomId, MemberList_Account: f.MemberList_Account, MuteTime: f.MuteTime}
	case *banFields:
		in = liveBatch{RoomId: f.RoomId, MemberList_Account: f.MemberList_Account, Duration: f.Duration, Reason: f.Reason}
	case *unbanFields:
		in = liveBatch{RoomId: f.RoomId, MemberList_Account: f.MemberList_Account}
	}
	r, aerr := findRoom(a, in.RoomId)
	if aerr != nil {
		return nil, nil, aerr
	}
	switch {
	case len(in.MemberList_Account) == 0:
		return nil, nil, fail(codeLiveParam, "MemberList_Account is empty")
	case len(in.MemberList_Account) > maxLiveBatch:
		return nil, nil, fail(codeLiveParam, "MemberList_Account holds at most 20 accounts")
	case in.MuteTime > muteForever || in.Duration > muteForever:
		return nil, nil, fail(codeLiveParam, "MuteTime/Duration out of range")
	case len(in.Reason) > maxReasonLength:
		return nil, nil, fail(codeLiveParam, "Reason is longer than 200 bytes")
	}
	return r, &in, nil
}

func muteMember(e *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	r, in, aerr := readLiveBatch(a, body, &muteFields{}, "MuteTime")
	if aerr != nil {
		return nil, aerr
	}
	for _, u := range in.MemberList_Account {
		if in.MuteTime == 0 {
			delete(r.muted, u)
		} else {
			r.muted[u] = muteEnd(now, in.MuteTime)
		}
		e.applied(a, "mute_member", r.ID, u)
	}
	return map[string]any{}, nil
}

// banMember removes the users and keeps them out until the ban ends.
func banMember(e *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	r, in, aerr := readLiveBatch(a, body, &banFields{}, "Duration")
	if aerr != nil {
		return nil, aerr
	}
	if in.Duration == 0 {
		return nil, fail(codeLiveParam, "Duration must be positive")
	}
	for _, u := range in.MemberList_Account {
		r.members.remove(u)
		r.banned[u] = muteEnd(now, in.Duration)
		e.applied(a, "ban_member", r.ID, u)
	}
	return map[string]any{}, nil
}

func unbanMember(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	r, in, aerr := readLiveBatch(a, body, &unbanFields{})
	if aerr != nil {
		return nil, aerr
	}
	for _, u := range in.MemberList_Account {
		delete(r.banned, u)
		e.applied(a, "unban_member", r.ID, u)
	}
	return map[string]any{}, nil
}

func getBannedMemberList(_ *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	var in struct {
		RoomId        string
		Offset, Limit int
	}
	if err := decode(body, &in, codeLiveParam, "RoomId"); err != nil {
		return nil, err
	}
	r, aerr := findRoom(a, in.RoomId)
	if aerr != nil {
		return nil, aerr
	}
	if in.Limit < 0 || in.Limit > maxBannedPage || in.Offset < 0 {
		return nil, fail(codeLiveParam, "Limit must be at most 100 and Offset not negative")
	}
	if in.Limit == 0 {
		in.Limit = maxBannedPage
	}
	var live []string
	for _, u := range sortedKeys(r.banned) {
		if r.banned[u] > now.Unix() {
			live = append(live, u)
		}
	}
	list := []map[string]any{}
	i := in.Offset
	for ; i < len(live) && len(list) < in.Limit; i++ {
		list = append(list, map[string]any{"Member_Account": live[i], "BannedUntil": r.banned[live[i]]})
	}
	next := 0
	if i < len(live) {
		next = i
	}
	return map[string]any{"BannedAccountList": list, "NextOffset": next}, nil
}

func destroyRoom(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct{ RoomId string }
	if err := decode(body, &in, codeLiveParam, "RoomId"); err != nil {
		return nil, err
	}
	if _, aerr := findRoom(a, in.RoomId); aerr != nil {
		return nil, aerr
	}
	a.removeLive(in.RoomId)
	e.applied(a, "destroy_room", in.RoomId, "")
	return map[string]any{}, nil
}

func updateRoomInfo(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		RoomInfo struct {
			RoomId            string
			RoomName          string
			IsMessageDisabled *bool
			// other documented room fields, accepted and not kept
			CoverURL, Notice, BackgroundURL, CustomInfo string
			Category                                    []int
			ActivityStatus                              int
			IsPublicVisible                             *bool
		}
	}
	if err := decode(body, &in, codeLiveParam, "RoomInfo.RoomId"); err != nil {
		return nil, err
	}
	r, aerr := findRoom(a, in.RoomInfo.RoomId)
	if aerr != nil {
		return nil, aerr
	}
	if in.RoomInfo.IsMessageDisabled != nil {
		r.msgDisabled = *in.RoomInfo.IsMessageDisabled
	}
	if in.RoomInfo.RoomName != "" {
		r.Name = in.RoomInfo.RoomName
	}
	e.applied(a, "update_room_info", r.ID, "")
	return map[string]any{}, nil
}
