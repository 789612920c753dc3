package keys

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/quell-console/quell/backend"
)

// Scope says what a view's rows put in reach of an action: per-user actions
// need rows that are users, a room action (dismiss) needs a room in scope.
// Each view declares its scope (views.Def.Scope); the scoping reads
// ActionSpec.TakesUsers, so a new action needs no change here.
type Scope uint8

const (
	// ScopeUsers: the rows are users; user actions apply to the marks or
	// to the row under the cursor.
	ScopeUsers Scope = 1 << iota
	// ScopeRoom: a room is in scope (the room shown, or the room under the
	// cursor); room actions apply to it.
	ScopeRoom
)

// ScopeNone offers no action: nothing the rows hold can be acted on.
const ScopeNone Scope = 0

// Has reports whether s includes every part of o.
func (s Scope) Has(o Scope) bool { return s&o == o }

// Offered reports whether an action is offered in ctx, and if not, why — the
// text a view shows when the moderator presses the key anyway. It checks, in
// order: read-only mode, the view's scope (ctx.Scope), the role, the room's capability.
func Offered(spec backend.ActionSpec, ctx HelpContext) (bool, string) {
	if ctx.ReadOnly && spec.Dangerous {
		return false, "read-only mode: " + spec.Title + " is turned off"
	}
	if spec.TakesUsers && !ctx.Scope.Has(ScopeUsers) {
		return false, spec.Title + " acts on users: open a room's members first"
	}
	if !spec.TakesUsers && !ctx.Scope.Has(ScopeRoom) {
		return false, spec.Title + " acts on a room: open or select a room first"
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
	if ctx.Scope != ScopeNone {
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
