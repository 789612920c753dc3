// Package keys is quell's keymap: every binding is a bubbles key.Binding with
// help text. Action keys come from the action table (backend.Actions), so the
// keymap, the help screen, read-only mode and roles all read one source.
package keys

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

// Disabled is the override value that removes a binding.
const Disabled = "<disabled>"

// KeyMap holds every binding of the console. Navigation keys avoid j/k: k is
// kick. Fields are exported so views can match them with key.Matches.
type KeyMap struct {
	Up, Down          key.Binding
	PageUp, PageDown  key.Binding
	Home, End         key.Binding
	Open              key.Binding // enter: open the row
	Back              key.Binding // esc: back, clear the filter, cancel
	Filter            key.Binding // /
	Command           key.Binding // :
	Select            key.Binding // space: toggle the row's mark
	SelectAll         key.Binding // A: mark every row the filter shows
	ClearSelection    key.Binding // ctrl+\
	Undo              key.Binding // z
	Refresh           key.Binding // r
	Help              key.Binding // ?
	NextTab, PrevTab  key.Binding
	Sort, ReverseSort key.Binding
	Quit, ForceQuit   key.Binding

	// actions holds one binding per action table entry, in table order.
	actions []actionBinding
}

type actionBinding struct {
	spec backend.ActionSpec
	bind key.Binding
}

// HelpContext says what the screen can offer now; help hides what the
// moderator cannot use here.
type HelpContext struct {
	ReadOnly bool
	Role     backend.Role
	Caps     backend.Capabilities
	Scope    Scope // what the view shown puts in reach (views.Def.Scope)
}

// Action returns the binding of an action; a disabled, empty binding when the
// kind is not in the table.
func (k *KeyMap) Action(kind backend.ActionKind) key.Binding {
	for _, a := range k.actions {
		if a.spec.Kind == kind {
			return a.bind
		}
	}
	return key.NewBinding(key.WithDisabled())
}

// ActionFor returns the action whose key was pressed. It does not check
// role, capability or read-only mode: the caller does, so that it can say why
// an action is refused instead of ignoring the key.
func (k *KeyMap) ActionFor(msg tea.KeyMsg) (backend.ActionSpec, bool) {
	for _, a := range k.actions {
		if key.Matches(msg, a.bind) {
			return a.spec, true
		}
	}
	return backend.ActionSpec{}, false
}

// Actions returns the action bindings in table order with their specs.
func (k *KeyMap) Actions() []ActionBinding {
	out := make([]ActionBinding, len(k.actions))
	for i, a := range k.actions {
		out[i] = ActionBinding{Spec: a.spec, Binding: a.bind}
	}
	return out
}

// ActionBinding pairs an action table entry with its (possibly rebound) key.
type ActionBinding struct {
	Spec    backend.ActionSpec
	Binding key.Binding
}
