package views

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

func activityOf(r *list.Row) backend.Activity { a, _ := r.Data.(backend.Activity); return a }

func activityTone(a backend.Activity) list.Tone {
	switch {
	case a.Failed > 0:
		return list.ToneBanned
	case a.Status == "running":
		return list.ToneMuted
	case a.Status == "cancelled" || a.Status == "interrupted":
		return list.ToneBlocked
	}
	return list.ToneNormal
}

var _ = register(Def{
	Kind:  Activity,
	Title: "activity",
	Columns: func() []list.Column {
		// Ordered by what a moderator looks for first: columns that do not
		// fit the width drop from the right.
		return []list.Column{
			{Title: "TIME", Min: 8, Less: func(a, b *list.Row) bool { return activityOf(a).Started.Before(activityOf(b).Started) }},
			{Title: "ACTION", Min: 10},
			{Title: "APP/ROOM", Min: 14, Flex: 1},
			{Title: "USERS", Min: 5, Right: true, Less: func(a, b *list.Row) bool { return len(activityOf(a).Users) < len(activityOf(b).Users) }},
			{Title: "RESULT", Min: 14, Less: func(a, b *list.Row) bool { return activityOf(a).Failed < activityOf(b).Failed }},
			{Title: "CALL", Min: 28, Flex: 2},
			{Title: "WHO", Min: 6, Flex: 1},
		}
	},
	Empty: "no actions yet: the actions of this console (and, with a journal, of every console) appear here",
	Rows: func(d *Data, now time.Time) []list.Row {
		// Newest first: the moderator looks for what just happened.
		rows := make([]list.Row, 0, len(d.Activities))
		for i := len(d.Activities) - 1; i >= 0; i-- {
			a := d.Activities[i]
			call := clean(a.Call)
			if a.Params != "" {
				call += " " + clean(a.Params)
			}
			who, where := clean(a.Actor.Name), clean(a.App)
			if a.Host != "" {
				// A team shares one journal: which bastion acted matters.
				who += "@" + clean(a.Host)
			}
			if a.Room != "" {
				where += "/" + clean(a.Room)
			}
			rows = append(rows, list.Row{
				ID: a.ID,
				Cells: []string{Clock(a.Started, now), ActionLabel(a.Kind), where, strconv.Itoa(len(a.Users)),
					result(a), call, who},
				Search: who + " " + string(a.Kind) + " " + where + " " + a.ID,
				Tone:   activityTone(a),
				Data:   a,
			})
		}
		return rows
	},
})

// ActionLabel names an action in ten cells or fewer, keeping blacklist add
// and remove apart where a cut "blacklist-…" would not.
func ActionLabel(k backend.ActionKind) string {
	switch k {
	case backend.ActBlacklistAdd:
		return "+blacklist"
	case backend.ActBlacklistRemove:
		return "-blacklist"
	}
	return string(k)
}

// result sums up an activity's outcomes: "3 ok", "2 ok 1 failed",
// "cancelled 10 ok 30 unsent", "running 4 ok".
func result(a backend.Activity) string {
	var parts []string
	switch a.Status {
	case "finished", "":
	default:
		parts = append(parts, clean(a.Status))
	}
	parts = append(parts, fmt.Sprintf("%d ok", a.Applied))
	if a.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", a.Failed))
	}
	if a.Status != "running" {
		if unsent := len(a.Users) - a.Applied - a.Failed - a.Pending; unsent > 0 && len(a.Users) > 0 {
			parts = append(parts, fmt.Sprintf("%d unsent", unsent))
		}
	}
	return strings.Join(parts, " ")
}

func outcomeOf(r *list.Row) backend.UserOutcome { o, _ := r.Data.(backend.UserOutcome); return o }

var _ = register(Def{
	Kind:  Outcomes,
	Title: "outcomes",
	Users: true,
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
			case backend.NotAttempted:
				tone = list.ToneBlocked
			}
			user := clean(o.User)
			rows[i] = list.Row{
				ID:     o.User,
				Cells:  []string{user, string(o.Status), code, meaning, clean(o.RequestID), strconv.Itoa(o.Attempts)},
				Search: user + " " + code + " " + string(o.Status),
				Tone:   tone,
				Data:   o,
			}
		}
		return rows
	},
})
