package components

import (
	"unicode"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/quell-console/quell/ui/theme"
)

// Input is a one-line text field for dialogs, the filter and the command
// line: bubbles/textinput, with two guards. Typed or pasted runes lose every
// escape sequence and control character before the field sees them, so a
// value never carries one into a request or onto the screen. And ctrl+v,
// which textinput answers with the clipboard of the machine quell runs on,
// is off: over SSH that is the server's clipboard, not the moderator's (a
// terminal's own paste arrives as bracketed paste and is kept).
type Input struct {
	ti     textinput.Model
	prompt string
}

// NewInput returns a focused field; limit is the most runes it takes (0: no
// limit).
func NewInput(st *theme.Styles, prompt, placeholder string, limit int) *Input {
	ti := textinput.New()
	ti.Prompt, ti.Placeholder, ti.CharLimit = prompt, placeholder, limit
	ti.PromptStyle = st.CommandLine.Prompt
	ti.TextStyle = st.CommandLine.Input
	ti.PlaceholderStyle = st.CommandLine.Completion
	ti.Cursor.Style = st.Table.Cursor
	ti.Cursor.TextStyle = st.CommandLine.Input
	ti.Cursor.SetMode(cursor.CursorStatic) // a blinking cursor would redraw every half second over SSH
	km := textinput.DefaultKeyMap
	km.Paste = key.NewBinding(key.WithDisabled())
	// Tab, up and down belong to the owner (completion, options, the list).
	km.AcceptSuggestion = key.NewBinding(key.WithDisabled())
	km.NextSuggestion = key.NewBinding(key.WithDisabled())
	km.PrevSuggestion = key.NewBinding(key.WithDisabled())
	ti.KeyMap = km
	ti.Focus()
	return &Input{ti: ti, prompt: prompt}
}

// Value is the text typed so far.
func (in *Input) Value() string { return in.ti.Value() }

// SetValue replaces the text and puts the cursor at its end.
func (in *Input) SetValue(s string) {
	in.ti.SetValue(string(safeRunes([]rune(s))))
	in.ti.CursorEnd()
}

// Suggest shows, greyed after the cursor, the first of lines that the
// value begins (textinput's suggestions); tab stays with the owner.
func (in *Input) Suggest(lines []string) {
	// Shown while set: textinput matches suggestions only while it shows
	// them, so switched off first it kept the old match, drawn after an
	// emptied line (a failed command seemed to stay).
	in.ti.ShowSuggestions = true
	in.ti.SetSuggestions(lines)
	in.ti.ShowSuggestions = len(lines) > 0
}

// SetWidth is the cells the field may take, prompt included.
func (in *Input) SetWidth(w int) {
	in.ti.Width = max(w-ansi.StringWidth(in.prompt)-1, 1)
	in.ti.SetCursor(in.ti.Position())
}

// Update edits the text for one key and reports whether the value changed.
func (in *Input) Update(msg tea.KeyMsg) bool {
	if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace {
		msg.Runes = safeRunes(msg.Runes)
		if len(msg.Runes) == 0 {
			return false
		}
	}
	before := in.ti.Value()
	in.ti, _ = in.ti.Update(msg)
	return in.ti.Value() != before
}

// View draws the prompt, the text and the cursor. The width only scrolls a
// long value; a short one is not padded to it, so a dialog keeps the size
// of its text.
func (in *Input) View() string {
	if in.ti.Width > 0 && ansi.StringWidth(in.ti.Value()) < in.ti.Width {
		short := in.ti
		short.Width = 0
		return short.View()
	}
	return in.ti.View()
}

// safeRunes drops whole escape sequences, then every other control
// character, from typed or pasted runes.
func safeRunes(rs []rune) []rune {
	if len(rs) == 0 {
		return rs
	}
	out := make([]rune, 0, len(rs))
	for _, r := range ansi.Strip(string(rs)) {
		if !unicode.IsControl(r) {
			out = append(out, r)
		}
	}
	return out
}
