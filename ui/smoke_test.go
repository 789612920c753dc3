package ui

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/textsafe"
)

// checkFrame holds a screen to the terminal's size: no line wider than the
// terminal, exactly as many lines as it has.
func checkFrame(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("screen has %d lines, want %d:\n%s", len(lines), h, s)
	}
	for i, l := range lines {
		// As the terminal draws it: lipgloss counts नमस्ते one cell short.
		if lw := textsafe.Width(l); lw > w {
			t.Errorf("line %d is %d wide, want ≤ %d: %q", i+1, lw, w, l)
		}
	}
}

func TestSmoke(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	s := h.waitText("lobby")
	checkFrame(t, s, 100, 30)
	h.keys("enter")
	s = h.waitText("alice")
	checkFrame(t, s, 100, 30)
}
