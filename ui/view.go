package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/views"
)

// Fixed lines around the body: header and tab line above, status bar and
// short help below.
const chromeLines = 4

// View draws the screen. It reads state only, and draws only what is
// visible: the list renders its visible rows, the rest is a few lines.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	w := m.width
	parts := []string{m.headerView(w), m.subheaderView(w), m.bodyView()}
	if p := m.panelsView(w); p != "" {
		parts = append(parts, p)
	}
	parts = append(parts, m.statusView(w), m.footerView(w))
	return strings.Join(parts, "\n")
}

// panelHeight is how many lines the panels between body and status bar take
// now; relayout gives the body the rest.
func (m *Model) panelHeight() int {
	p := m.panelsView(m.width)
	if p == "" {
		return 0
	}
	return lipgloss.Height(p)
}

// bodySize is the list's size: the terminal less the chrome and panels.
func (m *Model) bodySize() (int, int) {
	return m.width, max(m.height-chromeLines-m.panelHeight(), 3)
}

// relayout resizes the lists when a panel opened or closed. Update calls it;
// View never changes state.
func (m *Model) relayout() {
	w, h := m.bodySize()
	m.help.Width = w
	for _, s := range m.stack {
		for _, l := range s.lists {
			l.SetSize(w, h)
		}
	}
}

func (m *Model) headerView(w int) string {
	st := m.st
	s := m.top()
	crumbs := []string{"quell"}
	if s.app != nil {
		crumbs = append(crumbs, clean(s.appName()))
	}
	switch {
	case s.room != "":
		crumbs = append(crumbs, clean(s.room))
	case s.owner != "":
		crumbs = append(crumbs, clean(s.owner))
	}
	crumbs = append(crumbs, string(s.kind))
	if s.kind == views.Outcomes {
		crumbs = append(crumbs, clean(s.actID))
	}
	sep := st.CrumbSep.Render(" › ")
	for i, c := range crumbs {
		crumbs[i] = st.Breadcrumb.Render(c)
	}
	left := strings.Join(crumbs, sep)
	right := ""
	if s.app != nil {
		right = st.Provider.Render(views.ProviderLabel(s.app.App().Provider))
	}
	return spread(left, right, w)
}

func (m *Model) subheaderView(w int) string {
	st := m.st
	s := m.top()
	tabs := s.tabs()
	if len(tabs) < 2 {
		title := viewTitle(s)
		return st.Title.Render(truncate(title, w))
	}
	out := make([]string, len(tabs))
	for i, k := range tabs {
		style := st.Tabs.Inactive
		if k == s.kind {
			style = st.Tabs.Active
		}
		label := string(k)
		if l := s.lists[k]; !s.dirty[k] && s.loaded {
			label = fmt.Sprintf("%s %d", k, l.Total())
		}
		out[i] = style.Render(label)
	}
	hint := st.Help.Desc.Render("  tab switches")
	return truncateStyled(strings.Join(out, st.Tabs.Sep.Render("│"))+hint, w)
}

func viewTitle(s *screen) string {
	switch s.kind {
	case views.Apps:
		return "Apps — enter opens an app's rooms"
	case views.Rooms:
		return "Rooms of " + clean(s.appName()) + " — enter opens a room"
	case views.Blacklist:
		return "Blacklist of " + clean(s.owner) + " on " + clean(s.appName())
	case views.Activity:
		return "Activity — every action with its outcomes; enter shows who was reached"
	case views.Outcomes:
		if a := s.data.Activity; a != nil {
			who := clean(a.Actor.Name)
			if a.Host != "" {
				who += " on " + clean(a.Host)
			}
			return fmt.Sprintf("%s in %s by %s: %d applied, %d failed", a.Kind, clean(a.Room), who, a.Applied, a.Failed)
		}
	}
	return string(s.kind)
}

// bodyView is the list, the help screen, or either with a dialog over it.
func (m *Model) bodyView() string {
	w, h := m.bodySize()
	var body string
	if m.showHelp {
		body = fitLines(m.helpView(w, h), w, h)
	} else {
		body = m.top().list().View()
	}
	if m.modal != nil {
		body = overlay(body, m.modal.view(m.st, w), w, h)
	}
	return body
}

// panelsView stacks what sits between the body and the status bar: the
// action's progress, the failure panel, the command line or filter, a toast.
func (m *Model) panelsView(w int) string {
	var parts []string
	if m.draining {
		parts = append(parts, m.st.Toast.Error.Render(truncate(drainText, w-2)))
	}
	if m.run != nil {
		parts = append(parts, m.progressView(w))
	}
	if m.failure != nil {
		parts = append(parts, m.failureView(w))
	}
	switch {
	case m.cmdline != nil:
		parts = append(parts, m.cmdline.view(m.st, w))
	case m.filter != nil:
		parts = append(parts, m.filter.View(m.st, w)+m.st.Help.Desc.Render("   enter keeps · esc clears"))
	}
	if m.toast != nil {
		style := m.st.Toast.OK
		if m.toast.err {
			style = m.st.Toast.Error
		}
		parts = append(parts, style.Render(truncate(m.toast.text, w-2)))
	}
	return strings.Join(parts, "\n")
}

