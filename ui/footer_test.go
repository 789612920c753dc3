package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Found in a real terminal: a room's footer at 80 and 100 columns was cut
// before "? help", the key a new moderator needs to find every other one.
func TestFooterKeepsHelpKeyWhenNarrow(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	for _, w := range []int{60, 80, 100} {
		h.tm.Send(tea.WindowSizeMsg{Width: w, Height: 24})
		s := h.waitFor("a redraw", func(s string) bool { return len(strings.Split(s, "\n")) == 24 })
		lines := strings.Split(s, "\n")
		if footer := lines[len(lines)-1]; !strings.Contains(footer, "? help") || !strings.Contains(footer, "m mute") {
			t.Errorf("width %d: footer %q lost ? help or the first action", w, footer)
		}
	}
	// Wide enough for every key: the usual order, help near the end.
	h.tm.Send(tea.WindowSizeMsg{Width: 250, Height: 24})
	s := h.waitFor("a wide redraw", func(s string) bool { return strings.Contains(s, "q quit") })
	lines := strings.Split(s, "\n")
	if footer := lines[len(lines)-1]; !strings.HasPrefix(strings.TrimSpace(footer), "m mute") {
		t.Errorf("wide footer %q: want the actions first", footer)
	}
}
