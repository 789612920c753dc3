package keys

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/quell-console/quell/backend"
)

// View names for HelpContext.View. A view decides which kinds of action make
// sense on its rows: per-user actions need a list of users, a room action
// (dismiss) needs a room in scope. The scoping reads ActionSpec.TakesUsers,
// so a new action needs no change here.
const (
	ViewApps      = "apps"
	ViewRooms     = "rooms"
	ViewMembers   = "members"
	ViewMuted     = "muted"
	ViewBanned    = "banned"
	ViewBlacklist = "blacklist"
	ViewActivity  = "activity"
	ViewOutcomes  = "outcomes" // one activity's per-user outcomes
	ViewHelp      = "help"
)

// viewScope says, per view, whether it lists users and whether a room is in
// scope. Views not listed here (and "") are not scoped.
var viewScope = map[string]struct{ users, room bool }{
	ViewApps:      {false, false},
	ViewRooms:     {false, true},
	ViewMembers:   {true, true},
	ViewMuted:     {true, true},
	ViewBanned:    {true, true},
	ViewBlacklist: {true, false},
	ViewActivity:  {false, false},
	ViewOutcomes:  {false, false},
	ViewHelp:      {false, false},
}

// Offered reports whether an action is offered in ctx, and if not, why — the
// text a view shows when the moderator presses the key anyway. It checks, in
// order: read-only mode, the view's scope, the role, the room's capability.
func Offered(spec backend.ActionSpec, ctx HelpContext) (bool, string) {
	if ctx.ReadOnly && spec.Dangerous {
		return false, "read-only mode: " + spec.Title + " is turned off"
	}
	if sc, ok := viewScope[ctx.View]; ok {
		if spec.TakesUsers && !sc.users {
			return false, spec.Title + " acts on users: open a room's members first"
		}
		if !spec.TakesUsers && !sc.room {
			return false, spec.Title + " acts on a room: open or select a room first"
		}
	}
	if err := spec.Allowed(ctx.Role); err != nil {
		return false, err.Error()
	}
	if spec.Needs != "" && !ctx.Caps.Can(spec.Needs) {
		return false, ctx.Caps.Why(spec.Needs)
	}
	return true, ""
}

// OfferedActions returns the enabled action bindings offered in ctx, in
// table order.
func (k *KeyMap) OfferedActions(ctx HelpContext) []ActionBinding {
	var out []ActionBinding
	for _, a := range k.actions {
		if !a.bind.Enabled() {
			continue
		}
		if ok, _ := Offered(a.spec, ctx); ok {
			out = append(out, ActionBinding{Spec: a.spec, Binding: a.bind})
		}
	}
	return out
}

func (k *KeyMap) offeredBindings(ctx HelpContext) []key.Binding {
	var out []key.Binding
	for _, a := range k.OfferedActions(ctx) {
		out = append(out, a.Binding)
	}
	return out
}

// ShortHelp is the footer: the actions offered here, then the few keys a new
// moderator needs to find the rest. key.Binding help skips disabled ones.
func (k *KeyMap) ShortHelp(ctx HelpContext) []key.Binding {
	out := k.offeredBindings(ctx)
	if sc, ok := viewScope[ctx.View]; !ok || sc.users || sc.room {
		out = append(out, k.Select)
	}
	return append(out, k.Filter, k.Command, k.Help, k.Quit)
}

// FullHelp is the help screen, in columns: moving, the list, actions, the
// console.
func (k *KeyMap) FullHelp(ctx HelpContext) [][]key.Binding {
	cols := [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Open, k.Back},
		{k.Filter, k.Sort, k.ReverseSort, k.Select, k.SelectAll, k.ClearSelection, k.NextTab, k.PrevTab},
	}
	acts := k.offeredBindings(ctx)
	if len(acts) > 0 {
		if !ctx.ReadOnly {
			acts = append(acts, k.Undo)
		}
		cols = append(cols, acts)
	}
	cols = append(cols, []key.Binding{k.Command, k.Refresh, k.Help, k.Quit, k.ForceQuit})
	return cols
}
