package backend

import (
	"context"
	"time"
)

// Helpers for providers' read-backs (Plan.Verify).

// endSkew is how far a mute or ban end read back may stray from the one a
// call asked for and still be that call's: the vendor's clock against ours.
const endSkew = time.Minute

// EndMatches reports whether a mute or ban end read back (zero: none) is
// the one a call made between sent and now asked for: d from that moment,
// or Forever for forever. An older mute of another length is not proof
// that the call landed.
func EndMatches(until, sent, now time.Time, d time.Duration, forever bool) bool {
	if forever {
		return IsForever(until)
	}
	if until.IsZero() || IsForever(until) {
		return false
	}
	return !until.Before(sent.Add(d-endSkew)) && !until.After(now.Add(d+endSkew))
}

// BlacklistVerify is the read-back of a blacklist add (add) or remove: it
// lists owner's blacklist and says which users are on it (add) or off it.
func BlacklistVerify(list func(ctx context.Context, owner string) ([]BlacklistEntry, error), owner string, add bool) func(context.Context, []string, time.Time) (map[string]bool, error) {
	return func(ctx context.Context, users []string, _ time.Time) (map[string]bool, error) {
		entries, err := list(ctx, owner)
		if err != nil {
			return nil, err
		}
		on := make(map[string]bool, len(entries))
		for _, e := range entries {
			on[e.UserID] = true
		}
		out := make(map[string]bool, len(users))
		for _, u := range users {
			out[u] = on[u] == add
		}
		return out, nil
	}
}
