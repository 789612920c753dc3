package tencentchat

import (
	"context"
	"fmt"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// Ban limits (providers.md §2).
const (
	// banBatch: ban_member / unban_member MemberList_Account and
	// ban_group_member / unban_group_member Members_Account hold at most 20.
	// https://www.tencentcloud.com/document/product/1071/76878 (live),
	// https://www.tencentcloud.com/document/product/1047/50296 (groups).
	banBatch = 20
	// ban_member's Reason is at most 200 bytes; ban_group_member's
	// Description at most 1000 (the same pages).
	maxLiveBanReason  = 200
	maxGroupBanReason = 1000
	// banForever: neither page documents a permanent ban. Duration shares
	// MuteTime's uint32 seconds, so its largest value is taken as the longest
	// the server accepts (unsure, like liveMuteForever); it ends ~136 years
	// ahead, which NormalizeUntil shows as forever.
	banForever = 4294967295
	// groupBanPage: get_group_ban_member Limit maximum.
	groupBanPage = 100
)

// banPlan is ban or unban on a live room or a group.
func (c *Client) banPlan(req backend.ActionRequest) (*backend.Plan, error) {
	room, ban := req.Room, req.Kind == backend.ActBan
	limit := maxLiveBanReason
	if c.o.Group {
		limit = maxGroupBanReason
	}
	if len(req.Reason) > limit {
		return nil, &backend.InputError{Field: "reason", Value: textsafe.Clean(req.Reason[:40]) + "…",
			Problem: fmt.Sprintf("is %d bytes; Tencent Chat keeps at most %d", len(req.Reason), limit), Fix: "shorten the reason"}
	}
	var secs int64
	params := ""
	if ban {
		s, err := banSeconds(req)
		if err != nil {
			return nil, err
		}
		secs = s
		params = fmt.Sprintf("Duration %d", secs)
		if req.Forever {
			params += " (the longest the server accepts: shown as forever)"
		}
	}
	if c.o.Group {
		call := "unban_group_member"
		if ban {
			call = "ban_group_member"
		}
		return &backend.Plan{Call: call, BatchSize: banBatch, PerSecond: rateDefault, Params: params,
			Verify: c.banVerify(room, secs, ban && req.Forever),
			Exec: c.simpleExec(svcGroup, call, func(users []string) any {
				in := map[string]any{"GroupId": room, "Members_Account": users}
				if ban {
					in["Duration"] = secs
					if req.Reason != "" {
						in["Description"] = req.Reason
					}
				}
				return in
			})}, nil
	}
	call := "unban_member"
	if ban {
		call = "ban_member"
	}
	return &backend.Plan{Call: call, BatchSize: banBatch, PerSecond: rateDefault, Params: params,
		Verify: c.banVerify(room, secs, ban && req.Forever),
		Exec: c.simpleExec(svcLive, call, func(users []string) any {
			in := map[string]any{"RoomId": room, "MemberList_Account": users}
			if ban {
				in["Duration"] = secs
				if req.Reason != "" {
					in["Reason"] = req.Reason
				}
			}
			return in
		})}, nil
}

// banSeconds is a ban's Duration: whole seconds, rounded up.
func banSeconds(req backend.ActionRequest) (int64, error) {
	if req.Forever {
		return banForever, nil
	}
	if req.Duration <= 0 {
		return 0, &backend.InputError{Field: "duration", Value: req.Duration.String(), Problem: "a ban needs a length",
			Fix: "give a length such as " + backend.LengthExamples}
	}
	secs := int64((req.Duration + time.Second - 1) / time.Second)
	if secs >= banForever {
		return 0, &backend.InputError{Field: "duration", Value: req.Duration.String(),
			Problem: "longer than Chat's longest ban", Fix: "use forever"}
	}
	return secs, nil
}

// ListBanned lists the users banned from a live room or a group now.
func (c *Client) ListBanned(ctx context.Context, room string) ([]backend.Member, error) {
	if err := c.checkRoom(room); err != nil {
		return nil, err
	}
	var until map[string]int64
	var err error
	if c.o.Group {
		until, err = c.groupBannedUntil(ctx, room)
	} else {
		until, err = c.liveBannedUntil(ctx, room)
	}
	if err != nil {
		return nil, err
	}
	out := make([]backend.Member, 0, len(until))
	for u, s := range until {
		if t := c.until(s); !t.IsZero() {
			out = append(out, backend.Member{UserID: u, BannedUntil: t})
		}
	}
	sortMembers(out)
	return out, nil
}

// groupBannedUntil pages get_group_ban_member (NextOffset 0 = done).
func (c *Client) groupBannedUntil(ctx context.Context, group string) (map[string]int64, error) {
	return c.bannedUntil(ctx, svcGroup, "get_group_ban_member", "GroupId", group, groupBanPage)
}

// bannedUntil pages an Offset/Limit banned list (live get_banned_member_list,
// group get_group_ban_member: the same BannedAccountList and NextOffset)
// into user → BannedUntil.
func (c *Client) bannedUntil(ctx context.Context, svc, command, idField, id string, limit int) (map[string]int64, error) {
	out := map[string]int64{}
	offset := 0
	for range maxPages {
		var a liveBannedAnswer
		in := map[string]any{idField: id, "Offset": offset, "Limit": limit}
		if err := c.read(ctx, svc, command, rateDefault, in, &a); err != nil {
			return nil, err
		}
		for _, b := range a.BannedAccountList {
			out[b.Member_Account] = b.BannedUntil
		}
		if a.NextOffset <= offset || len(a.BannedAccountList) == 0 {
			return out, nil
		}
		offset = a.NextOffset
	}
	return out, nil
}
