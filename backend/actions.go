package backend

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
)

// ActionKind names a moderation action.
type ActionKind string

const (
	ActMute            ActionKind = "mute"
	ActUnmute          ActionKind = "unmute"
	ActBlock           ActionKind = "block"
	ActUnblock         ActionKind = "unblock"
	ActKick            ActionKind = "kick"
	ActBlacklistAdd    ActionKind = "blacklist-add"
	ActBlacklistRemove ActionKind = "blacklist-remove"
	ActDismiss         ActionKind = "dismiss"
	ActBan             ActionKind = "ban"
	ActUnban           ActionKind = "unban"
	ActMuteAll         ActionKind = "mute-all"
	ActUnmuteAll       ActionKind = "unmute-all"
)

// Capability is something a room kind can do.
type Capability string

const (
	CapListRooms     Capability = "list-rooms"
	CapListMembers   Capability = "list-members"
	CapListMuted     Capability = "list-muted"
	CapMute          Capability = "mute"
	CapUnmute        Capability = "unmute"
	CapBlockAV       Capability = "block-av"
	CapUnblockAV     Capability = "unblock-av"
	CapKick          Capability = "kick"
	CapDismiss       Capability = "dismiss"
	CapBlacklist     Capability = "blacklist"      // list
	CapBlacklistEdit Capability = "blacklist-edit" // add / remove
	CapListBanned    Capability = "list-banned"    // the provider is a BanLister
	CapBan           Capability = "ban"            // ban and unban
	CapMuteAll       Capability = "mute-all"       // mute and unmute everyone in one call
)

// listCaps are the capabilities that are not actions, in the order `quell
// apps` shows them before the actions' own.
var listCaps = []Capability{CapListRooms, CapListMembers, CapListMuted, CapListBanned, CapBlacklist}

// AllCapabilities is every capability: the lists, then each one the action
// table needs, in table order. `quell apps` reads it, so a new action's
// capability is listed without a hand-kept copy.
func AllCapabilities() []Capability {
	out := slices.Clone(listCaps)
	for _, s := range actions {
		if s.Needs != "" && !slices.Contains(out, s.Needs) {
			out = append(out, s.Needs)
		}
	}
	return out
}

// Capabilities is the set a provider declares for its room kind, with the
// reason for each missing one (shown when a moderator presses its key).
type Capabilities struct {
	Has     map[Capability]bool
	Missing map[Capability]string // why a capability is absent, in a moderator's words
}

// Can reports whether c is supported.
func (c Capabilities) Can(cap Capability) bool { return c.Has[cap] }

// Why explains a missing capability.
func (c Capabilities) Why(cap Capability) string {
	if w := c.Missing[cap]; w != "" {
		return w
	}
	return fmt.Sprintf("this room kind cannot %s", cap)
}

// NewCapabilities builds a set from the capabilities present; missing maps
// an absent capability to the reason.
func NewCapabilities(has []Capability, missing map[Capability]string) Capabilities {
	c := Capabilities{Has: map[Capability]bool{}, Missing: map[Capability]string{}}
	for _, h := range has {
		c.Has[h] = true
	}
	for k, v := range missing {
		if !c.Has[k] {
			c.Missing[k] = v
		}
	}
	return c
}

// Param is something an action's request carries besides its users and
// room. The console asks for it, the CLI makes a flag of it, the engine
// checks it: all from the table.
type Param string

const (
	ParamDuration Param = "duration" // Duration / Forever: how long (mute, ban)
	ParamAVMode   Param = "av-mode"  // AVMode: what of audio/video (block)
	ParamOwner    Param = "owner"    // Owner: whose blacklist
	ParamReason   Param = "reason"   // Reason: optional text the vendor keeps or shows
)

// Confirmation rules for ActionSpec.ConfirmOver.
const (
	ConfirmAlways = 0  // ask even for one user (or for the room)
	ConfirmNever  = -1 // never ask
)

