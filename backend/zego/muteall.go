package zego

import (
	"context"
	"net/http"
	"time"

	"github.com/quell-console/quell/backend"
)

// actMuteGroup mutes a whole group (or some of its roles) in one call.
// https://www.zegocloud.com/docs/zim-server/group/mute-a-group : GET,
// FromUserId (owner or admin), GroupId, IsAllMuted (Bool), MuteRoleList[]
// (only when IsAllMuted is false), Duration (-1 permanent, 0 lifts every
// group-level mute, else seconds ≤ 2592000); 20/s. Codes: 660600001 no such
// group, 660600024 FromUserId not in the group, 660600032 FromUserId not
// owner or admin.
const actMuteGroup = "MuteGroup"

func init() { actionMethod[actMuteGroup] = http.MethodGet }

// planMuteAll mutes everyone until unmute-all (Duration -1, IsAllMuted
// true), or lifts the group-level mute (Duration 0). ZEGO cannot say whether
// a group is muted, so quell remembers it in the StateStore under
// backend.RoomWide, as it remembers member mutes.
func (c *Client) planMuteAll(req backend.ActionRequest) (*backend.Plan, error) {
	op, err := c.operator()
	if err != nil {
		return nil, err
	}
	group, on := req.Room, req.Kind == backend.ActMuteAll
	params := "IsAllMuted true, Duration -1 (until unmute-all)"
	if !on {
		params = "Duration 0 (lifts the group-wide mute)"
	}
	return &backend.Plan{Call: actMuteGroup, PerSecond: perSecond,
		Params: params + ", GroupId " + group + ", FromUserId " + op,
		Exec: func(ctx context.Context, _ []string) backend.BatchResult {
			at := c.deps.Now()
			var q query
			q.add("FromUserId", op)
			q.add("GroupId", group)
			if on {
				q.add("IsAllMuted", "true")
				q.add("Duration", "-1")
			} else {
				q.add("Duration", "0")
			}
			res := c.exec(ctx, actMuteGroup, q, nil, nil)
			if res.Err == nil {
				until := time.Time{}
				if on {
					until = backend.Forever
				}
				c.recordMute(group, backend.RoomWide, until, req.Actor.Name, at)
			}
			return res
		}}, nil
}

// RoomInfo is a room or group as quell knows it; for a group, whether
// everyone is muted comes from quell's own record (no ZEGO API says).
func (c *Client) RoomInfo(_ context.Context, room string) (backend.Room, error) {
	if err := checkID(c.roomField(), room); err != nil {
		return backend.Room{}, err
	}
	r := backend.Room{ID: room, Members: -1, Live: true}
	if !c.opts.Group {
		return r, nil
	}
	all, err := c.deps.State.GroupMutes(c.opts.Name, room)
	if err != nil {
		return r, err
	}
	r.AllMuted = all[backend.RoomWide].After(c.deps.Now())
	return r, nil
}
