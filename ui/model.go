package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/theme"
	"github.com/quell-console/quell/views"
)

// Model is the console's root: it routes messages to the shell pieces and the
// screen shown, and owns nothing a view or widget can own itself.
type Model struct {
	o      Options
	st     *theme.Styles
	km     *keys.KeyMap
	help   help.Model
	bar    progress.Model
	ctx    context.Context
	cancel context.CancelFunc

	width, height int
	now           time.Time

	stack []*screen
	reqs  *requestBook

	modal    *dialog    // open dialog; nil when none
	cmdline  *cmdLine   // open command line; nil when closed
	filter   *lineInput // open filter prompt; nil when closed
	showHelp bool
	toast    *toast
	failure  *failure

	run    *actionRun // the action running; nil when none
	runSeq uint64
	last   *lastAction // what `z` undoes

	acts *activityCache

	refreshGen int
	quitting   bool

	interrupted []Interrupted // offered for resuming at start, one at a time
	draining    bool          // ShutdownMsg received: no new actions, quit when the run ends
}

func buildModel(parent context.Context, o Options, st *theme.Styles, km *keys.KeyMap) *Model {
	ctx, cancel := context.WithCancel(parent)
	m := &Model{
		o: o, st: st, km: km, ctx: ctx, cancel: cancel,
		width: 80, height: 24, now: o.Now(),
		reqs: newRequestBook(),
		acts: newActivityCache(o.Activity),
	}
	m.help = help.New()
	m.help.Styles = help.Styles{
		ShortKey: st.Help.Key, ShortDesc: st.Help.Desc, ShortSeparator: st.Help.Sep,
		FullKey: st.Help.Key, FullDesc: st.Help.Desc, FullSeparator: st.Help.Sep, Ellipsis: st.Help.Ellipsis,
	}
	m.help.ShortSeparator = st.Help.ShortSep
	m.help.FullSeparator = st.Help.FullSep
	m.bar = progress.New(progress.WithSolidFill(st.Progress.Full), progress.WithColorProfile(o.Renderer.ColorProfile()))
	m.bar.EmptyColor = st.Progress.Empty
	m.load(m.place(views.Apps, views.Target{}))
	// With one app, start in its rooms: there is nothing to choose.
	if len(o.Providers) == 1 {
		m.place(views.Rooms, views.Target{App: o.Providers[0].App().Name})
	}
	return m
}

// Init loads the first screen and starts the clocks.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.load(m.top()), m.loadActivity(), m.refreshTick(), clockTick(), m.loadInterrupted())
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
	return m, cmd
}

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
		if m.modal == nil && !m.showHelp {
			l := m.top().list()
			*l, _ = l.Update(msg)
		}
		return nil
	case loadedMsg:
		m.onLoaded(msg)
	case activityLoadedMsg:
		m.onActivityLoaded(msg)
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
	return nil
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