// TypeCountOver is where a button stops being enough: an action on more
// users than this is confirmed by typing how many, so a stray enter or a
// filter the moderator forgot never reaches a whole audience.
const TypeCountOver = 1000

// ActionSpec declares one action once. The keymap, help, read-only mode, SSH
// roles, "not supported here" messages, confirmation, undo, the headless
// commands and the optimistic patch all read this table, so no view or
// command repeats it in a switch.
type ActionSpec struct {
	Kind      ActionKind
	Name      string // keymap / config name: "mute", "blacklist_add", ...
	Key       string // default key
	Title     string // short help text
	Verb      string // past tense for outcomes: "muted"
	Family    string // the word `quell apps` and the apps view use for the action and its inverse: "mute", "blacklist"
	Needs     Capability
	MinRole   Role
	Dangerous bool       // changes vendor state; hidden in read-only mode
	Inverse   ActionKind // for undo; "" when the vendor has none
	NoUndo    string     // why undo is impossible, when Inverse is ""
	// ConfirmOver: ask first when more users than this are affected;
	// ConfirmAlways (0) always asks, ConfirmNever (-1) never does.
	ConfirmOver int
	// TypeToConfirm: the confirmation is typing the room ID, not a button
	// (dismiss: it cannot be undone and ends the room for everyone). On the
	// command line it is --yes.
	TypeToConfirm bool
	TakesUsers    bool // false for room actions (dismiss), which act on the room
	EndsRoom      bool // the room is gone once the action applied (dismiss): views of it close
	// SparesStaff: the action takes something from the users (speech,
	// audio/video, their place in the room), so the room's owner and its
	// admins are left out unless the moderator includes them by name.
	SparesStaff bool
	NeedsOwner  bool    // blacklist actions act on an owner's list
	Params      []Param // what the request carries besides users and room
	// Command is the headless command: "mute", or "blacklist add" for a
	// subcommand of `quell blacklist`. Help is its one-line description.
	Command string
	Help    string
	// Effect is what the action does to a member it reached: the state
	// after, and whether the member is still in the room. nil: the action
	// changes no member (blacklist, room actions).
	Effect func(m Member, req ActionRequest, now time.Time) (after Member, stays bool)
	// RoomEffect is what a room action does to the room's state (mute-all);
	// nil for the others.
	RoomEffect func(r Room) Room
}

// Takes reports whether the action's request carries p.
func (s ActionSpec) Takes(p Param) bool { return slices.Contains(s.Params, p) }

// Apply is the action's effect on m, as the console patches its rows before
// the vendor's lists catch up. An action without an effect leaves m as it is.
func (s ActionSpec) Apply(m Member, req ActionRequest, now time.Time) (Member, bool) {
	if s.Effect == nil {
		return m, true
	}
	return s.Effect(m, req, now)
}

// BlockMode is what a block request blocks: audio and video when it names
// neither. The one place that rule lives: the engine, the TRTC plan, the
// console's patch and the journal all ask here.
func BlockMode(req ActionRequest) AVBlock {
	if req.Kind == ActUnblock {
		return AVNone
	}
	if req.AVMode == AVNone {
		return AVAll
	}
	return req.AVMode
}

// AVEffect is the audio/video block an action leaves on the users it
// reaches (block: its mode; unblock: none) and true; false for actions that
// do not touch audio/video. The journal records it.
func AVEffect(req ActionRequest) (AVBlock, bool) {
	if spec, _ := Spec(req.Kind); !spec.Takes(ParamAVMode) && req.Kind != ActUnblock {
		return AVNone, false
	}
	return BlockMode(req), true
}

// Until is when a timed action (mute, ban) started at now ends: Forever, or
// now plus its duration.
func Until(req ActionRequest, now time.Time) time.Time {
	if req.Forever {
		return Forever
	}
	return now.Add(req.Duration)
}