func (m *Model) progressView(w int) string {
	r := m.run
	p := r.progress
	st := m.st.Progress
	verb := r.pending.spec.Title
	if r.stopping {
		verb = "cancelling " + verb
	}
	line := fmt.Sprintf("%s %s  ", capital(verb), target(r.pending)) +
		st.Done.Render(fmt.Sprintf("done %d", p.Applied)) + "  " +
		st.Fail.Render(fmt.Sprintf("failed %d", p.Failed)) + "  " +
		st.Left.Render(fmt.Sprintf("remaining %d", p.Remaining))
	if p.ETA > 0 {
		line += st.Left.Render("  ETA " + p.ETA.Round(time.Second).String())
	}
	line += m.st.Help.Desc.Render("  · esc cancels")
	pct := 0.0
	if p.Total > 0 {
		pct = float64(p.Applied+p.Failed) / float64(p.Total)
	}
	bar := m.bar
	bar.Width = max(w-8, 10)
	return truncateStyled(line, w) + "\n" + bar.ViewAs(pct)
}

func (m *Model) failureView(w int) string {
	f := m.failure
	st := m.st.ErrorPanel
	inner := max(w-4, 20)
	lines := []string{st.Title.Render(truncate(f.title, inner))}
	field := func(label, v string) {
		if v != "" {
			lines = append(lines, truncateStyled(st.Label.Render(fmt.Sprintf("%-11s", label))+st.Value.Render(v), inner))
		}
	}
	field("code", f.code)
	field("meaning", f.meaning)
	field("next step", f.next)
	field("request id", f.requestID)
	if len(f.users) > 0 {
		users := strings.Join(f.users, ", ")
		if f.more > 0 {
			users += fmt.Sprintf(" (+%d more)", f.more)
		}
		field("users", users)
	}
	lines = append(lines, m.st.Help.Desc.Render("esc closes · :activity lists every outcome"))
	return st.Box.Width(inner).Render(strings.Join(lines, "\n"))
}

func (m *Model) statusView(w int) string {
	sb := m.st.StatusBar
	s := m.top()
	l := s.list()
	var segs []string
	seg := func(style lipgloss.Style, text string) { segs = append(segs, style.Render(text)) }
	if m.o.ReadOnly {
		seg(sb.ReadOnly, "READ-ONLY")
	}
	if m.draining {
		seg(sb.ReadOnly, "SHUTTING DOWN")
	}
	if m.quota != "" {
		seg(sb.Stale, clean(m.quota))
	}
	seg(sb.Segment, fmt.Sprintf("%d/%d", l.Shown(), l.Total()))
	if n := l.MarkedCount(); n > 0 {
		text := fmt.Sprintf("%d selected", n)
		if h := l.MarkedHidden(); h > 0 {
			text += fmt.Sprintf(" (%d hidden by filter)", h)
		}
		seg(sb.Segment, text)
	}
	if f := l.Filter(); f != "" && m.filter == nil {
		seg(sb.Segment, "/"+clean(f))
	}
	if n := m.reqs.inFlight(); n > 0 || m.run != nil {
		text := fmt.Sprintf("%d calls in flight", n)
		if m.run != nil {
			text = fmt.Sprintf("%d list calls + 1 action in flight", n)
		}
		seg(sb.InFlight, text)
	}
	if s.err != nil {
		text := "stale since " + s.errSince.In(m.now.Location()).Format("15:04:05") + ": " + errText(s.err)
		if s.lastOK.IsZero() {
			text = "could not load: " + errText(s.err)
		}
		seg(sb.Stale, text)
	}
	right := sb.Segment.Render(clean(m.o.Actor.Name) + " · " + m.o.Actor.Role.String())
	return sb.Bar.Width(w).Render(spread(strings.Join(segs, ""), right, w))
}

func (m *Model) footerView(w int) string {
	h := m.help
	bs := m.offered(m.km.ShortHelp(m.helpContext()))
	// Too narrow for every key, the footer is cut at its end, where "? help"
	// sits: the one key that leads a new moderator to all the others (at
	// 80 and 100 columns a room's footer lost it). Then it goes first.
	if h.Width = 0; lipgloss.Width(h.ShortHelpView(bs)) > w {
		bs = helpFirst(bs, m.km.Help)
	}
	h.Width = w
	return h.ShortHelpView(bs)
}

// helpFirst moves the help binding to the front of bs.
func helpFirst(bs []key.Binding, help key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	out = append(out, help)
	for _, b := range bs {
		if b.Help() != help.Help() {
			out = append(out, b)
		}
	}
	return out
}

// offered drops from bs the action keys the view shown does not offer
// (a blacklist has no room to mute in).
func (m *Model) offered(bs []key.Binding) []key.Binding {
	def, _ := views.Get(m.top().kind)
	if def.Actions == nil {
		return bs
	}
	hidden := map[string]bool{}
	for _, ab := range m.km.Actions() {
		if !def.Offers(ab.Spec.Kind) {
			for _, k := range ab.Binding.Keys() {
				hidden[k] = true
			}
		}
	}
	out := bs[:0:0]
	for _, b := range bs {
		if ks := b.Keys(); len(ks) == 0 || !hidden[ks[0]] {
			out = append(out, b)
		}
	}
	return out
}
