package views

import (
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

// Muted is a room's muted users, including those the vendor lists who have
// left the room.
const Muted Kind = "muted"

var mutedView = func() Def {
	d := roomTab(Muted, "muted")
	// Without a mute list nobody is ever muted here (TRTC, ZEGO rooms): no
	// tab, and :muted says why.
	d.Needs = backend.CapListMuted
	d.Columns = func() []list.Column {
		return userColumns(
			mutedCol("MUTED FOR"),
			list.Column{Title: "UNTIL", Min: 11, Less: func(a, b *list.Row) bool { return timeLess(mutedAt(a), mutedAt(b)) }},
			list.Column{Title: "IN ROOM", Min: 7},
		)
	}
	d.Empty = "nobody is muted in this room"
	d.Rows = func(d *Data, now time.Time) []list.Row {
		present := make(map[string]backend.Member, len(d.Members))
		for _, m := range d.Members {
			present[m.UserID] = m
		}
		muted := d.Muted
		if muted == nil { // the vendor has no muted list: what the members say
			for _, m := range d.Members {
				if m.Muted(now) {
					muted = append(muted, m)
				}
			}
		}
		rows := make([]list.Row, 0, len(muted))
		for _, m := range muted {
			if !m.Muted(now) {
				continue
			}
			in := ""
			if p, ok := present[m.UserID]; ok {
				in = "yes"
				p.MutedUntil = m.MutedUntil
				m = p
			}
			rows = append(rows, MemberRow(m, now, stamp(m.MutedUntil), until(m.MutedUntil, now), in))
		}
		return rows
	}
	d.Commands = []Command{{Name: "muted", Help: "muted members of the current room",
		Target: func(h Here, _ string) (Target, error) { return needRoom("muted", h) }}}
	return d
}()
