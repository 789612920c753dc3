package views

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

// Blacklist is one owner's blacklist on an app.
const Blacklist Kind = "blacklist"

func entryOf(r *list.Row) backend.BlacklistEntry { e, _ := r.Data.(backend.BlacklistEntry); return e }

var blacklistView = Def{
	Kind: Blacklist, Title: "blacklist",
	// A blacklist has no room: only taking users off it makes sense here.
	Scope:   keys.ScopeUsers,
	Actions: []backend.ActionKind{backend.ActBlacklistRemove},
	Heading: func(t Target, _ *Data) string {
		return "Blacklist of " + clean(t.Owner) + " on " + clean(t.App)
	},
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
	Needs: backend.CapBlacklist,
	Load: func(ctx context.Context, src Source) (Fill, error) {
		entries, err := src.Provider.ListBlacklist(ctx, src.Target.Owner)
		return func(d *Data) { d.Blacklist = entries }, err
	},
	Commands: []Command{{
		Name: "blacklist", Arg: "OWNER", Help: "one owner's blacklist", Complete: memberIDs,
		// :blacklist alone shows the blacklist of the user under the cursor.
		ArgOptional: true,
		Target: func(h Here, arg string) (Target, error) {
			if err := needApp("blacklist", h); err != nil {
				return Target{}, err
			}
			if arg == "" {
				arg = h.User
			}
			if arg == "" {
				return Target{}, fmt.Errorf(":blacklist needs OWNER (a user ID)")
			}
			return Target{App: h.App, Owner: arg}, nil
		},
	}},
	Patch: func(d *Data, t Target, a Applied) (Patched, bool) {
		if a.Req.Kind != backend.ActBlacklistRemove || t.Owner != a.Req.Owner {
			return Patched{}, false
		}
		d.Blacklist = slices.DeleteFunc(slices.Clone(d.Blacklist), func(e backend.BlacklistEntry) bool { return a.Reached[e.UserID] })
		return Patched{Gone: reachedIDs(a)}, true
	},
}
