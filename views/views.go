// Package views declares quell's screens as data: each view is the one list
// component with its own columns, rows and empty text. The console's router
// (package ui) loads the data and picks the view; no view has its own code
// path for drawing, filtering, sorting or selection.
package views

import (
	"fmt"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/textsafe"
	"github.com/quell-console/quell/ui/list"
	"github.com/quell-console/quell/ui/theme"
)

// Kind names a view. The names are also the breadcrumb's last part and the
// `:` commands that open them.
type Kind string

const (
	Apps      Kind = "apps"
	Rooms     Kind = "rooms"
	Members   Kind = "members"
	Muted     Kind = "muted"
	Banned    Kind = "banned"
	Blacklist Kind = "blacklist"
	Activity  Kind = "activity"
	Outcomes  Kind = "outcomes" // one activity's per-user outcomes
)

// RoomTabs are the tabs of a room, in tab order.
var RoomTabs = []Kind{Members, Muted, Banned}

// Data is what the views are built from. The router fills the fields its
// loads answer; each view reads the ones it needs.
type Data struct {
	Apps       []backend.App
	Rooms      []backend.Room
	Members    []backend.Member // the room's members, mute state merged in
	Muted      []backend.Member // the vendor's muted list (may hold users who left)
	Blacklist  []backend.BlacklistEntry
	Activities []backend.Activity
	Activity   *backend.Activity // the one Outcomes shows

	// MemberCount is the room's size as the vendor counts it and whether
	// the vendor capped Members (Chat live rooms list at most 1,000).
	MemberCount backend.MemberCount
}

// Def is one view: the list's columns, how rows come from Data, and what an
// empty list says. Time cells (countdowns, ages) are list.Column.Live cells:
// the row holds the stable time, the list draws it against its clock.
type Def struct {
	Kind    Kind
	Title   string
	Columns func() []list.Column
	Empty   string
	// Users is true when rows are users: user actions apply to the marks or
	// to the row under the cursor.
	Users bool
	// Actions narrows the actions offered on this view; nil offers every
	// action the view's scope allows (see keys.Offered).
	Actions []backend.ActionKind
	Rows    func(d *Data, now time.Time) []list.Row
}

// Offers reports whether the view offers action k.
func (d Def) Offers(k backend.ActionKind) bool {
	if d.Actions == nil {
		return true
	}
	for _, a := range d.Actions {
		if a == k {
			return true
		}
	}
	return false
}

var defs = map[Kind]Def{}

func register(d Def) Def {
	defs[d.Kind] = d
	return d
}

// Get returns the view of kind k.
func Get(k Kind) (Def, bool) {
	d, ok := defs[k]
	return d, ok
}

// New returns an empty list for view k.
func New(k Kind, st *theme.Styles, km *keys.KeyMap) list.Model {
	d := defs[k]
	l := list.New(d.Columns(), st, km)
	l.SetEmptyText(d.Empty)
	return l
}

// clean is textsafe.Clean, named short because every cell calls it.
func clean(s string) string { return textsafe.Clean(s) }

// Remaining writes how long until t, for countdown cells: "forever",
// "9m05s", "2h03m", "6d23h"; "" when t is zero or past.
func Remaining(t, now time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case backend.IsForever(t):
		return "forever"
	case !t.After(now):
		return ""
	}
	d := t.Sub(now)
	// Round up: a mute with 0.4 s left is still a mute and must not read "0s".
	d = (d + time.Second - 1).Truncate(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return fmt.Sprintf("%dd%02dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
}

// Ago writes how long ago t was: "42s", "5m", "3h", "2d"; "" for zero.
func Ago(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return "now"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// Clock writes a time of day for the activity view, or a date when t is not
// from today, in now's location (the console's clock decides the zone, so a
// test with a UTC clock draws the same screen everywhere).
func Clock(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(now.Location())
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04:05")
	}
	return t.Format("01-02 15:04")
}

// stamp is the stable cell of a time column: what sorting, filtering and
// change detection see while the Live cell draws the countdown.
func stamp(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case backend.IsForever(t):
		return "forever"
	}
	return t.UTC().Format(time.RFC3339)
}

// liveRemaining draws the countdown to a time of the row.
func liveRemaining(at func(r *list.Row) time.Time) func(r *list.Row, now time.Time) string {
	return func(r *list.Row, now time.Time) string { return Remaining(at(r), now) }
}

// liveAgo draws how long ago the time of a row was.
func liveAgo(at func(r *list.Row) time.Time) func(r *list.Row, now time.Time) string {
	return func(r *list.Row, now time.Time) string { return Ago(at(r), now) }
}

// timeLess orders zero times last, so "not muted" rows sink under muted ones
// whichever way the column sorts first.
func timeLess(a, b time.Time) bool {
	switch {
	case a.IsZero():
		return false
	case b.IsZero():
		return true
	}
	return a.Before(b)
}
