package ui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/ui/list"
)

// onKey routes a key to whatever has the focus, innermost first: a dialog,
// the command line, the filter prompt, the help screen, then the screen.
func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.km.ForceQuit) {
		return m.quit()
	}
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !m.typing() {
		return m.onTypedAhead(msg)
	}
	switch {
	case m.modal != nil:
		if cmd, ok := m.onDetailKey(msg); ok {
			return cmd
		}
		return m.routeWidget(m.modal.Update(msg))
	case m.cmdline != nil:
		return m.routeWidget(m.cmdline.Update(msg))
	case m.filter != nil:
		return m.routeWidget(m.filter.Update(msg))
	case m.help.Open:
		return m.routeWidget(m.help.Update(msg, m.km.Back, m.km.Help, m.km.Quit))
	}
	return m.onScreenKey(msg)
}

// onTypedAhead routes keys that arrived in one read. Keys typed faster than
// the console reads them (type-ahead while a list loads, a laggy SSH link, a
// busy machine) come as one message of several runes, cut at spaces:
// ":room 42" arrives as ":room", space, "42". Unsplit, the ":" was lost and
// the space then marked a row and moved the cursor, so the enter after it
// opened the wrong room. Each rune is a key the moderator pressed: route
// them one at a time, so ":" opens the command line and the rest is typed
// into it. A bracketed paste is not split: pasted text never becomes keys.
func (m *Model) onTypedAhead(msg tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		m.relayout()
	}
	return tea.Batch(cmds...)
}

// typing reports whether a text field has the focus: it takes runes whole.
func (m *Model) typing() bool {
	return m.cmdline != nil || m.filter != nil || (m.modal != nil && m.modal.Typing())
}

func (m *Model) onScreenKey(msg tea.KeyMsg) tea.Cmd {
	s := m.top()
	l := s.list()
	km := m.km
	switch {
	case key.Matches(msg, km.Back):
		return m.back()
	case key.Matches(msg, km.Quit):
		if m.run != nil {
			return m.confirmQuit()
		}
		return m.quit()
	case key.Matches(msg, km.Command):
		m.cmdline = components.NewCmdLine(m.st, commandIDs())
	case key.Matches(msg, km.Filter):
		m.filter = components.NewFilter(m.st, l.Filter())
	case key.Matches(msg, km.Help):
		m.help.Open = true
	case key.Matches(msg, km.Refresh):
		return m.refreshNow()
	case key.Matches(msg, km.Open):
		return m.open()
	case key.Matches(msg, km.NextTab):
		m.switchTab(1)
	case key.Matches(msg, km.PrevTab):
		m.switchTab(-1)
	case key.Matches(msg, km.Sort):
		l.CycleSort()
	case key.Matches(msg, km.ReverseSort):
		l.ReverseSort()
	case key.Matches(msg, km.Select):
		l.ToggleMark()
		l.MoveCursor(1)
	case key.Matches(msg, km.SelectAll):
		if l.FilterMode() == list.FilterFuzzy && l.Filtering() {
			m.modal = confirmFuzzySelectAll(l)
			return nil
		}
		l.MarkAllShown()
	case key.Matches(msg, km.ClearSelection):
		l.ClearMarks()
	case key.Matches(msg, km.Undo):
		return m.undo()
	case key.Matches(msg, km.Retry):
		return m.retry()
	default:
		if spec, ok := km.ActionFor(msg); ok {
			return m.startAction(spec)
		}
		*l, _ = l.Update(msg)
	}
	return nil
}

// confirmFuzzySelectAll asks before A marks what a fuzzy filter shows: it
// shows rows that do not contain the text (u046132 for "~u03"), and an
// action would reach them all.
func confirmFuzzySelectAll(l *list.Model) *components.Dialog {
	n := l.Shown()
	return &components.Dialog{
		Title: fmt.Sprintf("Select %d rows matched fuzzily?", n),
		Body: []string{
			fmt.Sprintf("The fuzzy filter %s shows %d of %d rows, some of them without the text typed.", clean("/"+l.Filter()), n, l.Total()),
			"A plain /text shows only the rows that contain it.",
		},
		Options: []string{"Cancel", fmt.Sprintf("Select %d", n)},
		For:     askSelectAll{l},
	}
}

// back undoes the innermost state: a running action is cancelled, a failure
// panel closed, a filter cleared, else the screen is left.
func (m *Model) back() tea.Cmd {
	l := m.top().list()
	switch {
	case m.run != nil && !m.run.stopping:
		m.run.stopping = true
		m.run.cancel()
		return m.toastOK("cancelling: users not yet sent will not be reached")
	case m.failure != nil:
		m.failure = nil
	case l.Filter() != "":
		l.SetFilter("")
	default:
		m.pop()
	}
	return nil
}

// routeWidget acts on what a widget answered: a dialog's choice, a command
// line to run or complete, a filter typed. nil (the widget kept the key)
// does nothing.
func (m *Model) routeWidget(msg tea.Msg) tea.Cmd {
	l := m.top().list()
	switch msg := msg.(type) {
	case components.Chosen:
		m.modal = nil
		return m.onChosen(msg)
	case components.Cancelled:
		m.modal = nil
		return m.onCancelled(msg)
	case components.CommandEntered:
		return m.onCommand(msg.Line)
	case components.CompletionsWanted:
		cands := completions(msg.Line, m.completionArgs)
		if !msg.Tab {
			m.cmdline.Suggest(cands)
			return nil
		}
		m.cmdline.Complete(cands)
	case components.CommandClosed:
		m.cmdline = nil
	case components.FilterChanged:
		l.SetFilter(msg.Value)
	case components.FilterClosed:
		if msg.Clear {
			l.SetFilter("")
		}
		m.filter = nil
	case components.ListKey:
		*l, _ = l.Update(msg.Key)
	}
	return nil
}

// helpContext says what the screen offers, for the footer, the help screen
// and the "why not" of a refused key.
func (m *Model) helpContext() keys.HelpContext {
	s := m.top()
	ctx := keys.HelpContext{ReadOnly: m.o.ReadOnly, Role: m.o.Actor.Role, Scope: s.def().Scope}
	if s.app != nil {
		ctx.Caps = s.app.App().Caps
	} else {
		ctx.Caps = backend.NewCapabilities(nil, nil)
	}
	return ctx
}
