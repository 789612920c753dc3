package components

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/ui/theme"
)

// Filter is the `/` prompt: the list filters as the moderator types.
type Filter struct{ in *Input }

// Results of the filter's Update.
type (
	// FilterChanged is the filter typed so far: apply it.
	FilterChanged struct{ Value string }
	// FilterClosed ends the prompt; Clear drops the filter (esc), else it
	// is kept (enter).
	FilterClosed struct{ Clear bool }
	// ListKey is a key for the list under the prompt (moving the cursor
	// through the matches).
	ListKey struct{ Key tea.KeyMsg }
)

// NewFilter opens the prompt on the filter the list has now.
func NewFilter(st *theme.Styles, value string) *Filter {
	f := &Filter{in: NewInput(st, "/", "ID or name contains · ~fuzzy · !excludes", 256)}
	f.in.SetValue(value)
	return f
}

// Value is the filter typed so far.
func (f *Filter) Value() string { return f.in.Value() }

// SetValue replaces the filter typed.
func (f *Filter) SetValue(s string) { f.in.SetValue(s) }

// SetWidth sizes the prompt for a screen width wide.
func (f *Filter) SetWidth(width int) { f.in.SetWidth(width - 27) }

// Update handles one key: nil, or one of the results above.
func (f *Filter) Update(msg tea.KeyMsg) tea.Msg {
	switch msg.String() {
	case "esc":
		return FilterClosed{Clear: true}
	case "enter":
		return FilterClosed{}
	case "up", "down", "pgup", "pgdown":
		return ListKey{Key: msg}
	}
	if f.in.Update(msg) {
		return FilterChanged{Value: f.in.Value()}
	}
	return nil
}

// View draws the prompt and what enter and esc do.
func (f *Filter) View(st *theme.Styles) string {
	return f.in.View() + st.Help.Desc.Render("   enter keeps · esc clears")
}
