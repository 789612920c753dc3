package components

import (
	"testing"

	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/textsafe"
)

// Cut by lipgloss's count, नमस्ते नमस्ते fitted 8 cells and took 9 on screen.
func TestTruncateMeasuresAsTheTerminalDraws(t *testing.T) {
	for _, s := range []string{"नमस्ते नमस्ते", "中文中文中文", "👍🏽👍🏽👍🏽", "❤\ufe0f❤\ufe0f❤\ufe0f❤\ufe0f❤\ufe0f❤\ufe0f❤\ufe0f❤\ufe0f❤\ufe0f"} {
		styled := lipgloss.NewStyle().Bold(true).Render(s)
		for w := 1; w <= 10; w++ {
			if got := Truncate(s, w); textsafe.Width(got) > w {
				t.Errorf("Truncate(%q, %d) = %q, %d cells", s, w, got, textsafe.Width(got))
			}
			if got := TruncateStyled(styled, w); textsafe.Width(got) > w {
				t.Errorf("TruncateStyled(%q, %d) = %q, %d cells", s, w, got, textsafe.Width(got))
			}
		}
	}
}
