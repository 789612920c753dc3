package backend

import "fmt"

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
)

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

// ActionSpec declares one action once. The keymap, help, read-only mode, SSH
// roles, "not supported here" messages, confirmation and undo all read this
// table, so no view repeats it in a switch.
type ActionSpec struct {
	Kind      ActionKind
	Name      string // keymap / config name: "mute", "blacklist_add", ...
	Key       string // default key
	Title     string // short help text
	Verb      string // past tense for outcomes: "muted"
	Needs     Capability
	MinRole   Role
	Dangerous bool       // changes vendor state; hidden in read-only mode
	Inverse   ActionKind // for undo; "" when the vendor has none
	NoUndo    string     // why undo is impossible, when Inverse is ""
	// ConfirmOver: ask first when more users than this are affected; 0 means
	// always ask (dismiss), -1 never.
	ConfirmOver int
	TakesUsers  bool // false for dismiss, which acts on the room
	NeedsOwner  bool // blacklist actions act on an owner's list
}

// Actions is the action table.
var Actions = []ActionSpec{
	{Kind: ActMute, Name: "mute", Key: "m", Title: "mute", Verb: "muted", Needs: CapMute, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActUnmute, ConfirmOver: 20, TakesUsers: true},
	{Kind: ActUnmute, Name: "unmute", Key: "u", Title: "unmute", Verb: "unmuted", Needs: CapUnmute, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "unmute has no undo: mute again with m", ConfirmOver: 20, TakesUsers: true},
	{Kind: ActBlock, Name: "block", Key: "b", Title: "block audio/video", Verb: "blocked", Needs: CapBlockAV, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActUnblock, ConfirmOver: 20, TakesUsers: true},
	{Kind: ActUnblock, Name: "unblock", Key: "B", Title: "unblock audio/video", Verb: "unblocked", Needs: CapUnblockAV, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "unblock has no undo: block again with b", ConfirmOver: 20, TakesUsers: true},
	{Kind: ActKick, Name: "kick", Key: "k", Title: "kick", Verb: "kicked", Needs: CapKick, MinRole: RoleModerator,
		Dangerous: true, NoUndo: "a kick cannot be undone: the user may rejoin on their own", ConfirmOver: 20, TakesUsers: true},
	{Kind: ActBlacklistAdd, Name: "blacklist_add", Key: "x", Title: "add to blacklist", Verb: "blacklisted", Needs: CapBlacklistEdit, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActBlacklistRemove, ConfirmOver: 20, TakesUsers: true, NeedsOwner: true},
	{Kind: ActBlacklistRemove, Name: "blacklist_remove", Key: "X", Title: "remove from blacklist", Verb: "removed from blacklist", Needs: CapBlacklistEdit, MinRole: RoleModerator,
		Dangerous: true, Inverse: ActBlacklistAdd, ConfirmOver: 20, TakesUsers: true, NeedsOwner: true},
	{Kind: ActDismiss, Name: "dismiss", Key: "D", Title: "dismiss room", Verb: "dismissed", Needs: CapDismiss, MinRole: RoleAdmin,
		Dangerous: true, NoUndo: "a dismissed room cannot be restored", ConfirmOver: 0, TakesUsers: false},
}

// Spec returns the table entry for k.
func Spec(k ActionKind) (ActionSpec, bool) {
	for _, s := range Actions {
		if s.Kind == k {
			return s, true
		}
	}
	return ActionSpec{}, false
}

// SpecByName returns the table entry whose Name is n.
func SpecByName(n string) (ActionSpec, bool) {
	for _, s := range Actions {
		if s.Name == n {
			return s, true
		}
	}
	return ActionSpec{}, false
}

// MustConfirm reports whether acting on n users asks first.
func (s ActionSpec) MustConfirm(n int) bool {
	switch {
	case s.ConfirmOver == 0:
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
