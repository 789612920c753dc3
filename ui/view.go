package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/ui/list"
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
	return clipFrame(strings.Join(parts, "\n"), w, m.height)
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
	if m.cmdline != nil {
		m.cmdline.SetWidth(w)
	}
	if m.filter != nil {
		m.filter.SetWidth(w)
	}
	if m.modal != nil {
		m.modal.SetWidth(w)
	}
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
	switch t := s.target; {
	case t.Room != "":
		crumbs = append(crumbs, clean(t.Room))
	case t.Owner != "":
		crumbs = append(crumbs, clean(t.Owner))
	}
	crumbs = append(crumbs, s.def().Title)
	if s.target.ActID != "" {
		crumbs = append(crumbs, clean(s.target.ActID))
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
	if s.data.Room.AllMuted { // only a room's tabs load the room's own state
		right = st.Table.Muted.Render("everyone muted") + "  " + right
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
		label := string(k)
		if l := s.lists[k]; !s.dirty[k] && s.loaded {
			label = fmt.Sprintf("%s %d", k, l.Total())
			if d, _ := views.Get(k); d.TabLabel != nil {
				label = d.TabLabel(&s.data, l.Total())
			}
		}
		// Tab brackets the active one: with NO_COLOR (or a terminal that
		// drops bold and underline) the brackets are all that tells it.
		out[i] = st.Tabs.Tab(label, k == s.kind)
	}
	hint := st.Help.Desc.Render("  tab switches")
	for _, k := range tabs {
		if d, _ := views.Get(k); d.Notice != nil && s.loaded {
			if n := d.Notice(&s.data); n != "" {
				// A capped list says so before anything else on the line is cut.
				hint = st.Filter.NoMatch.Render("  — "+n) + hint // the warning colour
			}
		}
	}
	return truncateStyled(strings.Join(out, st.Tabs.Sep.Render("│"))+hint, w)
}

func viewTitle(s *screen) string {
	if d := s.def(); d.Heading != nil {
		return d.Heading(s.target, &s.data)
	}
	return s.def().Title
}

// bodyView is the list, the help screen, or either with a dialog over it.
func (m *Model) bodyView() string {
	w, h := m.bodySize()
	var body string
	if m.help.Open {
		body = fitLines(m.helpView(w, h), w, h)
	} else {
		body = m.top().list().View()
	}
	if m.modal != nil {
		body = overlay(body, m.modal.View(m.st, w), w, h)
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
		parts = append(parts, m.failure.View(m.st, w))
	}
	switch {
	case m.cmdline != nil:
		parts = append(parts, m.cmdline.View(m.st, w))
	case m.filter != nil:
		parts = append(parts, m.filter.View(m.st))
	}
	if t := m.toast.View(m.st, w); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, "\n")
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
			text += fmt.Sprintf(" (%d hidden)", h)
		}
		seg(sb.Segment, text)
	}
	if f := l.Filter(); f != "" && m.filter == nil {
		seg(sb.Segment, "/"+clean(f))
	}
	if l.FilterMode() == list.FilterFuzzy {
		text := "fuzzy filter"
		if l.Pending() {
			text += ", matching…"
		}
		seg(sb.Segment, text)
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
	return m.help.Short(m.offered(m.km.ShortHelp(m.helpContext())), m.km.Help, w)
}

// offered drops from bs the action keys the view shown does not offer
// (a blacklist has no room to mute in).
func (m *Model) offered(bs []key.Binding) []key.Binding {
	def := m.top().def()
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
