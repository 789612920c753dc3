package components

import (
	"io"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/quell-console/quell/ui/theme"
)

func testStyles() *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return theme.New(r)
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestInputEditingKeepsControlsOut(t *testing.T) {
	in := NewInput(testStyles(), ":", "", 10)
	for _, k := range []tea.KeyMsg{
		runes("r"), runes("o"), runes("m"), {Type: tea.KeyLeft}, runes("o"), {Type: tea.KeyEnd},
		{Type: tea.KeySpace, Runes: []rune{' '}},
		{Type: tea.KeyRunes, Runes: []rune("a\x1b[31mb\x07"), Paste: true}, // a colour and a bell pasted in
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
	in.Update(runes("123456789"))
	if got := in.Value(); got != "room 12345" {
		t.Fatalf("limit not kept: %q", got)
	}
	in.SetValue("app x\x1b]0;title\x07") // replaces, drops the title sequence, cursor at the end
	in.Update(runes("y"))
	if got := in.Value(); got != "app xy" {
		t.Fatalf("after SetValue and typing: %q", got)
	}
	in.Update(tea.KeyMsg{Type: tea.KeyHome})
	in.Update(tea.KeyMsg{Type: tea.KeyDelete})
	in.Update(tea.KeyMsg{Type: tea.KeyBackspace}) // nothing before the cursor
	if got := in.Value(); got != "pp xy" {
		t.Fatalf("after home, delete, backspace: %q", got)
	}
	if in.Update(tea.KeyMsg{Type: tea.KeyCtrlV}) || in.Value() != "pp xy" {
		t.Fatal("ctrl+v pasted the clipboard of the machine quell runs on")
	}
	if v := in.View(); !containsAll(v, ":", "pp xy") {
		t.Fatalf("view %q", v)
	}
}
