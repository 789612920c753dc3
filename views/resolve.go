package views

import (
	"fmt"
	"sort"
	"strings"

	"github.com/quell-console/quell/backend"
)

// This file reads the names a moderator types on the command line: an app
// (its whole name or a unique prefix of it) and a room (ROOM of the current
// app, or APP/ROOM from anywhere). Only data already loaded is consulted:
// a keystroke never makes a call.

// roomsOf is the loaded rooms of app; nil when none are loaded.
func (h Here) roomsOf(app string) []backend.Room {
	if h.RoomsOf != nil {
		return h.RoomsOf(app)
	}
	if app == h.App {
		return h.Rooms
	}
	return nil
}

// MembersIn is the loaded members of a room of app; nil when none are
// loaded.
func (h Here) MembersIn(app, room string) []backend.Member {
	if h.MembersOf != nil {
		return h.MembersOf(app, room)
	}
	if app == h.App && room == h.Room {
		return h.Members
	}
	return nil
}

// ResolveApp finds the app name names: the app of that exact name, or the
// only one whose name begins with it.
func ResolveApp(h Here, name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("type an app name: %s", strings.Join(h.Apps, ", "))
	}
	match, err := unique("app", name, h.Apps)
	if err != nil {
		return "", err
	}
	if match == "" {
		return "", fmt.Errorf("no app named %q: the apps are %s", clean(name), clean(strings.Join(h.Apps, ", ")))
	}
	return match, nil
}

// ResolveRoom reads ROOM (a room of the current app) or APP/ROOM (a room of
// any app, from anywhere). ROOM is a loaded room's ID or a unique prefix of
// the loaded IDs; a room not among them (not listed yet, or an app that
// cannot list rooms) is taken as typed, and its load says if it exists.
func ResolveRoom(h Here, arg string) (Target, error) {
	app, room := h.App, arg
	if a, r, ok := strings.Cut(arg, "/"); ok && a != "" {
		// APP/ROOM when APP names an app; a room ID holding "/" of the
		// current app otherwise.
		if name, err := ResolveApp(h, a); err == nil {
			app, room = name, r
		} else if h.App == "" {
			return Target{}, err
		}
	}
	if app == "" {
		return Target{}, fmt.Errorf("no app is open: name it with the room, APP/ROOM (apps: %s)", clean(strings.Join(h.Apps, ", ")))
	}
	if room == "" {
		return Target{}, fmt.Errorf("type a room ID after %s/", clean(app))
	}
	rooms := h.roomsOf(app)
	ids := make([]string, len(rooms))
	for i, r := range rooms {
		ids[i] = r.ID
	}
	match, err := unique("room", room, ids)
	if err != nil {
		return Target{}, err
	}
	if match != "" {
		room = match
	}
	return Target{App: app, Room: room}, nil
}

// unique is the one of names equal to typed, else the only one beginning
// with it; "" when none does; an error naming a few when several do.
func unique(what, typed string, names []string) (string, error) {
	var starts []string
	for _, n := range names {
		if n == typed {
			return n, nil
		}
		if strings.HasPrefix(n, typed) {
			starts = append(starts, n)
		}
	}
	switch len(starts) {
	case 0:
		return "", nil
	case 1:
		return starts[0], nil
	}
	sort.Strings(starts)
	shown := starts
	if len(shown) > 4 {
		shown = append(shown[:4:4], "…")
	}
	return "", fmt.Errorf("%s %q could be %s: type more of it", what, clean(typed), clean(strings.Join(shown, ", ")))
}
