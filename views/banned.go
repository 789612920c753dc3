package views

import (
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

// Banned is a room's banned and audio/video-blocked members.
const Banned Kind = "banned"

var bannedView = func() Def {
	d := roomTab(Banned, "banned")
	d.Columns = func() []list.Column {
		return userColumns(
			bannedCol("BANNED FOR"),
			list.Column{Title: "AV BLOCK", Min: 8},
			mutedCol("MUTED"),
		)
	}
	d.Empty = "nobody in this room is banned or blocked"
	d.Rows = func(d *Data, now time.Time) []list.Row {
		var rows []list.Row
		seen := map[string]bool{}
		for _, m := range d.Members {
			if !m.BannedUntil.After(now) && m.AVBlock == backend.AVNone {
				continue
			}
			seen[m.UserID] = true
			rows = append(rows, MemberRow(m, now, stamp(m.BannedUntil), avCell(m.AVBlock), stamp(m.MutedUntil)))
		}
		// A ban removes the user, so the vendor's banned list holds users the
		// member list no longer does.
		for _, m := range d.Banned {
			if seen[m.UserID] || !m.BannedUntil.After(now) {
				continue
			}
			rows = append(rows, MemberRow(m, now, stamp(m.BannedUntil), avCell(m.AVBlock), stamp(m.MutedUntil)))
		}
		return rows
	}
	d.Commands = []Command{{Name: "banned", Help: "banned and blocked members of the current room",
		Target: func(h Here, _ string) (Target, error) { return needRoom("banned", h) }}}
	return d
}()
