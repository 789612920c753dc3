package views

import (
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

// memberDetail is a room tab's Detail: the member under the cursor in full,
// where the columns cut a long ID or name. Every vendor string is cleaned;
// the pane wraps the lines to its width.
func memberDetail(r *list.Row, now time.Time) ([]string, bool) {
	m, ok := r.Data.(backend.Member)
	if !ok {
		return nil, false
	}
	or := func(s, none string) string {
		if s == "" {
			return none
		}
		return s
	}
	lines := []string{
		"User:   " + clean(m.UserID),
		"Name:   " + or(clean(m.Name), "(none given)"),
		"Role:   " + or(clean(m.Role), "(not given)"),
		"Joined: " + or(ended(m.JoinedAt, now, "ago"), "(not given)"),
		"Muted:  " + or(ending(m.MutedUntil, now), "no"),
		"Banned: " + or(ending(m.BannedUntil, now), "no"),
	}
	av := "no"
	if m.AVBlock != backend.AVNone {
		// A TRTC block has no end: it holds until unblocked.
		av = m.AVBlock.String() + " blocked, until unblocked"
	}
	lines = append(lines, "AV:     "+av)
	if m.Maybe != "" {
		// quell sent it and no answer came; the vendor cannot list it.
		lines = append(lines, "Unsure: "+m.Maybe+" (sent, no answer came)")
	}
	return lines, true
}

// ending words a state that ends at t: "until 15:19:31 (9m05s left)",
// "forever"; "" when t is zero or past.
func ending(t, now time.Time) string {
	left := Remaining(t, now)
	switch left {
	case "":
		return ""
	case "forever":
		return "forever"
	}
	return "until " + Clock(t, now) + " (" + left + " left)"
}

// ended words a past time: "15:02:11 (42m ago)".
func ended(t, now time.Time, suffix string) string {
	if t.IsZero() {
		return ""
	}
	return Clock(t, now) + " (" + Ago(t, now) + " " + suffix + ")"
}
