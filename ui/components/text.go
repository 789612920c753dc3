// Package components holds the console's widgets — line input, dialog,
// command line, filter prompt, toast, failure panel, progress, help — apart
// from its screens (package views) and its router (package ui), as
// soft-serve splits components/ from pages/. A widget has its own Update and
// View; what the moderator did comes back as a typed result the router acts
// on, never as a callback into the router, so each is testable alone.
package components

import (
	"strings"

	"github.com/quell-console/quell/textsafe"
)

// Truncate cuts s to width cells as the terminal draws them
// (textsafe.Width): counting runes, a name in CJK took twice the cells
// counted.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return textsafe.Cut(s, width, "…")
}

// TruncateStyled cuts styled text to w cells as the terminal draws them
// (textsafe.Width, not lipgloss's grapheme count: नमस्ते is 4 cells in tmux,
// 3 by lipgloss), keeping its escape sequences.
func TruncateStyled(s string, w int) string {
	if w <= 0 {
		return textsafe.Cut(s, 0, "")
	}
	return textsafe.Cut(s, w, "…")
}

// Capital upper-cases the first letter of s.
func Capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
