package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/components"
)

// The confirmation is decided by consequence, not only by count (issue #8):
// selected users the moderator cannot see, the room's owner and admins, an
// action the table says always asks, and above backend.TypeCountOver users
// the count typed.

// confirmation is the dialog an action needs before it runs, nil when it
// needs none. Prepared already: pa.call is set.
func (f *actionFlow) confirmation(pa *pendingAction) *components.Dialog {
	n := len(pa.req.Users)
	switch {
	case pa.confirmed:
		return nil
	case pa.batch != nil:
		return f.roomsPrompt(pa)
	case pa.spec.TypeToConfirm:
		return f.dismissPrompt(pa)
	case len(pa.staff) > 0 && !pa.staffChosen:
		return f.confirmDialog(pa)
	case n > backend.TypeCountOver:
		return f.countPrompt(pa)
	case pa.staffChosen: // the staff dialog was the confirmation
		return nil
	case len(pa.hidden) > 0, len(pa.scrolled) > 0, pa.undo && pa.elsewhere, pa.retry, pa.spec.MustConfirm(n):
		return f.confirmDialog(pa)
	}
	return nil
}

// share words the count against the room: "19,976 users, all of live-001",
// "45 users, 12% of lobby's 380".
func share(pa *pendingAction) string {
	n := len(pa.req.Users)
	s := thousands(n) + " users"
	if n == 1 {
		s = "1 user"
	}
	room, size := clean(pa.req.Room), pa.scope.size
	switch {
	case room == "":
		return s
	case size <= 0:
		return s + " of room " + room
	case n >= size:
		return s + ", all of " + room
	}
	pct := n * 100 / size
	if pct == 0 {
		return fmt.Sprintf("%s of %s's %s", s, room, thousands(size))
	}
	return fmt.Sprintf("%s, %d%% of %s's %s", s, pct, room, thousands(size))
}

// where names the app and the room: "app chat-eu · room The Lobby (lobby)".
func where(pa *pendingAction) string {
	s := "app " + clean(pa.req.App)
	if pa.req.Room == "" {
		return s
	}
	if name := clean(pa.scope.roomName); name != "" && name != clean(pa.req.Room) {
		return s + " · room " + name + " (" + clean(pa.req.Room) + ")"
	}
	return s + " · room " + clean(pa.req.Room)
}

// confirmLines words what an action will do, for its confirmation: where,
// how many of the room, the parameters, who the moderator cannot see, the
// owner and admins, and the vendor call.
func confirmLines(pa *pendingAction) []string {
	lines := []string{}
	if pa.undo {
		lines = append(lines, "Undoes the last "+pa.undoes+": "+pa.spec.Title+" "+target(pa)+".")
	}
	if pa.retry {
		lines = append(lines, "Retry: the users the last "+pa.spec.Title+" failed for or did not reach.")
	}
	if pa.spec.TakesUsers {
		lines = append(lines, capital(pa.spec.Title)+" "+share(pa)+".")
	} else {
		line := capital(pa.spec.Title) + ": room " + clean(pa.req.Room)
		if pa.scope.size > 0 {
			line += ", " + thousands(pa.scope.size) + " members"
		}
		lines = append(lines, line+".")
	}
	lines = append(lines, capital(where(pa))+".")
	if pa.spec.NeedsOwner {
		lines = append(lines, "Blacklist of: "+clean(pa.req.Owner))
	}
	if pa.spec.Takes(backend.ParamDuration) {
		lines = append(lines, "For: "+formatLength(pa.req.Duration, pa.req.Forever))
	}
	if len(pa.hidden) > 0 {
		lines = append(lines, fmt.Sprintf("%s of them hidden by the filter: %s.", thousands(len(pa.hidden)), nameSome(pa.hidden)))
	}
	if len(pa.scrolled) > 0 {
		lines = append(lines, fmt.Sprintf("%s of them scrolled out of view: %s.", thousands(len(pa.scrolled)), nameSome(pa.scrolled)))
	}
	if len(pa.staff) > 0 && !pa.staffChosen {
		names := make([]string, len(pa.staff))
		for i, u := range pa.staff {
			names[i] = clean(u.id) + " (" + clean(u.role) + ")"
		}
		lines = append(lines, "Owner/admins selected: "+nameSome(names)+". They are left out unless you include them.")
	}
	if pa.leftOut > 0 {
		lines = append(lines, fmt.Sprintf("Left out: %s owner/admins.", thousands(pa.leftOut)))
	}
	lines = append(lines, "Vendor call: "+clean(pa.call))
	if pa.spec.NoUndo != "" && pa.spec.Inverse == "" {
		lines = append(lines, pa.spec.NoUndo+".")
	}
	return lines
}

