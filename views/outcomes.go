package views

import (
	"fmt"
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

func outcomeOf(r *list.Row) backend.UserOutcome { o, _ := r.Data.(backend.UserOutcome); return o }

// Outcomes is one activity's per-user outcomes.
const Outcomes Kind = "outcomes"

var outcomesView = Def{
	Kind:  Outcomes,
	Title: "outcomes",
	// The rows are users of the activity's room: an action key acts on the
	// marked users (the failed ones the moderator picked) or the one under
	// the cursor, in that room, through the same path as in a room.
	Scope:   keys.ScopeUsers,
	FromLog: true,
	Heading: func(t Target, d *Data) string {
		if a := d.Activity; a != nil {
			who := clean(a.Actor.Name)
			if a.Host != "" { // a shared journal: which bastion ran it
				who += " on " + clean(a.Host)
			}
			return fmt.Sprintf("%s in %s by %s: %d applied, %d failed", a.Kind, clean(a.Room), who, a.Applied, a.Failed)
		}
		return "outcomes"
	},
	Columns: func() []list.Column {
		return []list.Column{
			{Title: "USER", Min: 10, Flex: 1, Less: func(a, b *list.Row) bool { return outcomeOf(a).User < outcomeOf(b).User }},
			{Title: "STATUS", Min: 13, Less: func(a, b *list.Row) bool { return outcomeOf(a).Status < outcomeOf(b).Status }},
			{Title: "CODE", Min: 8, Flex: 1},
			{Title: "MEANING", Min: 16, Flex: 4},
			{Title: "REQUEST ID", Min: 12, Flex: 1},
			{Title: "TRIES", Min: 5, Right: true},
		}
	},
	Empty: "this action has no per-user outcomes yet",
	Rows: func(d *Data, _ time.Time) []list.Row {
		if d.Activity == nil {
			return nil
		}
		rows := make([]list.Row, len(d.Activity.Outcomes))
		for i, o := range d.Activity.Outcomes {
			code, meaning, tone := "", "", list.ToneNormal
			if o.Err != nil {
				code, meaning = clean(o.Err.Code), clean(o.Err.Meaning)
				if meaning == "" {
					meaning = clean(o.Err.Message)
				}
				if o.Err.NextStep != "" {
					meaning += "; " + clean(o.Err.NextStep)
				}
			}
			switch o.Status {
			case backend.Failed:
				tone = list.ToneBanned
			case backend.NotAttempted, backend.Unknown:
				tone = list.ToneBlocked
			}
			status := string(o.Status)
			if o.Status == backend.Unknown {
				status = "unknown — may have been applied"
			}
			user := clean(o.User)
			rows[i] = list.Row{
				ID:     o.User,
				Cells:  []string{user, status, code, meaning, clean(o.RequestID), strconv.Itoa(o.Attempts)},
				Search: user + " " + code + " " + string(o.Status),
				Tone:   tone,
				Data:   o,
			}
		}
		return rows
	},
}
