package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

// onDialogKey feeds a key to the open dialog and acts on its outcome.
func (m *Model) onDialogKey(msg tea.KeyMsg) tea.Cmd {
	d := m.modal
	res, choice, typed := d.update(msg)
	switch res {
	case dialogCancelled:
		m.modal = nil
		if d.onCancel != nil {
			return d.onCancel(m)
		}
		return m.toastOK("cancelled: nothing was sent")
	case dialogChosen:
		m.modal = nil
		return d.onChoose(m, choice, typed)
	}
	return nil
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

func (m *Model) mutePicker(pa *pendingAction) *dialog {
	return &dialog{
		title:   capital(pa.spec.Title) + " " + target(pa) + " for how long?",
		options: muteChoices,
		cursor:  1, // 10m: the usual answer to a heated moment
		input:   newInput("or type ", "90s, 3h, 2d…", 16),
		validate: func(s string) error {
			_, _, err := parseMuteDuration(s)
			return err
		},
		onChoose: func(m *Model, choice int, typed string) tea.Cmd {
			if choice >= 0 {
				typed = muteChoices[choice]
			}
			d, forever, err := parseMuteDuration(typed)
			if err != nil { // validated already; kept for the picker's own choices
				return m.toastErr(err.Error())
			}
			pa.req.Duration, pa.req.Forever, pa.lengthOK = d, forever, true
			return m.advance(pa)
		},
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

func (m *Model) blockPicker(pa *pendingAction) *dialog {
	opts := make([]string, len(blockModes))
	for i, b := range blockModes {
		opts[i] = b.label
	}
	return &dialog{
		title:   "Block what of " + target(pa) + "?",
		options: opts,
		onChoose: func(m *Model, choice int, _ string) tea.Cmd {
			pa.req.AVMode, pa.modeOK = blockModes[choice].mode, true
			return m.advance(pa)
		},
	}
}

func (m *Model) ownerPrompt(pa *pendingAction) *dialog {
	return &dialog{
		title: "Whose blacklist?",
		body: []string{
			fmt.Sprintf("%s: blacklists belong to one user. Type the owner's user ID (the user who will no longer hear from %s).",
				pa.spec.Title, target(pa)),
		},
		input: newInput("owner ", "user ID", 128),
		validate: func(s string) error {
			if s == "" {
				return fmt.Errorf("type the owner's user ID")
			}
			return nil
		},
		onChoose: func(m *Model, _ int, typed string) tea.Cmd {
			pa.req.Owner = typed
			return m.advance(pa)
		},
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

func (m *Model) confirmDialog(pa *pendingAction) *dialog {
	what := countUsers(len(pa.req.Users))
	if !pa.spec.TakesUsers { // a room action (mute everyone)
		what = "in room " + clean(pa.req.Room)
	}
	return &dialog{
		title:   capital(pa.spec.Title) + " " + what + "?",
		body:    confirmLines(pa),
		options: []string{"Cancel", capital(pa.spec.Title) + " " + what},
		cursor:  0, // the default is Cancel: enter alone never acts
		danger:  true,
		onChoose: func(m *Model, choice int, _ string) tea.Cmd {
			if choice != 1 {
				return m.toastOK("cancelled: nothing was sent")
			}
			return m.launch(pa)
		},
	}
}

// dismissPrompt asks the moderator to type the room ID: dismissing closes
// the room for everyone and cannot be undone.
func (m *Model) dismissPrompt(pa *pendingAction) *dialog {
	room := pa.req.Room
	return &dialog{
		title:  "Dismiss room " + clean(room) + "?",
		body:   append(confirmLines(pa), "Everyone is removed and the room is closed. Type the room ID to confirm."),
		danger: true,
		input:  newInput("room ID ", "", 256),
		validate: func(s string) error {
			if s != room {
				return fmt.Errorf("that is not the room ID: type %s exactly, or esc to cancel", clean(room))
			}
			return nil
		},
		onChoose: func(m *Model, _ int, _ string) tea.Cmd { return m.launch(pa) },
	}
}

func (m *Model) confirmQuit() tea.Cmd {
	m.modal = &dialog{
		title:   "An action is still running",
		body:    []string{"Quitting cancels it: users not yet sent will not be reached (the activity log keeps who)."},
		options: []string{"Keep running", "Cancel it and quit"},
		danger:  true,
		onChoose: func(m *Model, choice int, _ string) tea.Cmd {
			if choice == 1 {
				return m.quit()
			}
			return nil
		},
		onCancel: func(*Model) tea.Cmd { return nil },
	}
	return nil
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