// actions is the action table. It is not exported: Actions, Spec and
// SpecByName hand out copies, so no caller can change it for everyone.
var actions = []ActionSpec{
	{Kind: ActMute, Name: "mute", Key: "m", Title: "mute", Verb: "muted", Family: "mute", Needs: CapMute, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActUnmute, ConfirmOver: 20, TakesUsers: true, SparesStaff: true, Params: []Param{ParamDuration},
		Command: "mute", Help: "stop users sending messages for a time (90s, 10m, 1.5h, 1d12h, 7d or forever)",
		Effect: func(m Member, req ActionRequest, now time.Time) (Member, bool) {
			m.MutedUntil = Until(req, now)
			return m, true
		}},
	{Kind: ActUnmute, Name: "unmute", Key: "u", Title: "unmute", Verb: "unmuted", Family: "mute", Needs: CapUnmute, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "unmute has no undo: mute again with m", ConfirmOver: 20, TakesUsers: true,
		Command: "unmute", Help: "let muted users send messages again",
		Effect: func(m Member, _ ActionRequest, _ time.Time) (Member, bool) {
			m.MutedUntil = time.Time{}
			return m, true
		}},
	{Kind: ActBlock, Name: "block", Key: "b", Title: "block audio/video", Verb: "blocked", Family: "block", Needs: CapBlockAV, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActUnblock, ConfirmOver: 20, TakesUsers: true, SparesStaff: true, Params: []Param{ParamAVMode},
		Command: "block", Help: "block users' audio and video (or only one of them)",
		Effect: func(m Member, req ActionRequest, _ time.Time) (Member, bool) {
			m.AVBlock = BlockMode(req)
			return m, true
		}},
	{Kind: ActUnblock, Name: "unblock", Key: "B", Title: "unblock audio/video", Verb: "unblocked", Family: "block", Needs: CapUnblockAV, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "unblock has no undo: block again with b", ConfirmOver: 20, TakesUsers: true,
		Command: "unblock", Help: "lift users' audio/video block",
		Effect: func(m Member, _ ActionRequest, _ time.Time) (Member, bool) {
			m.AVBlock = AVNone
			return m, true
		}},
	{Kind: ActKick, Name: "kick", Key: "k", Title: "kick", Verb: "kicked", Family: "kick", Needs: CapKick, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "a kick cannot be undone: the user may rejoin on their own", ConfirmOver: ConfirmAlways, TakesUsers: true, SparesStaff: true,
		Command: "kick", Help: "remove users from a room",
		Effect: func(m Member, _ ActionRequest, _ time.Time) (Member, bool) { return m, false }},
	{Kind: ActBlacklistAdd, Name: "blacklist_add", Key: "x", Title: "add to blacklist", Verb: "blacklisted", Family: "blacklist", Needs: CapBlacklistEdit, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActBlacklistRemove, ConfirmOver: 20, TakesUsers: true, SparesStaff: true, NeedsOwner: true, Params: []Param{ParamOwner},
		Command: "blacklist add", Help: "add users to the owner's blacklist"},
	{Kind: ActBlacklistRemove, Name: "blacklist_remove", Key: "X", Title: "remove from blacklist", Verb: "removed from blacklist", Family: "blacklist", Needs: CapBlacklistEdit, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActBlacklistAdd, ConfirmOver: 20, TakesUsers: true, NeedsOwner: true, Params: []Param{ParamOwner},
		Command: "blacklist remove", Help: "remove users from the owner's blacklist"},
	{Kind: ActDismiss, Name: "dismiss", EndsRoom: true, Key: "D", Title: "dismiss room", Verb: "dismissed", Family: "dismiss", Needs: CapDismiss, MinRole: RoleAdmin,
		Dangerous: true, NoUndo: "a dismissed room cannot be restored", ConfirmOver: ConfirmAlways, TypeToConfirm: true, TakesUsers: false,
		Command: "dismiss", Help: "close a room and remove everyone from it (cannot be undone)"},
	// A kick (above) cannot be undone and a ban keeps users out for a time:
	// both always ask first, even for one user.
	{Kind: ActBan, Name: "ban", Key: "n", Title: "ban", Verb: "banned", Family: "ban", Needs: CapBan, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActUnban, ConfirmOver: ConfirmAlways, TakesUsers: true, SparesStaff: true, Params: []Param{ParamDuration, ParamReason},
		Command: "ban", Help: "remove users and keep them out for a time (90s, 10m, 1.5h, 1d12h, 7d or forever)",
		Effect: func(m Member, req ActionRequest, now time.Time) (Member, bool) {
			m.BannedUntil = Until(req, now)
			return m, false
		}},
	{Kind: ActUnban, Name: "unban", Key: "N", Title: "unban", Verb: "unbanned", Family: "ban", Needs: CapBan, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "unban has no undo: ban again with n", ConfirmOver: 20, TakesUsers: true,
		Command: "unban", Help: "let banned users join again",
		Effect: func(m Member, _ ActionRequest, _ time.Time) (Member, bool) {
			m.BannedUntil = time.Time{}
			return m, true
		}},
	{Kind: ActMuteAll, Name: "mute_all", Key: "M", Title: "mute everyone", Verb: "muted everyone in", Family: "mute-all", Needs: CapMuteAll, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActUnmuteAll, ConfirmOver: ConfirmAlways, TakesUsers: false,
		Command: "mute-all", Help: "stop everyone in a room sending messages, in one call, until unmute-all",
		RoomEffect: func(r Room) Room { r.AllMuted = true; return r }},
	{Kind: ActUnmuteAll, Name: "unmute_all", Key: "U", Title: "unmute everyone", Verb: "unmuted everyone in", Family: "mute-all", Needs: CapMuteAll, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "unmute everyone has no undo: mute everyone again with M", ConfirmOver: ConfirmNever, TakesUsers: false,
		Command: "unmute-all", Help: "let everyone in a room send messages again (users muted one by one stay muted)",
		RoomEffect: func(r Room) Room { r.AllMuted = false; return r }},
}

