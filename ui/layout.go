package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/textsafe"
	"github.com/quell-console/quell/ui/components"
)

// spread puts left and right on one line of width w, right-aligned, cutting
// left when both do not fit.
func spread(left, right string, w int) string {
	lw, rw := textsafe.Width(left), textsafe.Width(right)
	if lw+rw+1 > w {
		left = truncateStyled(left, max(w-rw-1, 0))
		lw = textsafe.Width(left)
	}
	gap := max(w-lw-rw, 0)
	return left + strings.Repeat(" ", gap) + right
}

// truncateStyled cuts styled text to w cells without breaking its escape
// sequences.
func truncateStyled(s string, w int) string { return components.TruncateStyled(s, w) }

// fitLines makes s exactly h lines of at most w cells.
func fitLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncateStyled(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// overlay draws box centred over the body's lines. The lines under the box
// are replaced whole: lipgloss v1 has no cell compositing, and keeping the
// rows above and below visible is what tells the moderator where they are.
func overlay(body, box string, w, h int) string {
	lines := strings.Split(body, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	boxLines := strings.Split(box, "\n")
	if len(boxLines) > len(lines) {
		boxLines = boxLines[:len(lines)]
	}
	top := (len(lines) - len(boxLines)) / 2
	for i, bl := range boxLines {
		lines[top+i] = lipgloss.PlaceHorizontal(w, lipgloss.Center, truncateStyled(bl, w))
	}
	return strings.Join(lines, "\n")
}
