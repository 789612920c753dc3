package components

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/progress"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
	"github.com/quell-console/quell/ui/theme"
)

// Progress draws a running action: what it does to whom, its counts, and a
// bar.
type Progress struct{ bar progress.Model }

// NewProgress builds the bar in the styles' colours for their renderer.
func NewProgress(st *theme.Styles) Progress {
	bar := progress.New(progress.WithSolidFill(st.Progress.Full), progress.WithColorProfile(st.Renderer.ColorProfile()))
	bar.EmptyColor = st.Progress.Empty
	return Progress{bar: bar}
}

// View draws what (e.g. "Mute 40 users in room arena") and p, width wide.
func (pr Progress) View(st *theme.Styles, what string, p backend.Progress, width int) string {
	ps := st.Progress
	counts := ps.Done.Render(fmt.Sprintf("done %d", p.Applied)) + "  " +
		ps.Fail.Render(fmt.Sprintf("failed %d", p.Failed)) + "  " +
		ps.Left.Render(fmt.Sprintf("remaining %d", p.Remaining))
	eta := ""
	if p.ETA > 0 {
		eta = ps.Left.Render("  ETA " + p.ETA.Round(time.Second).String())
	}
	// Narrow, the line gives way in this order: the ETA, then the words
	// before the counts; the counts and the way out stay (at 80 columns
	// "esc cancels" was cut off). Never the last column.
	tail := st.Help.Desc.Render("  · esc cancels")
	room := width - 1 - textsafe.Width(counts) - textsafe.Width(tail) - 2
	if textsafe.Width(what)+textsafe.Width(eta) > room {
		eta = ""
	}
	line := TruncateStyled(what, max(room, 0)) + "  " + counts + eta
	line = TruncateStyled(line, max(width-1-textsafe.Width(tail), 0)) + tail
	pct := 0.0
	if p.Total > 0 {
		pct = float64(p.Applied+p.Failed) / float64(p.Total)
	}
	bar := pr.bar
	bar.Width = max(width-8, 10)
	return line + "\n" + bar.ViewAs(pct)
}
