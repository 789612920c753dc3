package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/ui/list"
)

// What a dialog asks about. A dialog carries one in its For and hands it
// back with the answer; the router acts on the answer here.
type (
	askMuteLength struct{ pa *pendingAction }
	askBlockMode  struct{ pa *pendingAction }
	askOwner      struct{ pa *pendingAction }
	askConfirm    struct{ pa *pendingAction }
	askDismiss    struct{ pa *pendingAction }
	askQuit       struct{}
	askResume     struct{ it Interrupted }
	askSelectAll  struct{ l *list.Model } // A on a fuzzy filter
)

// onChosen acts on a dialog's answer.
func (m *Model) onChosen(c components.Chosen) tea.Cmd {
	switch ask := c.For.(type) {
	case askMuteLength:
		typed := c.Typed
		if c.Choice >= 0 {
			typed = muteChoices[c.Choice]
		}
		d, forever, err := parseMuteDuration(typed)
		if err != nil { // validated already; kept for the picker's own choices
			return m.toastErr(err.Error())
		}
		ask.pa.req.Duration, ask.pa.req.Forever, ask.pa.lengthOK = d, forever, true
		return m.advance(ask.pa)
	case askBlockMode:
		ask.pa.req.AVMode, ask.pa.modeOK = blockModes[c.Choice].mode, true
		return m.advance(ask.pa)
	case askOwner:
		ask.pa.req.Owner = c.Typed
		return m.advance(ask.pa)
	case askConfirm:
		if c.Choice != 1 {
			return m.toastOK("cancelled: nothing was sent")
		}
		return m.launch(ask.pa)
	case askDismiss:
		return m.launch(ask.pa)
	case askQuit:
		if c.Choice == 1 {
			return m.quit()
		}
	case askResume:
		return m.onResumeChosen(ask.it, c.Choice)
	case askSelectAll:
		if c.Choice == 1 {
			ask.l.MarkAllShown()
		}
	}
	return nil
}

// onCancelled acts on a dialog left with esc: nothing was sent.
func (m *Model) onCancelled(c components.Cancelled) tea.Cmd {
	switch c.For.(type) {
	case askQuit, askSelectAll:
		return nil
	case askResume:
		return m.resumeLater()
	}
	return m.toastOK("cancelled: nothing was sent")
}

// target words who an action applies to: "3 users in room lobby".
func target(pa *pendingAction) string {
	if !pa.spec.TakesUsers {
		return "room " + clean(pa.req.Room)
	}
	s := countUsers(len(pa.req.Users))
	if len(pa.req.Users) == 1 {
		s = clean(pa.req.Users[0])
	}
	if pa.req.Room != "" {
		s += " in room " + clean(pa.req.Room)
	}
	return s
}

func (f *actionFlow) mutePicker(pa *pendingAction) *components.Dialog {
	return &components.Dialog{
		Title:   capital(pa.spec.Title) + " " + target(pa) + " for how long?",
		Options: muteChoices,
		Cursor:  1, // 10m: the usual answer to a heated moment
		Input:   components.NewInput(f.st, "or type ", "90s, 3h, 2d…", 16),
		Validate: func(s string) error {
			_, _, err := parseMuteDuration(s)
			return err
		},
		For: askMuteLength{pa},
	}
}

var blockModes = []struct {
	label string
	mode  backend.AVBlock
}{
	{"audio and video", backend.AVAll},
	{"audio only", backend.AVAudio},
	{"video only", backend.AVVideo},
}

func (f *actionFlow) blockPicker(pa *pendingAction) *components.Dialog {
	opts := make([]string, len(blockModes))
	for i, b := range blockModes {
		opts[i] = b.label
	}
	return &components.Dialog{
		Title:   "Block what of " + target(pa) + "?",
		Options: opts,
		For:     askBlockMode{pa},
	}
}

func (f *actionFlow) ownerPrompt(pa *pendingAction) *components.Dialog {
	return &components.Dialog{
		Title: "Whose blacklist?",
		Body: []string{
			fmt.Sprintf("%s: blacklists belong to one user. Type the owner's user ID (the user who will no longer hear from %s).",
				pa.spec.Title, target(pa)),
		},
		Input: components.NewInput(f.st, "owner ", "user ID", 128),
		Validate: func(s string) error {
			if s == "" {
				return fmt.Errorf("type the owner's user ID")
			}
			return nil
		},
		For: askOwner{pa},
	}
}

// confirmLines words what an action will do, for its confirmation: the
// count, the room, the users the filter hides and the vendor call.
func confirmLines(pa *pendingAction) []string {
	lines := []string{}
	if pa.spec.TakesUsers {
		lines = append(lines, fmt.Sprintf("%s %s.", capital(pa.spec.Title), target(pa)))
	} else {
		lines = append(lines, fmt.Sprintf("%s %s on app %s.", capital(pa.spec.Title), clean(pa.req.Room), clean(pa.req.App)))
	}
	if pa.spec.NeedsOwner {
		lines = append(lines, "Blacklist of: "+clean(pa.req.Owner))
	}
	if pa.spec.Takes(backend.ParamDuration) {
		lines = append(lines, "For: "+formatLength(pa.req.Duration, pa.req.Forever))
	}
	if pa.hidden > 0 {
		lines = append(lines, fmt.Sprintf("%d of the selected users are hidden by the filter.", pa.hidden))
	}
	lines = append(lines, "Vendor call: "+clean(pa.call))
	if pa.spec.NoUndo != "" && pa.spec.Inverse == "" {
		lines = append(lines, pa.spec.NoUndo+".")
	}
	return lines
}

func (f *actionFlow) confirmDialog(pa *pendingAction) *components.Dialog {
	what := countUsers(len(pa.req.Users))
	if !pa.spec.TakesUsers { // a room action (mute everyone)
		what = "in room " + clean(pa.req.Room)
	}
	return &components.Dialog{
		Title:   capital(pa.spec.Title) + " " + what + "?",
		Body:    confirmLines(pa),
		Options: []string{"Cancel", capital(pa.spec.Title) + " " + what},
		Cursor:  0, // the default is Cancel: enter alone never acts
		Danger:  true,
		For:     askConfirm{pa},
	}
}

// dismissPrompt asks the moderator to type the room ID: dismissing closes
// the room for everyone and cannot be undone.
func (f *actionFlow) dismissPrompt(pa *pendingAction) *components.Dialog {
	room := pa.req.Room
	return &components.Dialog{
		Title:  "Dismiss room " + clean(room) + "?",
		Body:   append(confirmLines(pa), "Everyone is removed and the room is closed. Type the room ID to confirm."),
		Danger: true,
		Input:  components.NewInput(f.st, "room ID ", "", 256),
		Validate: func(s string) error {
			if s != room {
				return fmt.Errorf("that is not the room ID: type %s exactly, or esc to cancel", clean(room))
			}
			return nil
		},
		For: askDismiss{pa},
	}
}

func (m *Model) confirmQuit() tea.Cmd {
	m.modal = &components.Dialog{
		Title:   "An action is still running",
		Body:    []string{"Quitting cancels it: users not yet sent will not be reached (the activity log keeps who)."},
		Options: []string{"Keep running", "Cancel it and quit"},
		Danger:  true,
		For:     askQuit{},
	}
	return nil
}

func capital(s string) string { return components.Capital(s) }
