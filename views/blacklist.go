package views

import (
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

func entryOf(r *list.Row) backend.BlacklistEntry { e, _ := r.Data.(backend.BlacklistEntry); return e }

var _ = register(Def{
	Kind: Blacklist, Title: "blacklist", Users: true,
	// A blacklist has no room: only taking users off it makes sense here.
	Actions: []backend.ActionKind{backend.ActBlacklistRemove},
	Columns: func() []list.Column {
		return []list.Column{
			{Title: "USER", Min: 10, Flex: 2, Less: func(a, b *list.Row) bool { return entryOf(a).UserID < entryOf(b).UserID }},
			{Title: "NAME", Min: 10, Flex: 2},
			{Title: "SINCE", Min: 6, Right: true, Less: func(a, b *list.Row) bool {
				return timeLess(entryOf(b).Since, entryOf(a).Since)
			}, Live: liveAgo(func(r *list.Row) time.Time { return entryOf(r).Since })},
		}
	},
	Empty: "this owner's blacklist is empty",
	Rows: func(d *Data, _ time.Time) []list.Row {
		rows := make([]list.Row, len(d.Blacklist))
		for i, e := range d.Blacklist {
			id, name := clean(e.UserID), clean(e.Name)
			rows[i] = list.Row{
				ID:     e.UserID,
				Cells:  []string{id, name, stamp(e.Since)},
				Search: id + " " + name,
				Tone:   list.ToneBanned,
				Data:   e,
			}
		}
		return rows
	},
})
