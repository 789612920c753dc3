// Package theme is quell's one home for colours and text styles.
//
// Styles are built from a lipgloss.Renderer, never kept in package variables:
// every SSH session has its own renderer (its own colour profile and
// background), so two sessions never share a style. NO_COLOR is honoured by
// the renderer's colour profile (termenv maps it to Ascii), and every colour
// is a lipgloss.AdaptiveColor so light and dark terminals both read well.
package theme

import "github.com/charmbracelet/lipgloss"

// Palette colours, light then dark. Kept here, not in callers, so a retheme
// touches one file.
var (
	colText      = lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"}
	colSubtle    = lipgloss.AdaptiveColor{Light: "#6E7781", Dark: "#8B949E"}
	colFaint     = lipgloss.AdaptiveColor{Light: "#AFB8C1", Dark: "#484F58"}
	colAccent    = lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"}
	colAccentBg  = lipgloss.AdaptiveColor{Light: "#DDF4FF", Dark: "#1F3A5F"}
	colOK        = lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"}
	colWarn      = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#D29922"}
	colDanger    = lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"}
	colMuted     = lipgloss.AdaptiveColor{Light: "#8250DF", Dark: "#BC8CFF"}
	colBlocked   = lipgloss.AdaptiveColor{Light: "#BC4C00", Dark: "#F0883E"}
	colMarkBg    = lipgloss.AdaptiveColor{Light: "#FFF8C5", Dark: "#3B2E00"}
	colChangedBg = lipgloss.AdaptiveColor{Light: "#DAFBE1", Dark: "#12361F"}
	colBarBg     = lipgloss.AdaptiveColor{Light: "#EAEEF2", Dark: "#161B22"}
	colOnAccent  = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#0D1117"}
)

// Tabs styles the view tabs of a room (all / muted / banned).
type Tabs struct {
	Active   lipgloss.Style
	Inactive lipgloss.Style
	Sep      lipgloss.Style
}

// StatusBar styles the bottom bar and its segments.
type StatusBar struct {
	Bar      lipgloss.Style // the whole line
	Segment  lipgloss.Style // a plain segment (counts, filter, marks)
	Key      lipgloss.Style // a key hint's key
	Desc     lipgloss.Style // a key hint's description
	InFlight lipgloss.Style // "2 calls in flight"
	Stale    lipgloss.Style // "stale since 12:03: timeout"
	ReadOnly lipgloss.Style // the read-only badge
}

// Table styles the list component.
type Table struct {
	Header  lipgloss.Style
	Row     lipgloss.Style
	Cursor  lipgloss.Style // the row under the cursor
	Marked  lipgloss.Style // a selected row
	Changed lipgloss.Style // a row that changed in the last refresh
	Dim     lipgloss.Style // de-emphasised rows (e.g. left the room)
	Muted   lipgloss.Style // tone: user muted
	Banned  lipgloss.Style // tone: user banned / blacklisted
	Blocked lipgloss.Style // tone: audio/video blocked
	Empty   lipgloss.Style // "loading…", "no members"
	Gutter  lipgloss.Style // cursor and mark glyphs
}

// Dialog styles a confirmation or picker dialog.
type Dialog struct {
	Border        lipgloss.Style // the box; carries border and padding
	Title         lipgloss.Style
	Body          lipgloss.Style
	ButtonFocused lipgloss.Style
	ButtonBlurred lipgloss.Style
}

// Toast styles the short-lived outcome messages.
type Toast struct {
	OK    lipgloss.Style
	Error lipgloss.Style
}

// ErrorPanel styles a failure that stays on screen: code, meaning, next step,
// RequestId.
type ErrorPanel struct {
	Box   lipgloss.Style
	Title lipgloss.Style
	Label lipgloss.Style // "code", "next step", "request id"
	Value lipgloss.Style
}

// Help styles the short footer help and the full help screen.
type Help struct {
	Key       lipgloss.Style
	Desc      lipgloss.Style
	Sep       lipgloss.Style
	Title     lipgloss.Style // column headings of the full help
	Unavail   lipgloss.Style // actions shown as unavailable, if a view lists them
	ShortSep  string
	FullSep   string
	Ellipsis  lipgloss.Style
	Container lipgloss.Style
}

// Progress holds the bulk-action progress bar colours as hex strings, already
// resolved for this terminal's background (bubbles/progress takes strings).
type Progress struct {
	Full  string
	Empty string
	Done  lipgloss.Style // "done 120"
	Fail  lipgloss.Style // "failed 3"
	Left  lipgloss.Style // "remaining 877"
}

// CommandLine styles the `:` command line and its completions.
type CommandLine struct {
	Prompt     lipgloss.Style
	Input      lipgloss.Style
	Completion lipgloss.Style
	Selected   lipgloss.Style // the completion that tab will take
	Error      lipgloss.Style
}

// Filter styles the `/` filter prompt.
type Filter struct {
	Prompt  lipgloss.Style
	Input   lipgloss.Style
	NoMatch lipgloss.Style
}

// Styles is every style of the console, built for one renderer.
type Styles struct {
	Renderer *lipgloss.Renderer
	Dark     bool // the renderer's background, detected once in New

	App        lipgloss.Style
	Header     lipgloss.Style
	Breadcrumb lipgloss.Style
	CrumbSep   lipgloss.Style
	Provider   lipgloss.Style // provider badge: "TRTC", "Chat", "ZEGO"
	Title      lipgloss.Style

	Tabs         Tabs
	StatusBar    StatusBar
	Table        Table
	Filter       Filter
	Dialog       Dialog
	DangerDialog Dialog
	Toast        Toast
	ErrorPanel   ErrorPanel
	Help         Help
	Progress     Progress
	CommandLine  CommandLine
}

// Button draws a dialog button. The focused one is bracketed as well as
// coloured, so focus still shows under NO_COLOR, where styles draw plain
// text; both have the same width, so moving focus never shifts the layout.
func (d Dialog) Button(label string, focused bool) string {
	if focused {
		return d.ButtonFocused.Render("[" + label + "]")
	}
	return d.ButtonBlurred.Render(" " + label + " ")
}

// Tab draws one view tab; the active one is bracketed for the same reason.
func (t Tabs) Tab(label string, active bool) string {
	if active {
		return t.Active.Render("[" + label + "]")
	}
	return t.Inactive.Render(" " + label + " ")
}
