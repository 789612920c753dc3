package theme

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// env is a fixed environment for a renderer, so tests never read the real
// one.
type env map[string]string

func (e env) Environ() []string {
	var out []string
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}
func (e env) Getenv(k string) string { return e[k] }

func renderer(e env) *lipgloss.Renderer {
	// CLICOLOR_FORCE makes termenv pick a colour profile for a non-terminal
	// writer; NO_COLOR must still win over it.
	r := lipgloss.NewRenderer(io.Discard, termenv.WithEnvironment(e), termenv.WithTTY(true))
	r.SetHasDarkBackground(true)
	return r
}

func TestNoColorHonoured(t *testing.T) {
	colour := New(renderer(env{"TERM": "xterm-256color", "COLORTERM": "truecolor", "CLICOLOR_FORCE": "1"}))
	if got := colour.Table.Banned.Render("x"); !strings.Contains(got, "\x1b[") {
		t.Fatalf("colour terminal rendered plain %q", got)
	}
	plain := New(renderer(env{"TERM": "xterm-256color", "COLORTERM": "truecolor", "CLICOLOR_FORCE": "1", "NO_COLOR": "1"}))
	for name, st := range map[string]lipgloss.Style{
		"banned": plain.Table.Banned, "cursor": plain.Table.Cursor, "toast": plain.Toast.Error,
		"button": plain.DangerDialog.ButtonFocused, "provider": plain.Provider,
	} {
		if got := st.Render("x"); strings.Contains(got, "\x1b") {
			t.Errorf("NO_COLOR: %s rendered %q", name, got)
		}
	}
}

func TestAdaptiveToBackground(t *testing.T) {
	dark := lipgloss.NewRenderer(io.Discard)
	dark.SetHasDarkBackground(true)
	light := lipgloss.NewRenderer(io.Discard)
	light.SetHasDarkBackground(false)
	d, l := New(dark), New(light)
	if !d.Dark || l.Dark {
		t.Errorf("Dark = %v / %v", d.Dark, l.Dark)
	}
	if d.Progress.Full == l.Progress.Full || d.Progress.Full == "" {
		t.Errorf("progress colour does not follow the background: %q / %q", d.Progress.Full, l.Progress.Full)
	}
}

// Two sessions keep their own profiles: styles are bound to their renderer.
func TestStylesBoundToRenderer(t *testing.T) {
	a := lipgloss.NewRenderer(io.Discard)
	a.SetColorProfile(termenv.TrueColor)
	b := lipgloss.NewRenderer(io.Discard)
	b.SetColorProfile(termenv.Ascii)
	sa, sb := New(a), New(b)
	if !strings.Contains(sa.Toast.OK.Render("ok"), "\x1b[") {
		t.Error("true-colour session rendered no colour")
	}
	if strings.Contains(sb.Toast.OK.Render("ok"), "\x1b") {
		t.Error("ASCII session picked up the other session's colours")
	}
}

func TestFocusShowsWithoutColour(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	s := New(r)
	on, off := s.DangerDialog.Button("Cancel", true), s.DangerDialog.Button("Cancel", false)
	if on == off || !strings.Contains(on, "[Cancel]") || lipgloss.Width(on) != lipgloss.Width(off) {
		t.Errorf("buttons focused %q blurred %q", on, off)
	}
	if a, b := s.Tabs.Tab("muted", true), s.Tabs.Tab("muted", false); a == b || lipgloss.Width(a) != lipgloss.Width(b) {
		t.Errorf("tabs active %q inactive %q", a, b)
	}
}
