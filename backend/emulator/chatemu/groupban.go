package chatemu

import (
	"time"
)

// Group bans (ban_group_member, unban_group_member, get_group_ban_member):
// ≤20 accounts a call, pages of ≤100 with NextOffset (0 = done).
const (
	maxGroupBan     = 20
	maxGroupBanPage = 100
)

type groupBanFields struct {
	GroupId         string
	Members_Account []string
	Duration        uint64
	Description     string
}

func readGroupBan(a *appState, body []byte, fields any, required ...string) (*group, *groupBanFields, *apiErr) {
	if err := decode(body, fields, codeGroupParam, append([]string{"GroupId", "Members_Account"}, required...)...); err != nil {
		return nil, nil, err
	}
	var in groupBanFields
	switch f := fields.(type) {
	case *groupBanFields:
		in = *f
	case *groupUnbanFields:
		in = groupBanFields{GroupId: f.GroupId, Members_Account: f.Members_Account}
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, nil, aerr
	}
	switch {
	case len(in.Members_Account) == 0:
		return nil, nil, fail(codeGroupParam, "Members_Account is empty")
	case len(in.Members_Account) > maxGroupBan:
		return nil, nil, fail(codeTooMany, "too many accounts: Members_Account holds at most 20")
	case in.Duration > muteForever:
		return nil, nil, fail(codeGroupParam, "Duration out of range")
	}
	return g, &in, nil
}

type groupUnbanFields struct {
	GroupId         string
	Members_Account []string
}

// banGroupMember removes the users and keeps them out until the ban ends.
func banGroupMember(e *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	g, in, aerr := readGroupBan(a, body, &groupBanFields{}, "Duration")
	if aerr != nil {
		return nil, aerr
	}
	if in.Duration == 0 {
		return nil, fail(codeGroupParam, "Duration must be positive")
	}
	for _, u := range in.Members_Account {
		if u == g.Owner {
			continue
		}
		g.members.remove(u)
		delete(g.roles, u)
		g.banned[u] = muteEnd(now, in.Duration)
		e.applied(a, "ban_group_member", g.ID, u)
	}
	return nil, nil
}

func unbanGroupMember(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	g, in, aerr := readGroupBan(a, body, &groupUnbanFields{})
	if aerr != nil {
		return nil, aerr
	}
	for _, u := range in.Members_Account {
		delete(g.banned, u)
		e.applied(a, "unban_group_member", g.ID, u)
	}
	return nil, nil
}

func getGroupBanMember(_ *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	var in struct {
		GroupId       string
		Limit, Offset int
	}
	if err := decode(body, &in, codeGroupParam, "GroupId"); err != nil {
		return nil, err
	}
	g, aerr := findGroup(a, in.GroupId)
	if aerr != nil {
		return nil, aerr
	}
	if in.Limit < 0 || in.Limit > maxGroupBanPage || in.Offset < 0 {
		return nil, fail(codeGroupParam, "Limit must be at most 100 and Offset not negative")
	}
	if in.Limit == 0 {
		in.Limit = maxGroupBanPage
	}
	var live []string
	for _, u := range sortedKeys(g.banned) {
		if g.banned[u] > now.Unix() {
			live = append(live, u)
		}
	}
	list := []map[string]any{}
	i := in.Offset
	for ; i < len(live) && len(list) < in.Limit; i++ {
		list = append(list, map[string]any{"Member_Account": live[i], "BannedUntil": g.banned[live[i]]})
	}
	next := 0
	if i < len(live) {
		next = i
	}
	return map[string]any{"BannedAccountList": list, "NextOffset": next}, nil
}
