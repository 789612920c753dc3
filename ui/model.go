package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
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

	activity    backend.ActivityLog
	local       *localLog // the activity of this console when no log is given
	activities  []backend.Activity
	activityIdx map[string]int
	activitySeq int64
	activityErr error
	quota       string // the shared quota's warning, "" when fine

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
		reqs:        newRequestBook(),
		activity:    o.Activity,
		activityIdx: map[string]int{},
	}
	if m.activity == nil {
		m.local = newLocalLog()
		m.activity = m.local
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
	apps := m.newScreen(views.Apps, nil)
	m.stack = []*screen{apps}
	m.load(apps)
	// With one app, start in its rooms: there is nothing to choose.
	if len(o.Providers) == 1 {
		m.stack = append(m.stack, m.newScreen(views.Rooms, o.Providers[0]))
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
	case roomsLoadedMsg:
		m.onRoomsLoaded(msg)
	case membersLoadedMsg:
		m.onMembersLoaded(msg)
	case blacklistLoadedMsg:
		m.onBlacklistLoaded(msg)
	case activityLoadedMsg:
		m.onActivityLoaded(msg)
	case watchedMsg:
		return m.onWatched(msg)
	case refreshMsg:
		return m.onRefresh(msg)
	case clockMsg:
		return m.onClock()
	case activityChangedMsg:
		return m.onActivityChanged()
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
	if s := m.top(); s.kind == views.Rooms && s.appName() == msg.app {
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

// open pushes the screen for the row under the cursor.
func (m *Model) open() tea.Cmd {
	s := m.top()
	row, ok := s.list().CursorRow()
	if !ok {
		return nil
	}
	switch s.kind {
	case views.Apps:
		return m.openApp(row.ID)
	case views.Rooms:
		return m.openRoom(s.app, row.ID)
	case views.Activity:
		return m.openOutcomes(row.ID)
	}
	return nil
}

func (m *Model) provider(name string) (backend.Provider, bool) {
	for _, p := range m.o.Providers {
		if p.App().Name == name {
			return p, true
		}
	}
	return nil, false
}

// openApp shows an app's rooms, on top of the apps list.
func (m *Model) openApp(name string) tea.Cmd {
	p, ok := m.provider(name)
	if !ok {
		return m.toastErr("no app named " + clean(name))
	}
	m.stack = m.stack[:1]
	s := m.newScreen(views.Rooms, p)
	m.stack = append(m.stack, s)
	return m.load(s)
}

// openRoom shows a room's members, on top of its app's rooms.
func (m *Model) openRoom(p backend.Provider, room string) tea.Cmd {
	for len(m.stack) > 1 && m.top().kind != views.Rooms {
		m.pop()
	}
	if m.top().kind != views.Rooms || m.top().app != p {
		m.stack = m.stack[:1]
		m.stack = append(m.stack, m.newScreen(views.Rooms, p))
	}
	s := m.newScreen(views.Members, p)
	s.room = room
	m.stack = append(m.stack, s)
	return m.load(s)
}

func (m *Model) openBlacklist(p backend.Provider, owner string) tea.Cmd {
	if !p.App().Caps.Can(backend.CapBlacklist) {
		return m.toastErr(p.App().Caps.Why(backend.CapBlacklist))
	}
	s := m.newScreen(views.Blacklist, p)
	s.owner = owner
	m.stack = append(m.stack, s)
	return m.load(s)
}

func (m *Model) openActivity() tea.Cmd {
	if m.top().kind == views.Activity {
		return nil
	}
	s := m.newScreen(views.Activity, nil)
	s.data.Activities = m.activities
	s.loaded = true
	m.stack = append(m.stack, s)
	m.rebuild(s)
	return m.loadActivity()
}

// openOutcomes shows one activity's per-user outcomes. Its app and room are
// the activity's, so the failed users can be selected and acted on again.
func (m *Model) openOutcomes(id string) tea.Cmd {
	i, ok := m.activityIdx[id]
	if !ok {
		return nil
	}
	a := m.activities[i]
	p, _ := m.provider(a.App)
	s := m.newScreen(views.Outcomes, p)
	s.actID, s.room, s.data.Activity, s.loaded = id, a.Room, &a, true
	m.stack = append(m.stack, s)
	m.rebuild(s)
	return nil
}

// pop leaves the screen shown; answers still on their way for it are then
// dropped.
func (m *Model) pop() {
	if len(m.stack) <= 1 {
		return
	}
	s := m.top()
	m.stack = m.stack[:len(m.stack)-1]
	if len(m.screensFor(s.key())) == 0 && s.key() != activityKey {
		m.reqs.forget(s.key())
	}
	m.top().list().SetNow(m.now)
}

// switchTab shows another tab of a room.
func (m *Model) switchTab(delta int) {
	s := m.top()
	tabs := s.tabs()
	if len(tabs) < 2 {
		return
	}
	i := 0
	for j, k := range tabs {
		if k == s.kind {
			i = j
		}
	}
	m.showTab(s, tabs[(i+delta+len(tabs))%len(tabs)])
}

func (m *Model) showTab(s *screen, k views.Kind) {
	s.kind = k
	if s.dirty[k] {
		m.rebuildTab(s, k)
	}
	s.list().SetNow(m.now)
}
