package components

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/progress"

	"github.com/quell-console/quell/backend"
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
	line := what + "  " +
		ps.Done.Render(fmt.Sprintf("done %d", p.Applied)) + "  " +
		ps.Fail.Render(fmt.Sprintf("failed %d", p.Failed)) + "  " +
		ps.Left.Render(fmt.Sprintf("remaining %d", p.Remaining))
	if p.ETA > 0 {
		line += ps.Left.Render("  ETA " + p.ETA.Round(time.Second).String())
	}
	line += st.Help.Desc.Render("  · esc cancels")
	pct := 0.0
	if p.Total > 0 {
		pct = float64(p.Applied+p.Failed) / float64(p.Total)
	}
	bar := pr.bar
	bar.Width = max(width-8, 10)
	return TruncateStyled(line, width) + "\n" + bar.ViewAs(pct)
}
