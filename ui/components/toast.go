package components

import (
	"time"

	"github.com/quell-console/quell/ui/theme"
)

// How long a toast stays: an error stays longer, to be read.
const (
	ToastOK  = 3 * time.Second
	ToastErr = 6 * time.Second
)

// Toast is a short message that leaves by itself.
type Toast struct {
	text  string
	err   bool
	until time.Time
}

// Show replaces the toast.
func (t *Toast) Show(text string, isErr bool, now time.Time) {
	d := ToastOK
	if isErr {
		d = ToastErr
	}
	*t = Toast{text: text, err: isErr, until: now.Add(d)}
}

// Update lets the clock move: a toast past its time leaves.
func (t *Toast) Update(now time.Time) {
	if t.text != "" && !now.Before(t.until) {
		*t = Toast{}
	}
}

// Shown reports whether a toast is up.
func (t *Toast) Shown() bool { return t.text != "" }

// View draws the toast; "" when none is up.
func (t *Toast) View(st *theme.Styles, width int) string {
	if t.text == "" {
		return ""
	}
	style := st.Toast.OK
	if t.err {
		style = st.Toast.Error
	}
	return style.Render(Truncate(t.text, width-2))
}
