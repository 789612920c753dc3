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
	askConfirm    struct {
		pa            *pendingAction
		without, with int  // the options acting without / with the owner and admins; -1 when none
		typed         bool // the count typed
	}
	askDismiss   struct{ pa *pendingAction }
	askQuit      struct{}
	askResume    struct{ it Interrupted }
	askSelectAll struct{ l *list.Model } // A on a fuzzy filter
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
		return m.onConfirmChosen(ask, c.Choice)
	case askRooms:
		return m.onRoomsChosen(ask, c)
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

// closeQuitAsk closes the quit dialog once no action runs: the question
// it asked ("cancel it and quit?") has no object left.
func (m *Model) closeQuitAsk() {
	if _, ok := m.modalFor().(askQuit); ok && m.run == nil {
		m.modal = nil
	}
}

func (m *Model) modalFor() any {
	if m.modal == nil {
		return nil
	}
	return m.modal.For
}

func capital(s string) string { return components.Capital(s) }
