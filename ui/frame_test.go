package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/textsafe"
)

func TestClipFrameKeepsEveryLineOnScreen(t *testing.T) {
	// lipgloss pads नमस्ते as 3 cells; tmux draws 4, so this line is 21
	// cells on screen and wrapped.
	padded := lipgloss.NewStyle().Width(20).Render("नमस्ते")
	if textsafe.Width(padded) != 21 {
		t.Fatalf("premise: lipgloss padded to %d cells as drawn", textsafe.Width(padded))
	}
	frame := strings.Join([]string{"header", padded, "row 1", "row 2", "status", "footer"}, "\n")
	got := strings.Split(clipFrame(frame, 20, 4), "\n")
	if len(got) != 4 || got[0] != "header" || got[3] != "footer" {
		t.Fatalf("frame = %q, want 4 lines from header to footer", got)
	}
	for i, l := range got {
		if w := textsafe.Width(l); w > 20 {
			t.Errorf("line %d %q is %d cells on a 20-cell terminal", i, l, w)
		}
	}
	if !strings.HasPrefix(got[1], "नमस्ते") {
		t.Errorf("clipped line lost its text: %q", got[1])
	}
}
