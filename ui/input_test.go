package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestLineInputEditing(t *testing.T) {
	in := newInput(":", "", 10)
	for _, k := range []tea.KeyMsg{
		keyMsg("r"), keyMsg("o"), keyMsg("m"), {Type: tea.KeyLeft}, keyMsg("o"), {Type: tea.KeyEnd},
		keyMsg("space"), {Type: tea.KeyRunes, Runes: []rune("a\x1bb")}, // ESC pasted in is dropped
	} {
		in.Update(k)
	}
	if got := in.Value(); got != "room ab" {
		t.Fatalf("value = %q, want %q", got, "room ab")
	}
	in.Update(tea.KeyMsg{Type: tea.KeyCtrlW})
	if got := in.Value(); got != "room " {
		t.Fatalf("after ctrl+w value = %q", got)
	}
	in.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("123456789")})
	if got := in.Value(); got != "room 12345" {
		t.Fatalf("limit not kept: %q", got)
	}
	in.SetValue("app x") // replaces, and the cursor follows the end
	in.Update(keyMsg("y"))
	if got := in.Value(); got != "app xy" {
		t.Fatalf("after SetValue and typing: %q", got)
	}
	in.Update(tea.KeyMsg{Type: tea.KeyHome})
	in.Update(tea.KeyMsg{Type: tea.KeyDelete})
	in.Update(tea.KeyMsg{Type: tea.KeyBackspace}) // nothing before the cursor
	if got := in.Value(); got != "pp xy" {
		t.Fatalf("after home, delete, backspace: %q", got)
	}
}