// Actions yields a copy of every table entry, in table order (the order of
// the keymap, the help screen and the commands).
func Actions() iter.Seq[ActionSpec] {
	return func(yield func(ActionSpec) bool) {
		for _, s := range actions {
			if !yield(s.clone()) {
				return
			}
		}
	}
}

// clone copies s so that a caller changing its Params cannot change the table.
func (s ActionSpec) clone() ActionSpec {
	s.Params = slices.Clone(s.Params)
	return s
}

// Spec returns the table entry for k.
func Spec(k ActionKind) (ActionSpec, bool) {
	for _, s := range actions {
		if s.Kind == k {
			return s.clone(), true
		}
	}
	return ActionSpec{}, false
}

// SpecByName returns the table entry whose Name is n.
func SpecByName(n string) (ActionSpec, bool) {
	for _, s := range actions {
		if s.Name == n {
			return s.clone(), true
		}
	}
	return ActionSpec{}, false
}

// kindNames lists the action kinds, for "unknown action" errors.
func kindNames() []string {
	out := make([]string, len(actions))
	for i, s := range actions {
		out[i] = string(s.Kind)
	}
	return out
}

// IsStaff reports whether a member's role, as the vendor reports it, is the
// room's owner or an admin: Chat's "Owner"/"Admin" (group_member_info
// Role), ZIM's owner/admin (groupRole).
func IsStaff(role string) bool {
	switch strings.ToLower(role) {
	case "owner", "admin":
		return true
	}
	return false
}

// MustConfirm reports whether acting on n users asks first.
func (s ActionSpec) MustConfirm(n int) bool {
	switch {
	case s.ConfirmOver == ConfirmAlways:
		return true
	case s.ConfirmOver < 0:
		return false
	}
	return n > s.ConfirmOver
}

// Allowed reports whether role may run this action, and why not.
func (s ActionSpec) Allowed(r Role) error {
	if r < s.MinRole {
		return &RoleError{Action: s.Kind, Have: r, Need: s.MinRole}
	}
	return nil
}
