package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Found in a real terminal: at 80×24 the help screen of a room cut its
// last key column (command, refresh, help, quit) and the last commands.
func TestHelpFitsSmallTerminals(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("?")
	for _, size := range []struct{ w, h int }{{80, 24}, {100, 30}, {70, 24}} {
		small := size.w < 80
		h.tm.Send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		s := h.waitFor("a redraw", func(s string) bool { return len(strings.Split(s, "\n")) == size.h })
		for _, want := range []string{"r      refresh", "q      quit", "ctrl+c quit now", "m mute", "z undo",
			":room ID", ":blacklist OWNER", ":watch ROOM", ":q", "esc closes"} {
			if small && (strings.HasPrefix(want, ":") || want == "esc closes") {
				continue // below 80×24 the keys come first; the commands may not fit
			}
			if !strings.Contains(s, want) {
				t.Errorf("%dx%d: help lost %q:\n%s", size.w, size.h, want, s)
			}
		}
	}
}
