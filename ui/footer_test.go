package ui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/textsafe"
)

// Found in a real terminal: a room's footer at 80 and 100 columns was cut
// before "? help", the key a new moderator needs to find every other one,
// or in the middle of a key. Too narrow for every key, the footer shows the
// view's keys first, each whole, then "? more".
func TestFooterKeepsHelpKeyWhenNarrow(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	whole := regexp.MustCompile(`^(\S+ [a-z/]+( [a-z/]+)*)$`)
	for _, w := range []int{40, 60, 80, 100} {
		h.tm.Send(tea.WindowSizeMsg{Width: w, Height: 24})
		s := h.waitFor("a redraw", func(s string) bool {
			lines := strings.Split(s, "\n")
			return len(lines) == 24 && textsafe.Width(lines[0]) <= w && strings.Contains(lines[23], "? more")
		})
		lines := strings.Split(s, "\n")
		footer := lines[len(lines)-1]
		if !strings.HasSuffix(footer, "? more") || !strings.HasPrefix(footer, "m mute") {
			t.Errorf("width %d: footer %q: want the first action first and ? more last", w, footer)
		}
		if fw := textsafe.Width(footer); fw >= w {
			t.Errorf("width %d: footer is %d cells", w, fw)
		}
		for _, item := range strings.Split(footer, " • ") {
			if !whole.MatchString(item) || strings.Contains(item, "…") {
				t.Errorf("width %d: footer item %q is cut", w, item)
			}
		}
	}
	// Wide enough for every key: the usual order, help near the end.
	h.tm.Send(tea.WindowSizeMsg{Width: 250, Height: 24})
	s := h.waitFor("a wide redraw", func(s string) bool { return strings.Contains(s, "q quit") && strings.Contains(s, "? help") })
	lines := strings.Split(s, "\n")
	if footer := lines[len(lines)-1]; !strings.HasPrefix(strings.TrimSpace(footer), "m mute") {
		t.Errorf("wide footer %q: want the actions first", footer)
	}
}

// At 80 columns the progress line was cut before "esc cancels": the words
// before the counts give way, the counts and the way out stay.
func TestProgressLineKeepsEscCancelsAt80(t *testing.T) {
	f := seedFake()
	f.batch = 1
	f.gate = make(chan struct{})
	h := openArena(t, f, testOptions(f))
	h.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("A", "m", "enter")
	h.settled("Mute 40 users?")
	h.keys("right", "enter")
	h.waitText("remaining 40")
	for _, w := range []int{80, 60, 45} {
		h.tm.Send(tea.WindowSizeMsg{Width: w, Height: 24})
		s := h.waitFor("a redraw", func(s string) bool { return textsafe.Width(strings.Split(s, "\n")[0]) <= w })
		found := false
		for _, l := range strings.Split(s, "\n") {
			if strings.HasSuffix(l, "· esc cancels") {
				found = true
				if textsafe.Width(l) >= w {
					t.Errorf("progress line is %d cells at %d columns: %q", textsafe.Width(l), w, l)
				}
				// The counts give way only to the way out.
				if w >= 60 && (!strings.Contains(l, "done 0") || !strings.Contains(l, "remaining 40")) {
					t.Errorf("at %d columns the progress line lost its counts: %q", w, l)
				}
			}
		}
		if !found {
			t.Errorf("at %d columns the progress line lost esc cancels:\n%s", w, s)
		}
	}
	close(f.gate)
}
