package theme

import "github.com/charmbracelet/lipgloss"

// New builds the styles for one renderer. It reads the renderer's background
// once, here, so call it before the program starts (the background query
// talks to the terminal and must not race bubbletea's input reader).
func New(r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	ns := r.NewStyle
	dark := r.HasDarkBackground()
	s := &Styles{Renderer: r, Dark: dark}

	s.App = ns()
	s.Header = ns().Bold(true).Foreground(colText)
	s.Breadcrumb = ns().Foreground(colAccent).Bold(true)
	s.CrumbSep = ns().Foreground(colSubtle)
	s.Provider = ns().Foreground(colOnAccent).Background(colAccent).Bold(true).Padding(0, 1)
	s.Title = ns().Bold(true)

	s.Tabs = Tabs{
		Active:   ns().Bold(true).Underline(true).Foreground(colAccent).Padding(0, 1),
		Inactive: ns().Foreground(colSubtle).Padding(0, 1),
		Sep:      ns().Foreground(colFaint),
	}

	s.StatusBar = StatusBar{
		Bar:      ns().Foreground(colText).Background(colBarBg),
		Segment:  ns().Foreground(colText).Background(colBarBg).Padding(0, 1),
		Key:      ns().Foreground(colAccent).Background(colBarBg).Bold(true),
		Desc:     ns().Foreground(colSubtle).Background(colBarBg),
		InFlight: ns().Foreground(colAccent).Background(colBarBg).Padding(0, 1),
		Stale:    ns().Foreground(colWarn).Background(colBarBg).Bold(true).Padding(0, 1),
		ReadOnly: ns().Foreground(colOnAccent).Background(colWarn).Bold(true).Padding(0, 1),
	}

	s.Table = Table{
		Header:  ns().Bold(true).Foreground(colSubtle),
		Row:     ns().Foreground(colText),
		Cursor:  ns().Foreground(colText).Background(colAccentBg).Bold(true),
		Marked:  ns().Foreground(colText).Background(colMarkBg),
		Changed: ns().Foreground(colOK).Background(colChangedBg),
		Dim:     ns().Foreground(colFaint),
		Muted:   ns().Foreground(colMuted),
		Banned:  ns().Foreground(colDanger),
		Blocked: ns().Foreground(colBlocked),
		Empty:   ns().Foreground(colSubtle).Italic(true),
		Gutter:  ns().Foreground(colAccent).Bold(true),
	}

	s.Filter = Filter{
		Prompt:  ns().Foreground(colAccent).Bold(true),
		Input:   ns().Foreground(colText),
		NoMatch: ns().Foreground(colWarn),
	}

	s.Dialog = dialog(r, colAccent)
	s.DangerDialog = dialog(r, colDanger)

	s.Toast = Toast{
		OK:    ns().Foreground(colOnAccent).Background(colOK).Padding(0, 1),
		Error: ns().Foreground(colOnAccent).Background(colDanger).Bold(true).Padding(0, 1),
	}

	s.ErrorPanel = ErrorPanel{
		Box:   ns().Border(lipgloss.RoundedBorder()).BorderForeground(colDanger).Padding(0, 1),
		Title: ns().Foreground(colDanger).Bold(true),
		Label: ns().Foreground(colSubtle),
		Value: ns().Foreground(colText),
	}

	s.Help = Help{
		Key:       ns().Foreground(colAccent).Bold(true),
		Desc:      ns().Foreground(colSubtle),
		Sep:       ns().Foreground(colFaint),
		Title:     ns().Bold(true).Foreground(colText),
		Unavail:   ns().Foreground(colFaint).Strikethrough(true),
		ShortSep:  " • ",
		FullSep:   "    ",
		Ellipsis:  ns().Foreground(colFaint),
		Container: ns().Padding(0, 1),
	}

	s.Progress = Progress{
		Full:  pick(dark, colAccent),
		Empty: pick(dark, colFaint),
		Done:  ns().Foreground(colOK),
		Fail:  ns().Foreground(colDanger).Bold(true),
		Left:  ns().Foreground(colSubtle),
	}

	s.CommandLine = CommandLine{
		Prompt:     ns().Foreground(colAccent).Bold(true),
		Input:      ns().Foreground(colText),
		Completion: ns().Foreground(colSubtle),
		Selected:   ns().Foreground(colOnAccent).Background(colAccent),
		Error:      ns().Foreground(colDanger),
	}
	return s
}

func dialog(r *lipgloss.Renderer, edge lipgloss.AdaptiveColor) Dialog {
	ns := r.NewStyle
	return Dialog{
		Border:        ns().Border(lipgloss.RoundedBorder()).BorderForeground(edge).Padding(1, 2),
		Title:         ns().Foreground(edge).Bold(true),
		Body:          ns().Foreground(colText),
		ButtonFocused: ns().Foreground(colOnAccent).Background(edge).Bold(true).Padding(0, 2),
		// Brackets would need text; a blurred button keeps its width through
		// the same padding so focus changes never shift the layout.
		ButtonBlurred: ns().Foreground(colSubtle).Background(colBarBg).Padding(0, 2),
	}
}

// pick resolves an adaptive colour for a known background, for APIs that take
// plain colour strings.
func pick(dark bool, c lipgloss.AdaptiveColor) string {
	if dark {
		return c.Dark
	}
	return c.Light
}
