package keys

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

func runeKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestDefaultsAreConflictFreeAndComplete(t *testing.T) {
	k, err := New(nil)
	if err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, nb := range k.named() {
		if !nb.bind.Enabled() || len(nb.bind.Keys()) == 0 {
			t.Errorf("%s has no keys", nb.name)
		}
		if h := nb.bind.Help(); h.Key == "" || h.Desc == "" {
			t.Errorf("%s has no help text: %+v", nb.name, h)
		}
	}
	for a := range backend.Actions() {
		if got := k.Action(a.Kind).Keys(); !slices.Equal(got, []string{a.Key}) {
			t.Errorf("%s keys = %v, want the table's %q", a.Name, got, a.Key)
		}
	}
}

func TestDefaultKeys(t *testing.T) {
	k := Default()
	tests := []struct {
		msg  tea.KeyMsg
		bind key.Binding
	}{
		{tea.KeyMsg{Type: tea.KeyUp}, k.Up},
		{tea.KeyMsg{Type: tea.KeyCtrlP}, k.Up},
		{tea.KeyMsg{Type: tea.KeyCtrlN}, k.Down},
		{tea.KeyMsg{Type: tea.KeyPgDown}, k.PageDown},
		{runeKey("g"), k.Home},
		{runeKey("G"), k.End},
		{tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}, k.Select},
		{tea.KeyMsg{Type: tea.KeyCtrlBackslash}, k.ClearSelection},
		{tea.KeyMsg{Type: tea.KeyShiftTab}, k.PrevTab},
		{tea.KeyMsg{Type: tea.KeyCtrlC}, k.ForceQuit},
		{runeKey("S"), k.ReverseSort},
	}
	for _, tt := range tests {
		if !key.Matches(tt.msg, tt.bind) {
			t.Errorf("%q does not trigger %q", tt.msg.String(), tt.bind.Help().Desc)
		}
	}
	// k is kick, never up; j is nothing.
	if key.Matches(runeKey("k"), k.Up) || key.Matches(runeKey("j"), k.Down) {
		t.Error("j/k move the cursor")
	}
	spec, ok := k.ActionFor(runeKey("k"))
	if !ok || spec.Kind != backend.ActKick {
		t.Errorf("k → %v %v, want kick", spec.Kind, ok)
	}
	if _, ok := k.ActionFor(runeKey("q")); ok {
		t.Error("q is an action")
	}
}

