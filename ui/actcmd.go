package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/views"
)

// The action commands: every action of the table that takes users is a `:`
// command, `:mute ROOM USER… [DURATION]`, so a named user is muted in a few
// keys from any screen. The line only fills the request: the action then
// takes the same path as its key (actionFlow.next asks for what the line
// left out, and its confirmation rules apply unchanged).

// paramWords says how each parameter of the table is written on the line.
var paramWords = map[backend.Param]string{
	backend.ParamDuration: "[DURATION]",
	backend.ParamAVMode:   "[audio|video|both]",
	backend.ParamOwner:    "[owner=ID]",
	backend.ParamReason:   "[reason=TEXT…]",
}

// avWords are the words of a block's AV mode.
var avWords = map[string]backend.AVBlock{"both": backend.AVAll, "all": backend.AVAll, "av": backend.AVAll,
	"audio": backend.AVAudio, "video": backend.AVVideo}

// actionCommands are the action commands, in table order.
func actionCommands() []views.Command {
	var out []views.Command
	for spec := range backend.Actions() {
		if !spec.TakesUsers {
			continue
		}
		arg := "ROOM USER…"
		for _, p := range spec.Params {
			arg += " " + paramWords[p]
		}
		out = append(out, views.Command{Name: string(spec.Kind), Arg: arg, Help: spec.Help,
			CompleteWord: func(h views.Here, before []string) []string { return actionWords(spec, h, before) }})
	}
	return out
}

// actionSpecFor is the action command name runs.
func actionSpecFor(name string) (backend.ActionSpec, bool) {
	spec, ok := backend.Spec(backend.ActionKind(name))
	return spec, ok && spec.TakesUsers
}

// actionLine is an action command's line, read.
type actionLine struct {
	room     string // as typed: ROOM or APP/ROOM
	users    []string
	req      backend.ActionRequest // its Duration, Forever, AVMode, Owner and Reason
	lengthOK bool
	modeOK   bool
}

// parseActionLine reads "ROOM USER… [params]" for spec. A trailing word is
// the length (or AV mode) when it reads as one, so a user ID that reads as
// a length must be followed by the length.
func parseActionLine(spec backend.ActionSpec, arg string) (actionLine, error) {
	var al actionLine
	usage := fmt.Sprintf(":%s %s", spec.Kind, actionArg(spec))
	if spec.Takes(backend.ParamReason) {
		if before, reason, ok := strings.Cut(arg, "reason="); ok {
			arg, al.req.Reason = before, strings.TrimSpace(reason)
		}
	}
	words := strings.Fields(arg)
	if len(words) == 0 {
		return al, fmt.Errorf("ROOM is missing: %s", usage)
	}
	al.room, words = words[0], words[1:]
	rest := words[:0:0]
	for _, w := range words {
		if owner, ok := strings.CutPrefix(w, "owner="); ok && spec.Takes(backend.ParamOwner) {
			if owner == "" {
				return al, fmt.Errorf("owner= is empty: write owner=USER_ID, the user whose blacklist it is")
			}
			al.req.Owner = owner
			continue
		}
		rest = append(rest, w)
	}
	if n := len(rest); n > 1 && spec.Takes(backend.ParamDuration) {
		if d, forever, err := parseMuteDuration(rest[n-1]); err == nil {
			al.req.Duration, al.req.Forever, al.lengthOK = d, forever, true
			rest = rest[:n-1]
		}
	}
	if n := len(rest); n > 1 && spec.Takes(backend.ParamAVMode) {
		if mode, ok := avWords[strings.ToLower(rest[n-1])]; ok {
			al.req.AVMode, al.modeOK = mode, true
			rest = rest[:n-1]
		}
	}
	if len(rest) == 0 {
		return al, fmt.Errorf("USER is missing after the room: %s", usage)
	}
	for _, u := range rest { // a user named twice is acted on once
		if !slices.Contains(al.users, u) {
			al.users = append(al.users, u)
		}
	}
	return al, nil
}

// actionArg is the command's argument placeholder.
func actionArg(spec backend.ActionSpec) string {
	c, _ := findCommand(string(spec.Kind))
	return c.Arg
}

// runActionCommand puts the action the line names together and hands it to
// the action flow; a line that cannot run is an error (nothing was sent).
func (m *Model) runActionCommand(spec backend.ActionSpec, arg string) (tea.Cmd, error) {
	al, err := parseActionLine(spec, arg)
	if err != nil {
		return nil, err
	}
	t, err := views.ResolveRoom(m.here(), al.room)
	if err != nil {
		return nil, err
	}
	prov, ok := m.provider(t.App)
	if !ok {
		return nil, fmt.Errorf("no app named %q", clean(t.App))
	}
	// The line names the room and the users: the scope is theirs, whatever
	// the screen shows; the app's own capabilities decide.
	hc := keys.HelpContext{ReadOnly: m.o.ReadOnly, Role: m.o.Actor.Role, Scope: keys.ScopeUsers | keys.ScopeRoom,
		Caps: prov.App().Caps}
	if why := m.refusal(spec, hc); why != "" {
		return nil, fmt.Errorf("%s", why)
	}
	req := al.req
	req.App, req.Room, req.Kind, req.Users, req.Actor = t.App, t.Room, spec.Kind, al.users, m.o.Actor
	pa := &pendingAction{spec: spec, prov: prov, req: req, lengthOK: al.lengthOK, modeOK: al.modeOK}
	return m.advance(pa), nil
}

// actionWords completes the word after before: the room first, then the
// users loaded for it (those not named yet), then the parameters' words.
func actionWords(spec backend.ActionSpec, h views.Here, before []string) []string {
	if len(before) == 0 {
		return views.RoomArgs(h)
	}
	var out []string
	if t, err := views.ResolveRoom(h, before[0]); err == nil {
		for _, mem := range h.MembersIn(t.App, t.Room) {
			if id := clean(mem.UserID); !slices.Contains(before[1:], id) {
				out = append(out, id)
			}
		}
	}
	if len(before) > 1 {
		if spec.Takes(backend.ParamDuration) {
			out = append(out, muteChoices...)
		}
		if spec.Takes(backend.ParamAVMode) {
			out = append(out, "audio", "video", "both")
		}
	}
	return out
}
