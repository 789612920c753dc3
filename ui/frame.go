package ui

import (
	"strings"

	"github.com/quell-console/quell/textsafe"
)

// clipFrame is the last guard before the frame reaches the terminal: at most
// h lines, the first (header) and last (footer) kept, and no line wider than
// w cells as the terminal draws them (textsafe.Width). Parts of the frame are
// laid out with lipgloss, which counts grapheme clusters: a name such as
// नमस्ते it counts one cell short, the terminal wrapped the line, and the
// whole screen scrolled, duplicating rows and losing the header.
func clipFrame(frame string, w, h int) string {
	if w <= 0 || h <= 0 {
		return frame
	}
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		lines = append(lines[:h-1], lines[len(lines)-1])
	}
	for i, l := range lines {
		if textsafe.Width(l) > w {
			lines[i] = textsafe.Cut(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}