func TestOverrides(t *testing.T) {
	// M is mute_all by default; alt+m is free.
	k, err := New(map[string]string{"mute": "alt+m", "dismiss": Disabled, "up": "up,ctrl+k", "select": "space", "quit": "ctrl+q"})
	if err != nil {
		t.Fatal(err)
	}
	if spec, ok := k.ActionFor(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("m"), Alt: true}); !ok || spec.Kind != backend.ActMute {
		t.Errorf("alt+m → %v %v, want mute", spec.Kind, ok)
	}
	if _, ok := k.ActionFor(runeKey("m")); ok {
		t.Error("m still mutes")
	}
	if _, ok := k.ActionFor(runeKey("D")); ok || k.Action(backend.ActDismiss).Enabled() {
		t.Error("disabled dismiss still fires")
	}
	if !key.Matches(tea.KeyMsg{Type: tea.KeyCtrlK}, k.Up) || key.Matches(tea.KeyMsg{Type: tea.KeyCtrlP}, k.Up) {
		t.Errorf("up keys = %v", k.Up.Keys())
	}
	if k.Up.Help().Key != "↑/ctrl+k" || k.Select.Help().Key != "space" {
		t.Errorf("help keys %q %q", k.Up.Help().Key, k.Select.Help().Key)
	}
	if key.Matches(runeKey("q"), k.Quit) || !key.Matches(tea.KeyMsg{Type: tea.KeyCtrlQ}, k.Quit) {
		t.Error("quit not rebound")
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]string
		want      []string // substrings of the error
	}{
		{"unknown name lists valid ones", map[string]string{"mutee": "m"},
			[]string{`"mutee"`, "valid names:", "mute", "blacklist_add", "force_quit"}},
		{"action onto another action", map[string]string{"mute": "k"},
			[]string{`"k" is bound to mute and kick`}},
		{"built-in onto an action", map[string]string{"up": "k"},
			[]string{`"k" is bound to up and kick`}},
		{"every conflict is listed", map[string]string{"mute": "k", "refresh": "z", "select": "/"},
			[]string{"mute and kick", "undo and refresh", `"/" is bound to filter and select`}},
		{"bad key", map[string]string{"kick": "ctl+k"}, []string{`"kick"`, `unknown key "ctl+k"`}},
		{"empty key", map[string]string{"kick": " "}, nil},
		{"unknown and conflict together", map[string]string{"nope": "x", "mute": "u"},
			[]string{`"nope"`, "mute and unmute"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.overrides)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	_, err := New(map[string]string{"mute": "k", "unmute": "k"})
	var ce *ConflictError
	if !errors.As(err, &ce) || len(ce.Conflicts) != 1 || !slices.Equal(ce.Conflicts[0].Names, []string{"mute", "unmute", "kick"}) {
		t.Errorf("conflict error = %#v", err)
	}
	// Disabling one side resolves a conflict.
	if _, err := New(map[string]string{"mute": "k", "kick": Disabled}); err != nil {
		t.Errorf("disabled binding still conflicts: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"m", "m"}, {"M", "M"}, {"space", " "}, {"Esc", "esc"}, {"escape", "esc"}, {"PgUp", "pgup"},
		{"ctrl+X", "ctrl+x"}, {"alt+M", "alt+M"}, {"shift+tab", "shift+tab"}, {"f5", "f5"}, {",", ","},
		{"ctrl+\\", "ctrl+\\"}, {"é", "é"},
	}
	for _, tt := range tests {
		got, err := parseKeys(tt.in)
		if err != nil || len(got) != 1 || got[0] != tt.want {
			t.Errorf("parseKeys(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "ctrl+", "hyper+x", "foo", "a,,b", "shift+foo"} {
		if got, err := parseKeys(bad); err == nil {
			t.Errorf("parseKeys(%q) = %q, want an error", bad, got)
		}
	}
}

func helpDescs(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Desc)
		}
	}
	return out
}

func TestHelpHidesWhatIsNotOffered(t *testing.T) {
	k := Default()
	all := backend.NewCapabilities([]backend.Capability{backend.CapMute, backend.CapUnmute, backend.CapBlockAV,
		backend.CapUnblockAV, backend.CapKick, backend.CapDismiss, backend.CapBlacklistEdit}, nil)
	zego := backend.NewCapabilities([]backend.Capability{backend.CapMute, backend.CapUnmute, backend.CapKick, backend.CapDismiss},
		map[backend.Capability]string{backend.CapBlockAV: "ZEGO rooms have no audio/video block"})

	tests := []struct {
		name    string
		ctx     HelpContext
		want    []string
		notWant []string
	}{
		{"admin sees all in members", HelpContext{Role: backend.RoleAdmin, Caps: all, Scope: ScopeUsers | ScopeRoom},
			[]string{"mute", "kick", "block audio/video", "add to blacklist", "dismiss room"}, nil},
		{"moderator cannot dismiss", HelpContext{Role: backend.RoleModerator, Caps: all, Scope: ScopeUsers | ScopeRoom},
			[]string{"mute", "kick"}, []string{"dismiss room"}},
		{"viewer sees no actions", HelpContext{Role: backend.RoleViewer, Caps: all, Scope: ScopeUsers | ScopeRoom},
			[]string{"filter", "help"}, []string{"mute", "kick"}},
		{"read-only hides dangerous", HelpContext{ReadOnly: true, Role: backend.RoleAdmin, Caps: all, Scope: ScopeUsers | ScopeRoom},
			[]string{"filter"}, []string{"mute", "unmute", "dismiss room"}},
		{"room kind lacks block", HelpContext{Role: backend.RoleAdmin, Caps: zego, Scope: ScopeUsers | ScopeRoom},
			[]string{"mute", "kick"}, []string{"block audio/video", "unblock audio/video", "add to blacklist"}},
		{"rooms view offers only room actions", HelpContext{Role: backend.RoleAdmin, Caps: all, Scope: ScopeRoom},
			[]string{"dismiss room"}, []string{"mute", "kick"}},
		{"apps view offers none", HelpContext{Role: backend.RoleAdmin, Caps: all, Scope: ScopeNone},
			nil, []string{"mute", "dismiss room"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			short := helpDescs(k.ShortHelp(tt.ctx))
			var full []string
			for _, col := range k.FullHelp(tt.ctx) {
				full = append(full, helpDescs(col)...)
			}
			for _, w := range tt.want {
				if !slices.Contains(short, w) && !slices.Contains(full, w) {
					t.Errorf("%q missing: short %v full %v", w, short, full)
				}
			}
			for _, nw := range tt.notWant {
				if slices.Contains(short, nw) || slices.Contains(full, nw) {
					t.Errorf("%q offered: short %v full %v", nw, short, full)
				}
			}
		})
	}
	mute, _ := backend.Spec(backend.ActBlock)
	if ok, why := Offered(mute, HelpContext{Role: backend.RoleAdmin, Caps: zego, Scope: ScopeUsers | ScopeRoom}); ok || why != "ZEGO rooms have no audio/video block" {
		t.Errorf("Offered(block, zego) = %v %q", ok, why)
	}
}

func TestDisabledActionLeavesHelp(t *testing.T) {
	k, err := New(map[string]string{"kick": Disabled})
	if err != nil {
		t.Fatal(err)
	}
	caps := backend.NewCapabilities([]backend.Capability{backend.CapKick, backend.CapMute}, nil)
	if got := helpDescs(k.ShortHelp(HelpContext{Role: backend.RoleAdmin, Caps: caps, Scope: ScopeUsers | ScopeRoom})); slices.Contains(got, "kick") {
		t.Errorf("disabled kick in help: %v", got)
	}
}

// Offered reads the scope a view declares, not its name: a view of users
// without a room (blacklist, an action's outcomes) offers user actions and
// refuses room ones with the reason.
func TestOfferedByScope(t *testing.T) {
	all := backend.NewCapabilities([]backend.Capability{backend.CapMute, backend.CapKick, backend.CapDismiss}, nil)
	mute, _ := backend.Spec(backend.ActMute)
	dismiss, _ := backend.Spec(backend.ActDismiss)
	tests := []struct {
		scope       Scope
		mute, disms bool
		why         string // dismiss's refusal, when refused
	}{
		{ScopeUsers | ScopeRoom, true, true, ""},
		{ScopeUsers, true, false, "acts on a room"},
		{ScopeRoom, false, true, ""},
		{ScopeNone, false, false, "acts on a room"},
	}
	for _, tt := range tests {
		ctx := HelpContext{Role: backend.RoleAdmin, Caps: all, Scope: tt.scope}
		if ok, why := Offered(mute, ctx); ok != tt.mute || (!ok && !strings.Contains(why, "acts on users")) {
			t.Errorf("scope %b: mute offered %v (%q), want %v", tt.scope, ok, why, tt.mute)
		}
		if ok, why := Offered(dismiss, ctx); ok != tt.disms || !strings.Contains(why, tt.why) {
			t.Errorf("scope %b: dismiss offered %v (%q), want %v", tt.scope, ok, why, tt.disms)
		}
	}
}
