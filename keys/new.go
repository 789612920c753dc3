package keys

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/quell-console/quell/backend"
)

// builtin describes one non-action binding: its config name, where it lives
// in the KeyMap, its default keys and help text.
type builtin struct {
	name string
	get  func(*KeyMap) *key.Binding
	keys []string
	help string // help key text for the defaults; "" derives it from keys
	desc string
}

// builtins is the table of navigation and global bindings, in help order.
var builtins = []builtin{
	{"up", func(k *KeyMap) *key.Binding { return &k.Up }, []string{"up", "ctrl+p"}, "↑/ctrl+p", "up"},
	{"down", func(k *KeyMap) *key.Binding { return &k.Down }, []string{"down", "ctrl+n"}, "↓/ctrl+n", "down"},
	{"page_up", func(k *KeyMap) *key.Binding { return &k.PageUp }, []string{"pgup"}, "", "page up"},
	{"page_down", func(k *KeyMap) *key.Binding { return &k.PageDown }, []string{"pgdown"}, "", "page down"},
	{"home", func(k *KeyMap) *key.Binding { return &k.Home }, []string{"home", "g"}, "", "first row"},
	{"end", func(k *KeyMap) *key.Binding { return &k.End }, []string{"end", "G"}, "", "last row"},
	{"open", func(k *KeyMap) *key.Binding { return &k.Open }, []string{"enter"}, "", "open"},
	{"back", func(k *KeyMap) *key.Binding { return &k.Back }, []string{"esc"}, "", "back / clear"},
	{"filter", func(k *KeyMap) *key.Binding { return &k.Filter }, []string{"/"}, "", "filter"},
	{"command", func(k *KeyMap) *key.Binding { return &k.Command }, []string{":"}, "", "command"},
	{"select", func(k *KeyMap) *key.Binding { return &k.Select }, []string{" "}, "", "select"},
	{"select_all", func(k *KeyMap) *key.Binding { return &k.SelectAll }, []string{"A"}, "", "select all shown"},
	{"clear_selection", func(k *KeyMap) *key.Binding { return &k.ClearSelection }, []string{"ctrl+\\"}, "", "clear selection"},
	{"undo", func(k *KeyMap) *key.Binding { return &k.Undo }, []string{"z"}, "", "undo"},
	{"refresh", func(k *KeyMap) *key.Binding { return &k.Refresh }, []string{"r"}, "", "refresh"},
	{"help", func(k *KeyMap) *key.Binding { return &k.Help }, []string{"?"}, "", "help"},
	{"next_tab", func(k *KeyMap) *key.Binding { return &k.NextTab }, []string{"tab"}, "", "next tab"},
	{"prev_tab", func(k *KeyMap) *key.Binding { return &k.PrevTab }, []string{"shift+tab"}, "", "previous tab"},
	{"sort", func(k *KeyMap) *key.Binding { return &k.Sort }, []string{"s"}, "", "sort column"},
	{"reverse_sort", func(k *KeyMap) *key.Binding { return &k.ReverseSort }, []string{"S"}, "", "reverse sort"},
	{"quit", func(k *KeyMap) *key.Binding { return &k.Quit }, []string{"q"}, "", "quit"},
	{"force_quit", func(k *KeyMap) *key.Binding { return &k.ForceQuit }, []string{"ctrl+c"}, "", "quit now"},
}

// Names lists every overridable binding name: the built-ins, then the
// actions of the table.
func Names() []string {
	out := make([]string, 0, len(builtins)+16)
	for _, b := range builtins {
		out = append(out, b.name)
	}
	for a := range backend.Actions() {
		out = append(out, a.Name)
	}
	return out
}

// Default returns the keymap without overrides. The defaults are conflict
// free (a test holds them to it), so this cannot fail.
func Default() *KeyMap {
	k, err := New(nil)
	if err != nil {
		panic("keys: default keymap is invalid: " + err.Error())
	}
	return k
}

// New builds the keymap and applies overrides: binding name → key, several
// keys separated by commas ("up,ctrl+p"), or "<disabled>". Every problem is
// reported at once — unknown names, unreadable keys and every key bound twice
// — so a moderator fixes the config in one pass.
func New(overrides map[string]string) (*KeyMap, error) {
	k := &KeyMap{}
	var errs []error

	known := map[string]bool{}
	for _, n := range Names() {
		known[n] = true
	}
	var unknown []string
	for n := range overrides {
		if !known[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		errs = append(errs, fmt.Errorf("unknown key binding name(s) %s; valid names: %s",
			strings.Join(quoteAll(unknown), ", "), strings.Join(Names(), ", ")))
	}

	// build makes one binding from its defaults and, if present, its override.
	build := func(name string, defKeys []string, defHelp, desc string) key.Binding {
		ov, has := overrides[name]
		if !has {
			if defHelp == "" {
				defHelp = helpKeys(defKeys)
			}
			return key.NewBinding(key.WithKeys(defKeys...), key.WithHelp(defHelp, desc))
		}
		if strings.TrimSpace(ov) == Disabled {
			b := key.NewBinding(key.WithKeys(defKeys...), key.WithHelp(helpKeys(defKeys), desc), key.WithDisabled())
			return b
		}
		ks, err := parseKeys(ov)
		if err != nil {
			errs = append(errs, fmt.Errorf("key binding %q: %w", name, err))
			return key.NewBinding(key.WithKeys(defKeys...), key.WithHelp(helpKeys(defKeys), desc))
		}
		return key.NewBinding(key.WithKeys(ks...), key.WithHelp(helpKeys(ks), desc))
	}

	for _, b := range builtins {
		*b.get(k) = build(b.name, b.keys, b.help, b.desc)
	}
	for a := range backend.Actions() {
		k.actions = append(k.actions, actionBinding{spec: a, bind: build(a.Name, []string{a.Key}, "", a.Title)})
	}

	if err := k.conflicts(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return k, nil
}

// named is every binding with its config name, built-ins first.
func (k *KeyMap) named() []namedBinding {
	out := make([]namedBinding, 0, len(builtins)+len(k.actions))
	for _, b := range builtins {
		out = append(out, namedBinding{b.name, *b.get(k)})
	}
	for _, a := range k.actions {
		out = append(out, namedBinding{a.spec.Name, a.bind})
	}
	return out
}

type namedBinding struct {
	name string
	bind key.Binding
}

// Conflict is one key claimed by more than one enabled binding.
type Conflict struct {
	Key   string
	Names []string
}

// ConflictError lists every conflict of a keymap.
type ConflictError struct{ Conflicts []Conflict }

func (e *ConflictError) Error() string {
	parts := make([]string, len(e.Conflicts))
	for i, c := range e.Conflicts {
		parts[i] = fmt.Sprintf("%q is bound to %s", displayKey(c.Key), strings.Join(c.Names, " and "))
	}
	return "key conflicts: " + strings.Join(parts, "; ")
}

func (k *KeyMap) conflicts() error {
	owners := map[string][]string{}
	var order []string
	for _, nb := range k.named() {
		if !nb.bind.Enabled() {
			continue
		}
		for _, ks := range nb.bind.Keys() {
			if _, seen := owners[ks]; !seen {
				order = append(order, ks)
			}
			if !slices.Contains(owners[ks], nb.name) {
				owners[ks] = append(owners[ks], nb.name)
			}
		}
	}
	var cs []Conflict
	for _, ks := range order {
		if len(owners[ks]) > 1 {
			cs = append(cs, Conflict{Key: ks, Names: owners[ks]})
		}
	}
	if len(cs) == 0 {
		return nil
	}
	return &ConflictError{Conflicts: cs}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
