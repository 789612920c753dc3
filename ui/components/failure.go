package components

import (
	"fmt"
	"strings"

	"github.com/quell-console/quell/ui/theme"
)

// Failure is the panel that stays on screen after an action failed for
// some users or was refused: what went wrong, what the code means, what to
// do, and the RequestId to quote to the vendor. esc closes it; the activity
// view keeps every outcome. Its fields are sanitized by whoever fills them.
type Failure struct {
	Title     string
	Code      string
	Meaning   string
	Next      string
	RequestID string
	Users     []string // who failed or was not reached
	More      int      // users beyond those listed
}

// View draws the panel, width wide.
func (f *Failure) View(st *theme.Styles, width int) string {
	ps := st.ErrorPanel
	inner := max(width-4, 20)
	lines := []string{ps.Title.Render(Truncate(f.Title, inner))}
	field := func(label, v string) {
		if v != "" {
			lines = append(lines, TruncateStyled(ps.Label.Render(fmt.Sprintf("%-11s", label))+ps.Value.Render(v), inner))
		}
	}
	field("code", f.Code)
	field("meaning", f.Meaning)
	field("next step", f.Next)
	field("request id", f.RequestID)
	if len(f.Users) > 0 {
		users := strings.Join(f.Users, ", ")
		if f.More > 0 {
			users += fmt.Sprintf(" (+%d more)", f.More)
		}
		field("users", users)
	}
	lines = append(lines, st.Help.Desc.Render("esc closes · :activity lists every outcome"))
	return ps.Box.Width(inner).Render(strings.Join(lines, "\n"))
}
