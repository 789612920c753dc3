package views

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

func activityOf(r *list.Row) backend.Activity { a, _ := r.Data.(backend.Activity); return a }

func activityTone(a backend.Activity) list.Tone {
	switch {
	case a.Failed > 0:
		return list.ToneBanned
	case a.Status == "running":
		return list.ToneMuted
	case a.Status == "cancelled" || a.Status == "interrupted" || a.Status == "cut-off" || a.Unknown > 0:
		return list.ToneBlocked
	}
	return list.ToneNormal
}

// Activity is every action of this console (with a journal, of every
// console) and its outcome.
const Activity Kind = "activity"

var activityView = Def{
	Kind:    Activity,
	Title:   "activity",
	Scope:   keys.ScopeNone,
	FromLog: true,
	Heading: func(Target, *Data) string {
		return "Activity — every action with its outcomes; enter shows who was reached"
	},
	// Enter shows the outcomes of the action under the cursor, in its app
	// and room, so its failed users can be acted on again.
	Open: func(_ Target, r *list.Row) (Kind, Target, bool) {
		a := activityOf(r)
		return Outcomes, Target{App: a.App, Room: a.Room, ActID: a.ID}, a.ID != ""
	},
	Commands: []Command{{Name: "activity", Help: "every action and its per-user outcomes",
		Target: func(Here, string) (Target, error) { return Target{}, nil }}},
	Columns: func() []list.Column {
		// Ordered by what a moderator looks for first: columns that do not
		// fit the width drop from the right.
		return []list.Column{
			{Title: "TIME", Min: 8, Less: func(a, b *list.Row) bool { return activityOf(a).Started.Before(activityOf(b).Started) }},
			{Title: "ACTION", Min: 10},
			{Title: "APP/ROOM", Min: 14, Flex: 1},
			{Title: "USERS", Min: 5, Right: true, Less: func(a, b *list.Row) bool { return len(activityOf(a).Users) < len(activityOf(b).Users) }},
			{Title: "RESULT", Min: 14, Less: func(a, b *list.Row) bool { return activityOf(a).Failed < activityOf(b).Failed }},
			// actor@host: on a shared journal, who acted and on which bastion
			{Title: "WHO", Min: 14, Flex: 1},
			{Title: "CALL", Min: 20, Flex: 2},
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
					result(a), who, call},
				Search: who + " " + string(a.Kind) + " " + where + " " + a.ID,
				Tone:   activityTone(a),
				Data:   a,
			})
		}
		return rows
	},
}

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
// "cancelled 10 ok 30 unsent", "cut-off 10 ok 3 unknown 27 unsent",
// "running 4 ok".
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
	if a.Unknown > 0 {
		parts = append(parts, fmt.Sprintf("%d unknown", a.Unknown)) // sent, no answer: may have been applied
	}
	if a.Status != "running" {
		if unsent := len(a.Users) - a.Applied - a.Failed - a.Unknown - a.Pending; unsent > 0 && len(a.Users) > 0 {
			parts = append(parts, fmt.Sprintf("%d unsent", unsent))
		}
	}
	return strings.Join(parts, " ")
}
