package views

import (
	"fmt"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
	"github.com/quell-console/quell/ui/list"
)

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
