package zegoemu

import (
	"net/http"
	"time"
)

// MuteGroup mutes a whole group (or roles of it) in one call, as
// https://www.zegocloud.com/docs/zim-server/group/mute-a-group documents it:
// GET; FromUserId (the owner or an admin), GroupId, IsAllMuted (Bool),
// MuteRoleList[] (roles, only when IsAllMuted is false), Duration (-1
// permanent, 0 lifts every group-level mute, else seconds ≤ 2592000); 20/s
// like every action here. Registered from this file so the action table and
// the parameter schemas keep their documented order elsewhere.
func init() {
	actions["MuteGroup"] = struct {
		method string
		handle func(e *Emulator, c *call) answer
	}{http.MethodGet, (*Emulator).muteGroup}
	schemas["MuteGroup"] = []paramSpec{
		{"FromUserId", pString, true}, {"GroupId", pString, true}, {"IsAllMuted", pString, false},
		{"MuteRoleList", pStrings, false}, {"Duration", pInt, false},
	}
}

func (e *Emulator) muteGroup(c *call) answer {
	g, gid, bad := c.groupFor()
	if bad != nil {
		return *bad
	}
	all := false
	switch v, _ := c.str("IsAllMuted"); v {
	case "", "false":
	case "true":
		all = true
	default:
		return fail(cBadParam, "IsAllMuted must be true or false")
	}
	roles, _ := c.list("MuteRoleList")
	if len(roles) > 20 {
		return fail(cBadParam, "MuteRoleList holds at most 20 roles")
	}
	secs, err := c.integer("Duration", 0)
	if err != nil || secs < -1 || secs > maxMuteSeconds {
		return fail(cBadParam, "Duration must be -1, 0 or 1..2592000 seconds")
	}
	switch {
	case secs == 0: // lifts the group-level mute, whatever else was sent
		g.allMuted = time.Time{}
	case !all:
		// Muting roles only: the emulator keeps no roles' mute, and the
		// group is not muted as a whole.
	case secs < 0:
		g.allMuted = forever
	default:
		g.allMuted = c.now.Add(time.Duration(secs) * time.Second)
	}
	e.applied(c, gid, "")
	return ok(nil)
}

// GroupAllMuted reports whether the whole group is muted now (MuteGroup).
func (e *Emulator) GroupAllMuted(appID uint64, groupID string) (on bool) {
	now := e.env.Now()
	e.with(appID, func(a *app) {
		if g := a.groups[groupID]; g != nil {
			on = g.allMuted.After(now)
		}
	})
	return on
}
