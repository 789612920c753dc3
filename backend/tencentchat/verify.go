package tencentchat

import (
	"context"
	"time"

	"github.com/quell-console/quell/backend"
)

// Read-backs (Plan.Verify): Chat lists mutes, bans and blocklists, so a
// call that got no answer is settled by reading the list, not by sending
// it again (providers.md §2: get_muted_member_list, get_group_muted_account,
// get_banned_member_list, get_group_ban_member, black_list_get).

// verifyEnds reads user → end (Unix seconds) with read, and says whose end
// is the one asked for: secs from the call for a mute or ban (any end for
// forever), none at all for an unmute or unban (secs 0, !forever).
func (c *Client) verifyEnds(read func(ctx context.Context) (map[string]int64, error), secs int64, forever bool) func(context.Context, []string, time.Time) (map[string]bool, error) {
	return func(ctx context.Context, users []string, sent time.Time) (map[string]bool, error) {
		ends, err := read(ctx)
		if err != nil {
			return nil, err
		}
		now := c.d.Now()
		out := make(map[string]bool, len(users))
		for _, u := range users {
			until := c.until(ends[u])
			if secs == 0 && !forever {
				out[u] = until.IsZero()
				continue
			}
			out[u] = backend.EndMatches(until, sent, now, time.Duration(secs)*time.Second, forever)
		}
		return out, nil
	}
}

// muteVerify reads a room's muted list back.
func (c *Client) muteVerify(room string, secs int64, forever bool) func(context.Context, []string, time.Time) (map[string]bool, error) {
	read := func(ctx context.Context) (map[string]int64, error) { return c.liveMutedUntil(ctx, room) }
	if c.o.Group {
		read = func(ctx context.Context) (map[string]int64, error) { return c.groupMutedUntil(ctx, room) }
	}
	return c.verifyEnds(read, secs, forever)
}

// banVerify reads a room's banned list back.
func (c *Client) banVerify(room string, secs int64, forever bool) func(context.Context, []string, time.Time) (map[string]bool, error) {
	read := func(ctx context.Context) (map[string]int64, error) { return c.liveBannedUntil(ctx, room) }
	if c.o.Group {
		read = func(ctx context.Context) (map[string]int64, error) { return c.groupBannedUntil(ctx, room) }
	}
	return c.verifyEnds(read, secs, forever)
}
