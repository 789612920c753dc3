package tencentchat

import (
	"context"
	"fmt"
	"time"

	"github.com/quell-console/quell/backend"
)

// MuteTime is a 32-bit unsigned count of seconds in both services.
const (
	// groupMuteForever is forbid_send_msg's documented "permanent".
	groupMuteForever = 4294967295
	// liveMuteForever: mute_member documents neither a maximum nor a
	// permanent value. 4294967295, the largest value of the uint32 MuteTime
	// the group API shares, is taken as the largest the server accepts
	// (unsure). It ends ~136 years ahead, which NormalizeUntil reports as
	// backend.Forever, so "forever" is shown honestly either way.
	liveMuteForever = 4294967295
	// maxMuteSeconds is the longest finite mute: one below "permanent".
	maxMuteSeconds = 4294967294
)

// ListRooms lists live rooms or groups, as the app is configured.
func (c *Client) ListRooms(ctx context.Context) ([]backend.Room, error) {
	if c.o.Group {
		return c.groupRooms(ctx)
	}
	return c.liveRooms(ctx)
}

// ListMembers lists a room's members with their mute (and, live, ban) ends.
func (c *Client) ListMembers(ctx context.Context, room string) ([]backend.Member, error) {
	ms, _, err := c.ListMembersCounted(ctx, room)
	return ms, err
}

// ListMembersCounted is ListMembers with the room's size as the vendor
// counts it (live MemberCount, group MemberNum) and, for live rooms, the
// 1,000-member cap of get_member_list.
func (c *Client) ListMembersCounted(ctx context.Context, room string) ([]backend.Member, backend.MemberCount, error) {
	if err := c.checkRoom(room); err != nil {
		return nil, backend.UnknownCount, err
	}
	if c.o.Group {
		return c.groupMembers(ctx, room)
	}
	return c.liveMembers(ctx, room)
}

// ListMuted lists the users muted in a room now.
func (c *Client) ListMuted(ctx context.Context, room string) ([]backend.Member, error) {
	if err := c.checkRoom(room); err != nil {
		return nil, err
	}
	if c.o.Group {
		return c.groupMuted(ctx, room)
	}
	return c.liveMuted(ctx, room)
}

// Plan validates req and says how it runs. It sends nothing.
func (c *Client) Plan(req backend.ActionRequest) (*backend.Plan, error) {
	p, err := c.plan(req)
	return p.Redacting(c.secrets.String), err
}

// plan is Plan before its answers are redacted.
func (c *Client) plan(req backend.ActionRequest) (*backend.Plan, error) {
	spec, ok := backend.Spec(req.Kind)
	if !ok {
		return nil, &backend.InputError{Field: "action", Value: string(req.Kind), Problem: "unknown action"}
	}
	caps := capabilities(c.o.Group)
	if !caps.Can(spec.Needs) {
		return nil, &backend.UnsupportedError{App: c.o.Name, Action: req.Kind, Why: caps.Why(spec.Needs)}
	}
	if spec.NeedsOwner {
		if err := checkOwner(req.Owner); err != nil {
			return nil, err
		}
	} else if err := c.checkRoom(req.Room); err != nil {
		return nil, err
	}
	if spec.TakesUsers {
		if err := checkUsers(req.Users); err != nil {
			return nil, err
		}
	}
	switch req.Kind {
	case backend.ActMute, backend.ActUnmute:
		secs := int64(0)
		if req.Kind == backend.ActMute {
			s, err := muteSeconds(req, c.o.Group)
			if err != nil {
				return nil, err
			}
			secs = s
		}
		plan := c.mutePlan(req.Room, secs, req.Kind == backend.ActMute && req.Forever)
		plan.Verify = c.muteVerify(req.Room, secs, req.Kind == backend.ActMute && req.Forever)
		return plan, nil
	case backend.ActKick:
		if c.knownType(req.Room) == typeAVChatRoom {
			return nil, &backend.UnsupportedError{App: c.o.Name, Action: req.Kind,
				Why: "this group is an AVChatRoom: it keeps no member list, so nobody can be removed (the server answers 10004); mute the users instead"}
		}
		return c.kickPlan(req.Room, req.Reason), nil
	case backend.ActDismiss:
		return c.dismissPlan(req.Room), nil
	case backend.ActBan, backend.ActUnban:
		return c.banPlan(req)
	case backend.ActMuteAll, backend.ActUnmuteAll:
		return c.muteAllPlan(req), nil
	case backend.ActBlacklistAdd:
		return &backend.Plan{Call: "black_list_add", BatchSize: blacklistBatch, PerSecond: rateDefault,
			Params: "From_Account " + req.Owner, Exec: c.blacklistExec("black_list_add", req.Owner),
			Verify: backend.BlacklistVerify(c.ListBlacklist, req.Owner, true)}, nil
	case backend.ActBlacklistRemove:
		return &backend.Plan{Call: "black_list_delete", BatchSize: blacklistBatch, PerSecond: rateDefault,
			Params: "From_Account " + req.Owner, Exec: c.blacklistExec("black_list_delete", req.Owner),
			Verify: backend.BlacklistVerify(c.ListBlacklist, req.Owner, false)}, nil
	}
	return nil, &backend.UnsupportedError{App: c.o.Name, Action: req.Kind, Why: caps.Why(spec.Needs)}
}

