package components

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/ui/theme"
)

// Dialog is every modal of the console: a confirmation (buttons), a picker
// (options, optionally with a typed value) or a prompt (typed value only).
// While one is open the list under it neither moves nor refreshes.
//
// Keys inside a dialog are fixed (enter, esc, tab, arrows) rather than taken
// from the keymap: a moderator who rebinds "mute" must still be able to
// leave a dialog the way every terminal program is left.
type Dialog struct {
	Title   string
	Body    []string // already sanitized lines
	Options []string // buttons or choices; empty for a prompt
	Cursor  int      // focused option; confirmations start on Cancel (0)
	Danger  bool
	Input   *Input // typed value; nil for a confirmation
	// Validate checks a typed value before it is chosen; its error shows
	// in the dialog, which stays open.
	Validate func(string) error
	// For is what the dialog asks about, handed back in its result so the
	// router knows what the answer is for. The dialog never looks inside.
	For any
	// Hint replaces the line of keys under the dialog (a pane that takes
	// other keys than enter and esc says which).
	Hint    string
	errText string
}

// Chosen is a dialog's answer: the option chosen, or -1 and the value
// typed.
type Chosen struct {
	For    any
	Choice int
	Typed  string
}

// Cancelled is a dialog left with esc.
type Cancelled struct{ For any }

// Update handles one key: nil while the dialog stays open, else Chosen or
// Cancelled.
func (d *Dialog) Update(msg tea.KeyMsg) tea.Msg {
	switch msg.String() {
	case "esc", "ctrl+c":
		return Cancelled{For: d.For}
	case "enter":
		if d.Input != nil && (len(d.Options) == 0 || strings.TrimSpace(d.Input.Value()) != "") {
			v := strings.TrimSpace(d.Input.Value())
			if d.Validate != nil {
				if err := d.Validate(v); err != nil {
					d.errText = err.Error()
					return nil
				}
			}
			return Chosen{For: d.For, Choice: -1, Typed: v}
		}
		if len(d.Options) == 0 {
			return nil
		}
		return Chosen{For: d.For, Choice: d.Cursor}
	case "tab", "right", "down":
		if len(d.Options) > 0 {
			d.Cursor = (d.Cursor + 1) % len(d.Options)
			return nil
		}
	case "shift+tab", "left", "up":
		if len(d.Options) > 0 {
			d.Cursor = (d.Cursor + len(d.Options) - 1) % len(d.Options)
			return nil
		}
	}
	if d.Input != nil {
		d.errText = ""
		d.Input.Update(msg)
	}
	return nil
}

// Typing reports whether the dialog takes text: runes are then its, whole.
func (d *Dialog) Typing() bool { return d.Input != nil }

// SetWidth sizes the dialog's field for a screen width wide.
func (d *Dialog) SetWidth(width int) {
	if d.Input != nil {
		d.Input.SetWidth(innerWidth(width))
	}
}

func innerWidth(width int) int { return min(max(width-8, 20), 72) }

// View renders the dialog box, at most width wide.
func (d *Dialog) View(st *theme.Styles, width int) string {
	ds := st.Dialog
	if d.Danger {
		ds = st.DangerDialog
	}
	inner := innerWidth(width)
	var b strings.Builder
	b.WriteString(ds.Title.Render(d.Title))
	for _, l := range d.Body {
		b.WriteString("\n")
		b.WriteString(ds.Body.Width(inner).Render(l))
	}
	if len(d.Options) > 0 {
		b.WriteString("\n\n")
		btns := make([]string, len(d.Options))
		for i, o := range d.Options {
			// Brackets mark the focus without colour too (NO_COLOR, a
			// monochrome terminal): the moderator must see that Cancel is
			// the default. Both forms have the same width, so nothing shifts.
			s, label := ds.ButtonBlurred, " "+o+" "
			if i == d.Cursor {
				s, label = ds.ButtonFocused, "["+o+"]"
			}
			btns[i] = s.Render(label)
		}
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, join(btns, " ")...))
	}
	if d.Input != nil {
		b.WriteString("\n\n")
		b.WriteString(d.Input.View())
	}
	if d.errText != "" {
		b.WriteString("\n")
		b.WriteString(st.CommandLine.Error.Width(inner).Render(d.errText))
	}
	b.WriteString("\n")
	b.WriteString(st.Help.Desc.Render(d.hint()))
	return ds.Border.Render(b.String())
}

func (d *Dialog) hint() string {
	switch {
	case d.Hint != "":
		return d.Hint
	case len(d.Options) > 0 && d.Input != nil:
		return "←/→ choose · or type a value · enter ok · esc cancel"
	case len(d.Options) > 0:
		return "tab/←/→ choose · enter ok · esc cancel"
	}
	return "enter ok · esc cancel"
}