// nameSome lists the first listUsers names, then "+N more".
func nameSome(ids []string) string {
	shown := make([]string, 0, min(len(ids), listUsers))
	for _, id := range ids[:min(len(ids), listUsers)] {
		shown = append(shown, clean(id))
	}
	s := strings.Join(shown, ", ")
	if len(ids) > listUsers {
		s += fmt.Sprintf(" (+%d more)", len(ids)-listUsers)
	}
	return s
}

// confirmDialog asks with buttons, Cancel the default. With owner or admins
// selected it offers acting without them, then with them. Only for one
// visible user is a single key (y, or enter on the focused button) enough.
func (f *actionFlow) confirmDialog(pa *pendingAction) *components.Dialog {
	title := capital(pa.spec.Title)
	what := whatOf(pa.req.Users)
	if !pa.spec.TakesUsers { // a room action (mute everyone)
		what = "in room " + clean(pa.req.Room)
	}
	title0 := title
	switch {
	case pa.undo:
		title0 = "Undo: " + pa.spec.Title
	case pa.retry:
		title0 = "Retry: " + pa.spec.Title
	}
	ask := askConfirm{pa: pa, without: -1, with: -1}
	opts := []string{"Cancel"}
	if rest := pa.withoutStaff(); len(pa.staff) > 0 && !pa.staffChosen {
		if len(rest) > 0 {
			ask.without = len(opts)
			opts = append(opts, fmt.Sprintf("%s %s without them", title, whatOf(rest)))
		}
		ask.with = len(opts)
		opts = append(opts, fmt.Sprintf("%s all %s", title, what))
		if len(pa.req.Users) == 1 {
			opts[ask.with] = fmt.Sprintf("%s %s too", title, what)
		}
	} else {
		opts = append(opts, title+" "+what)
	}
	d := &components.Dialog{
		Title:   title0 + " " + what + "?",
		Body:    confirmLines(pa),
		Options: opts,
		Cursor:  0, // the default is Cancel: enter alone never acts on many
		Danger:  true,
		For:     ask,
	}
	if len(pa.req.Users) == 1 && len(pa.hidden)+len(pa.scrolled) == 0 && len(pa.staff) == 0 {
		d.Cursor, d.Yes, d.YesChoice = 1, "y", 1
	}
	return d
}

// whatOf words users: the user's ID for one, else a count.
func whatOf(users []string) string {
	if len(users) == 1 {
		return clean(users[0])
	}
	return thousands(len(users)) + " users"
}

// withoutStaff is the action's users less the owner and admins.
func (pa *pendingAction) withoutStaff() []string {
	staff := map[string]bool{}
	for _, u := range pa.staff {
		staff[u.id] = true
	}
	return slices.DeleteFunc(slices.Clone(pa.req.Users), func(u string) bool { return staff[u] })
}

// countPrompt asks for the count typed: above backend.TypeCountOver users
// a button is too easy to press.
func (f *actionFlow) countPrompt(pa *pendingAction) *components.Dialog {
	n := len(pa.req.Users)
	want := strconv.Itoa(n)
	return &components.Dialog{
		Title:  capital(pa.spec.Title) + " " + thousands(n) + " users?",
		Body:   append(confirmLines(pa), "Type the number of users ("+want+") to confirm."),
		Danger: true,
		Input:  components.NewInput(f.st, "users ", "", 12),
		Validate: func(s string) error {
			if strings.ReplaceAll(s, ",", "") != want {
				return fmt.Errorf("that is not the count: type %s, or esc to cancel", want)
			}
			return nil
		},
		For: askConfirm{pa: pa, without: -1, with: -1, typed: true},
	}
}

// onConfirmChosen acts on a confirmation's answer: with owner/admins left
// out or in, the action is prepared again for the users it now reaches.
func (m *Model) onConfirmChosen(ask askConfirm, choice int) tea.Cmd {
	pa := ask.pa
	switch {
	case ask.typed:
	case choice == ask.without:
		pa.req.Users, pa.leftOut = pa.withoutStaff(), len(pa.staff)
		pa.staffChosen = true
		return m.advance(pa)
	case choice == ask.with:
		pa.staffChosen = true
		return m.advance(pa)
	case choice != 1:
		return m.toastOK("cancelled: nothing was sent")
	}
	pa.confirmed = true
	return m.advance(pa)
}

// thousands writes n with comma separators: 19,976.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
