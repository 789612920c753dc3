package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/ui/theme"
)

// dialog is every modal of the console: a confirmation (buttons), a picker
// (options, optionally with a typed value) or a prompt (typed value only).
// While one is open the list under it neither moves nor refreshes.
//
// Keys inside a dialog are fixed (enter, esc, tab, arrows) rather than taken
// from the keymap: a moderator who rebinds "mute" must still be able to
// leave a dialog the way every terminal program is left.
type dialog struct {
	title   string
	body    []string // already sanitized lines
	options []string // buttons or choices; empty for a prompt
	cursor  int      // focused option; confirmations start on Cancel (0)
	danger  bool
	input   *lineInput // typed value; nil for a confirmation
	// validate checks a typed value before onChoose sees it.
	validate func(string) error
	errText  string
	// onChoose receives the chosen option, or -1 and the typed value.
	onChoose func(m *Model, choice int, typed string) tea.Cmd
	onCancel func(m *Model) tea.Cmd
}

// dialogResult is what a key did to the dialog.
type dialogResult int

const (
	dialogOpen dialogResult = iota
	dialogChosen
	dialogCancelled
)

// update handles one key. On dialogChosen, choice and typed say what.
func (d *dialog) update(msg tea.KeyMsg) (res dialogResult, choice int, typed string) {
	switch msg.String() {
	case "esc", "ctrl+c":
		return dialogCancelled, 0, ""
	case "enter":
		if d.input != nil && (len(d.options) == 0 || strings.TrimSpace(d.input.Value()) != "") {
			v := strings.TrimSpace(d.input.Value())
			if d.validate != nil {
				if err := d.validate(v); err != nil {
					d.errText = err.Error()
					return dialogOpen, 0, ""
				}
			}
			return dialogChosen, -1, v
		}
		if len(d.options) == 0 {
			return dialogOpen, 0, ""
		}
		return dialogChosen, d.cursor, ""
	case "tab", "right", "down":
		if len(d.options) > 0 {
			d.cursor = (d.cursor + 1) % len(d.options)
			return dialogOpen, 0, ""
		}
	case "shift+tab", "left", "up":
		if len(d.options) > 0 {
			d.cursor = (d.cursor + len(d.options) - 1) % len(d.options)
			return dialogOpen, 0, ""
		}
	}
	if d.input != nil {
		d.errText = ""
		d.input.Update(msg)
		return dialogOpen, 0, ""
	}
	return dialogOpen, 0, ""
}

// view renders the dialog box, at most width wide.
func (d *dialog) view(st *theme.Styles, width int) string {
	ds := st.Dialog
	if d.danger {
		ds = st.DangerDialog
	}
	inner := min(max(width-8, 20), 72)
	var b strings.Builder
	b.WriteString(ds.Title.Render(d.title))
	for _, l := range d.body {
		b.WriteString("\n")
		b.WriteString(ds.Body.Width(inner).Render(l))
	}
	if len(d.options) > 0 {
		b.WriteString("\n\n")
		btns := make([]string, len(d.options))
		for i, o := range d.options {
			// Brackets mark the focus without colour too (NO_COLOR, a
			// monochrome terminal): the moderator must see that Cancel is
			// the default. Both forms have the same width, so nothing shifts.
			s, label := ds.ButtonBlurred, " "+o+" "
			if i == d.cursor {
				s, label = ds.ButtonFocused, "["+o+"]"
			}
			btns[i] = s.Render(label)
		}
		b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, join(btns, " ")...))
	}
	if d.input != nil {
		b.WriteString("\n\n")
		b.WriteString(d.input.View(st, inner))
	}
	if d.errText != "" {
		b.WriteString("\n")
		b.WriteString(st.CommandLine.Error.Width(inner).Render(d.errText))
	}
	b.WriteString("\n")
	b.WriteString(st.Help.Desc.Render(d.hint()))
	return ds.Border.Render(b.String())
}

func (d *dialog) hint() string {
	switch {
	case len(d.options) > 0 && d.input != nil:
		return "←/→ choose · or type a value · enter ok · esc cancel"
	case len(d.options) > 0:
		return "tab/←/→ choose · enter ok · esc cancel"
	}
	return "enter ok · esc cancel"
}

func join(items []string, sep string) []string {
	out := make([]string, 0, 2*len(items))
	for i, it := range items {
		if i > 0 {
			out = append(out, sep)
		}
		out = append(out, it)
	}
	return out
}
