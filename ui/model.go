package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/components"
	"github.com/quell-console/quell/ui/theme"
	"github.com/quell-console/quell/views"
)

// Model is the console's root: it holds the stack of screens, the widgets
// of the shell and the shared context, and routes each message to the one
// that owns it. It owns nothing a view, a widget or the action flow owns.
type Model struct {
	*common

	stack       []*screen
	reqs        *requestBook
	acts        *activityCache // the console's copy of the activity log
	*actionFlow                // the action being put together or running, undo, resume

	modal   *components.Dialog  // open dialog; nil when none
	cmdline *components.CmdLine // open command line; nil when closed
	filter  *components.Filter  // open filter prompt; nil when closed
	help    components.Help
	toast   components.Toast
	failure *components.Failure // the failure panel; nil when none
}

// common is what every part of one console reads: its options, styles and
// keys (nothing global, so two SSH sessions share none), the context its
// backend calls end with, its clock and its size.
type common struct {
	o      Options
	st     *theme.Styles
	km     *keys.KeyMap
	ctx    context.Context
	cancel context.CancelFunc

	width, height int
	now           time.Time
	refreshGen    int // tells a live-refresh tick of the current schedule from a stale one
	quitting      bool
	quota         string // the shared quota's warning, "" when fine
}

func buildModel(parent context.Context, o Options, st *theme.Styles, km *keys.KeyMap) *Model {
	ctx, cancel := context.WithCancel(parent)
	c := &common{o: o, st: st, km: km, ctx: ctx, cancel: cancel, width: 80, height: 24, now: o.Now()}
	m := &Model{
		common:     c,
		reqs:       newRequestBook(),
		acts:       newActivityCache(o.Activity),
		actionFlow: newActionFlow(c),
		help:       components.NewHelp(st),
	}
	m.load(m.place(views.Apps, views.Target{}))
	// With one app, start in its rooms: there is nothing to choose.
	if len(o.Providers) == 1 {
		m.place(views.Rooms, views.Target{App: o.Providers[0].App().Name})
	}
	return m
}

// Init loads the first screen and starts the clocks.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.load(m.top()), m.loadActivity(), m.refreshTick(), clockTick(), m.loadInterrupted(), m.watchActivity())
}

// shutdown ends every backend call of the console (a running action stops
// and records who was not reached).
func (m *Model) shutdown() {
	m.cancel()
}

// Update routes one message, then gives the body what the panels leave.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.route(msg)
	m.relayout()
	return m, tea.Batch(cmd, m.listWork(msg))
}

// route hands a message to its owner: keys to the focus, widget results
// to what acts on them, answers to the loads and the action flow.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		for _, s := range m.stack {
			m.sizeScreen(s)
		}
		return nil
	case tea.KeyMsg:
		return m.onKey(msg)
	case tea.MouseMsg:
		if m.modal == nil && !m.help.Open {
			l := m.top().list()
			*l, _ = l.Update(msg)
		}
		return nil
	case loadedMsg:
		m.onLoaded(msg)
	case activityLoadedMsg:
		m.onActivityLoaded(msg)
	case activityChangedMsg:
		return m.onActivityChanged()
	case watchedMsg:
		return m.onWatched(msg)
	case refreshMsg:
		return m.onRefresh(msg)
	case clockMsg:
		return m.onClock()
	case actionProgressMsg:
		return m.onProgress(msg)
	case actionDoneMsg:
		cmd := m.onDone(msg)
		m.closeQuitAsk()
		if m.draining && m.run == nil {
			return tea.Batch(cmd, m.quit())
		}
		return cmd
	case ShutdownMsg:
		return m.onShutdown()
	case interruptedMsg:
		return m.onInterrupted(msg)
	case resumeReadyMsg:
		return m.onResumeReady(msg)
	case resumeSettledMsg:
		return m.onResumeSettled(msg)
	}
	return m.routeWidget(msg)
}

func (m *Model) onWatched(msg watchedMsg) tea.Cmd {
	if msg.err != nil {
		return m.toastErr("watch " + clean(msg.room) + ": " + errText(msg.err))
	}
	var cmd tea.Cmd
	if s := m.top(); s.def().RoomRows && s.appName() == msg.app {
		cmd = m.refreshNow()
	}
	return tea.Batch(cmd, m.toastOK("watching room "+clean(msg.room)))
}

// quit ends the program; a running action is cancelled first so its
// outcome says who was not reached.
func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.shutdown()
	return tea.Quit
}
