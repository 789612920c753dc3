package tencentchat

import (
	"context"
	"strings"

	"github.com/quell-console/quell/backend"
)

// muteAllPlan mutes or unmutes everyone in one call: a live room's
// RoomInfo.IsMessageDisabled (update_room_info) or a group's MuteAllMember
// "On"/"Off" (modify_group_base_info), as providers.md §2 lists them.
func (c *Client) muteAllPlan(req backend.ActionRequest) *backend.Plan {
	room, on := req.Room, req.Kind == backend.ActMuteAll
	if c.o.Group {
		v := "Off"
		if on {
			v = "On"
		}
		return &backend.Plan{Call: "modify_group_base_info", BatchSize: 0, PerSecond: rateDefault, Params: "MuteAllMember " + v,
			Exec: c.simpleExec(svcGroup, "modify_group_base_info", func([]string) any {
				return map[string]any{"GroupId": room, "MuteAllMember": v}
			})}
	}
	params := "IsMessageDisabled false"
	if on {
		params = "IsMessageDisabled true"
	}
	return &backend.Plan{Call: "update_room_info", BatchSize: 0, PerSecond: rateDefault, Params: params,
		Exec: c.simpleExec(svcLive, "update_room_info", func([]string) any {
			return map[string]any{"RoomInfo": map[string]any{"RoomId": room, "IsMessageDisabled": on}}
		})}
}

type liveRoomInfoAnswer struct {
	RoomInfo struct {
		RoomId            string
		RoomName          string
		Owner_Account     string
		CreateTime        int64
		IsMessageDisabled bool
	}
}

// RoomInfo is one room with whether everyone is muted: get_room_info for a
// live room, get_group_info for a group.
func (c *Client) RoomInfo(ctx context.Context, room string) (backend.Room, error) {
	if err := c.checkRoom(room); err != nil {
		return backend.Room{}, err
	}
	if c.o.Group {
		infos, err := c.groupInfos(ctx, []string{room})
		if err != nil {
			return backend.Room{}, err
		}
		if len(infos) == 0 {
			return backend.Room{}, vendorError("get_group_info", 10010, "group not found", "", "")
		}
		return groupRoom(infos[0]), nil
	}
	var a liveRoomInfoAnswer
	if err := c.read(ctx, svcLive, "get_room_info", rateDefault, map[string]any{"RoomId": room}, &a); err != nil {
		return backend.Room{}, err
	}
	r := a.RoomInfo
	return backend.Room{ID: room, Name: r.RoomName, Members: -1, CreatedAt: unixTime(r.CreateTime), Live: true,
		Owner: r.Owner_Account, AllMuted: r.IsMessageDisabled}, nil
}

// groupRoom is a group as a room; MuteAllMember (older ShutUpAllMember) "On"
// is everyone muted.
func groupRoom(g groupInfo) backend.Room {
	all := g.MuteAllMember
	if all == "" {
		all = g.ShutUpAllMember
	}
	return backend.Room{ID: g.GroupId, Name: g.Name, Members: g.MemberNum, CreatedAt: unixTime(g.CreateTime), Live: true,
		Owner: g.Owner_Account, AllMuted: strings.EqualFold(all, "On")}
}
