package views

import (
	"slices"
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

// Newcomers is a room's members who joined in the last NewcomerWindow,
// newest first: in a raid the accounts that came in together, ready to be
// selected all at once (A) and muted, blocked or kicked.
const Newcomers Kind = "new"

// NewcomerWindow is how recently a member must have joined to be new.
const NewcomerWindow = 10 * time.Minute

var newcomerWindowText = strconv.Itoa(int(NewcomerWindow.Minutes())) + " minutes"

var newcomersView = func() Def {
	d := roomTab(Newcomers, "new")
	d.Columns = memberColumns
	// A vendor that gives no join times (Chat live rooms) leaves this tab
	// empty: the members tab's empty JOINED column shows why.
	d.Empty = "nobody joined in the last " + newcomerWindowText + " (or this vendor gives no join times)"
	d.Rows = func(d *Data, now time.Time) []list.Row { return newcomerRows(d.Members, now) }
	d.TabLabel = func(_ *Data, n int) string { return "new " + strconv.Itoa(n) }
	d.Commands = []Command{{Name: "new", Help: "members of the current room who joined in the last " + newcomerWindowText + ", newest first",
		Target: func(h Here, _ string) (Target, error) { return needRoom("new", h) }}}
	return d
}()

// newcomerRows are the members who joined within NewcomerWindow of now,
// newest first (a member without a join time is never new).
func newcomerRows(members []backend.Member, now time.Time) []list.Row {
	since := now.Add(-NewcomerWindow)
	var recent []backend.Member
	for _, m := range members {
		if m.JoinedAt.After(since) {
			recent = append(recent, m)
		}
	}
	slices.SortStableFunc(recent, func(a, b backend.Member) int { return b.JoinedAt.Compare(a.JoinedAt) })
	return memberRows(recent, now)
}