// muteSeconds is MuteTime for a mute request: whole seconds, rounded up.
func muteSeconds(req backend.ActionRequest, group bool) (int64, error) {
	if req.Forever {
		if group {
			return groupMuteForever, nil
		}
		return liveMuteForever, nil
	}
	field := "duration"
	switch {
	case req.Duration < 0:
		return 0, &backend.InputError{Field: field, Value: req.Duration.String(), Problem: "negative",
			Fix: "give a positive duration such as 10m or 2h, or forever"}
	case req.Duration == 0:
		return 0, &backend.InputError{Field: field, Value: "0s", Problem: "a mute of 0 s would unmute",
			Fix: "give a positive duration such as 10m, or use unmute"}
	}
	secs := int64((req.Duration + time.Second - 1) / time.Second)
	if req.Duration > time.Duration(maxMuteSeconds)*time.Second || secs > maxMuteSeconds {
		return 0, &backend.InputError{Field: field, Value: req.Duration.String(),
			Problem: fmt.Sprintf("longer than Chat's maximum of %d s (about 136 years)", maxMuteSeconds), Fix: "use forever"}
	}
	return secs, nil
}

func (c *Client) mutePlan(room string, secs int64, forever bool) *backend.Plan {
	params := fmt.Sprintf("MuteTime %d", secs)
	switch {
	case secs == 0:
		params += " (unmute)"
	case forever && c.o.Group:
		params += " (permanent)"
	case forever:
		params += " (the longest the server accepts: shown as forever)"
	}
	if c.o.Group {
		return &backend.Plan{Call: "forbid_send_msg", BatchSize: groupMuteBatch, PerSecond: rateDefault, Params: params,
			Exec: c.simpleExec(svcGroup, "forbid_send_msg", func(users []string) any {
				return map[string]any{"GroupId": room, "Members_Account": users, "MuteTime": secs}
			})}
	}
	return &backend.Plan{Call: "mute_member", BatchSize: liveBatchMuting, PerSecond: rateDefault, Params: params,
		Exec: c.simpleExec(svcLive, "mute_member", func(users []string) any {
			return map[string]any{"RoomId": room, "MemberList_Account": users, "MuteTime": secs}
		})}
}

func (c *Client) kickPlan(group, reason string) *backend.Plan {
	params := ""
	if reason != "" {
		params = "Reason " + reason
	}
	return &backend.Plan{Call: "delete_group_member", BatchSize: groupKickBatch, PerSecond: rateDefault, Params: params,
		Exec: c.simpleExec(svcGroup, "delete_group_member", func(users []string) any {
			in := map[string]any{"GroupId": group, "MemberToDel_Account": users}
			if reason != "" {
				in["Reason"] = reason
			}
			return in
		})}
}

func (c *Client) dismissPlan(room string) *backend.Plan {
	if c.o.Group {
		return &backend.Plan{Call: "destroy_group", BatchSize: 0, PerSecond: rateDefault,
			Exec: c.simpleExec(svcGroup, "destroy_group", func([]string) any { return map[string]any{"GroupId": room} })}
	}
	return &backend.Plan{Call: "destroy_room", BatchSize: 0, PerSecond: rateDefault,
		Exec: c.simpleExec(svcLive, "destroy_room", func([]string) any { return map[string]any{"RoomId": room} })}
}

// simpleExec makes calls whose answer is the envelope alone: the whole batch
// succeeds or fails.
func (c *Client) simpleExec(service, command string, body func(users []string) any) func(context.Context, []string) backend.BatchResult {
	return func(ctx context.Context, users []string) backend.BatchResult {
		rid, err := c.call(ctx, service, command, body(users), nil)
		return backend.BatchResult{RequestID: rid, Err: err}
	}
}

// knownType is the group's Type if a list call has told it, else "".
func (c *Client) knownType(group string) string {
	c.typesMu.Lock()
	defer c.typesMu.Unlock()
	return c.groupTyp[group]
}
