package ui

import (
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/theme"
)

// lineInput is a one-line text field for dialogs and the command line.
// bubbles/textinput would pull in a clipboard module for a feature quell
// does not need; this does what the console needs and nothing more. Pasted
// or typed control characters are dropped, so a value never carries an
// escape sequence into a request or onto the screen.
type lineInput struct {
	prompt      string
	placeholder string
	limit       int // most runes; 0: no limit
	value       []rune
	pos         int // cursor, in runes
}

func newInput(prompt, placeholder string, limit int) *lineInput {
	return &lineInput{prompt: prompt, placeholder: placeholder, limit: limit}
}

// Value is the text typed so far.
func (in *lineInput) Value() string { return string(in.value) }

// SetValue replaces the text and puts the cursor at its end.
func (in *lineInput) SetValue(s string) {
	in.value, in.pos = in.value[:0], 0
	in.insert(s)
}

func (in *lineInput) insert(s string) {
	for _, r := range s {
		if unicode.IsControl(r) || (in.limit > 0 && len(in.value) >= in.limit) {
			continue
		}
		in.value = append(in.value, 0)
		copy(in.value[in.pos+1:], in.value[in.pos:])
		in.value[in.pos] = r
		in.pos++
	}
}

// Update edits the text for one key and reports whether the key was used.
func (in *lineInput) Update(msg tea.KeyMsg) bool {
	switch msg.Type {
	case tea.KeyRunes, tea.KeySpace:
		in.insert(string(msg.Runes))
	case tea.KeyBackspace, tea.KeyCtrlH:
		if in.pos > 0 {
			in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
			in.pos--
		}
	case tea.KeyDelete, tea.KeyCtrlD:
		if in.pos < len(in.value) {
			in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
		}
	case tea.KeyLeft, tea.KeyCtrlB:
		in.pos = max(in.pos-1, 0)
	case tea.KeyRight, tea.KeyCtrlF:
		in.pos = min(in.pos+1, len(in.value))
	case tea.KeyHome, tea.KeyCtrlA:
		in.pos = 0
	case tea.KeyEnd, tea.KeyCtrlE:
		in.pos = len(in.value)
	case tea.KeyCtrlU:
		in.value = append(in.value[:0], in.value[in.pos:]...)
		in.pos = 0
	case tea.KeyCtrlK:
		in.value = in.value[:in.pos]
	case tea.KeyCtrlW:
		start := in.pos
		for start > 0 && in.value[start-1] == ' ' {
			start--
		}
		for start > 0 && in.value[start-1] != ' ' {
			start--
		}
		in.value = append(in.value[:start], in.value[in.pos:]...)
		in.pos = start
	default:
		return false
	}
	return true
}

// View draws the prompt, the text and a block cursor, cut from the left to
// fit width cells so the cursor stays visible.
func (in *lineInput) View(st *theme.Styles, width int) string {
	var b strings.Builder
	b.WriteString(st.CommandLine.Prompt.Render(in.prompt))
	if len(in.value) == 0 && in.placeholder != "" {
		b.WriteString(st.Table.Cursor.Render(" "))
		b.WriteString(st.CommandLine.Completion.Render(in.placeholder))
		return b.String()
	}
	room := max(width-len([]rune(in.prompt))-1, 1)
	start := 0
	if in.pos >= room {
		start = in.pos - room + 1
	}
	end := min(len(in.value), start+room)
	b.WriteString(st.CommandLine.Input.Render(string(in.value[start:in.pos])))
	under := " "
	if in.pos < len(in.value) {
		under = string(in.value[in.pos])
	}
	b.WriteString(st.Table.Cursor.Render(under))
	if in.pos+1 <= end {
		b.WriteString(st.CommandLine.Input.Render(string(in.value[min(in.pos+1, end):end])))
	}
	return b.String()
}
