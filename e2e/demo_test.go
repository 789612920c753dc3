package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// TestDemo is the README's first command in a real terminal: the first
// frame comes at once, the apps and a room list load, `?` helps, and `q`
// leaves with exit status 0 and the terminal as it was.
func TestDemo(t *testing.T) {
	start := time.Now()
	tm := newTmux(t, 100, 30, nil, shellRun(quellBin+" demo"))
	tm.waitFor(3*time.Second, "quell › apps")
	if d := time.Since(start); d > 2*time.Second {
		// The budget is "well under a second"; tmux start-up and a busy CI
		// machine get the rest.
		t.Errorf("first frame took %v", d)
	}
	tm.waitFor(5*time.Second, "trtc-demo", "chat-live", "zego-rooms", "7/7")
	if tm.mode("alternate_on") != "1" {
		t.Error("the console does not use the alternate screen")
	}

	tm.keys("/")
	tm.typeText("chat-live")
	tm.keys("Enter")
	tm.waitFilterKept("chat-live")
	tm.keys("Enter")
	s := tm.waitFor(5*time.Second, "Rooms of chat-live", "live-001", "Friday Night Karaoke")
	if strings.Contains(s, "loading") {
		t.Errorf("room list loaded but still says loading:\n%s", s)
	}

	tm.keys("?")
	tm.waitFor(3*time.Second, "Keys", "Commands", ":room ID", "dismiss room", "quit")
	tm.esc()
	// "? more" ends a footer too narrow for every key.
	tm.waitForFunc(3*time.Second, "the rooms and the way to help", func(s string) bool {
		return strings.Contains(s, "Rooms of chat-live") && regexp.MustCompile(`\? (help|more)`).MatchString(s)
	})

	tm.keys("q")
	tm.waitFor(5*time.Second, "quell exited 0")
	// The terminal is back: main screen, cursor shown, mouse reporting off.
	for mode, want := range map[string]string{
		"alternate_on": "0", "cursor_flag": "1", "mouse_any_flag": "0", "mouse_button_flag": "0",
		"mouse_standard_flag": "0", "mouse_sgr_flag": "0", "keypad_cursor_flag": "0",
	} {
		if got := tm.mode(mode); got != want {
			t.Errorf("after quitting, #{%s} is %s, want %s", mode, got, want)
		}
	}
}

// TestDemoHostileNames holds the seeded hostile room and user names to
// arriving harmless: their escapes are drawn as visible stand-ins, and the
// escape sequences on screen are only the console's own colours.
func TestDemoHostileNames(t *testing.T) {
	tm := newTmux(t, 100, 30, nil, shellRun(quellBin+" demo"))
	tm.waitFor(5*time.Second, "chat-live")
	tm.keys(":")
	tm.typeText("app chat-live")
	tm.keys("Enter")
	s := tm.waitFor(5*time.Second, "Rooms of chat-live", "␛Innocent room", "␛RED ALERT␛ giveaway")
	for _, leak := range []string{"pwned", "evil.example"} {
		if strings.Contains(s, leak) {
			t.Errorf("a hostile name leaked %q onto the screen:\n%s", leak, s)
		}
	}
	if title := tm.run("display-message", "-p", "-t", tm.name, "#{pane_title}"); strings.Contains(title, "pwned") {
		t.Errorf("a room name set the window title: %q", title)
	}
	requireOnlySGR(t, tm.screenEscapes())

	// TRTC room 100038 holds hostile user IDs (a screen clear, a cursor
	// move, a title, a link); the members view shows them defused.
	tm.esc()
	tm.esc()
	tm.waitFor(3*time.Second, "quell › apps")
	tm.keys(":")
	tm.typeText("app trtc-demo")
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "Rooms of trtc-demo", "100038")
	tm.keys(":")
	tm.typeText("room 100038")
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "100038 › members")
	tm.waitLoaded()
	for filter, shown := range map[string]string{"pwned": "␛␛pwned", "ghost": "␛␛ghost", "click": "␛click me␛", "row": "fake␍␊row"} {
		tm.keys("/")
		tm.typeText(filter)
		tm.keys("Enter")
		s := tm.waitFilterKept(filter)
		if !strings.Contains(cursorLine(s), shown) {
			t.Errorf("filter %q: cursor row %q does not show %q:\n%s", filter, cursorLine(s), shown, s)
		}
		requireOnlySGR(t, tm.screenEscapes())
		tm.esc()
	}
}

// sgr is the only escape sequence capture-pane -e may show: colours and
// attributes (CSI ... m). A name that smuggled in a cursor move, a screen
// clear, a title or a link would show as another sequence, or as its text.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func requireOnlySGR(t *testing.T, s string) {
	t.Helper()
	rest := sgr.ReplaceAllString(s, "")
	if i := strings.IndexByte(rest, 0x1b); i >= 0 {
		end := min(i+24, len(rest))
		t.Errorf("escape sequence other than colour on screen: %q", rest[i:end])
	}
	for _, c := range []string{"\a", "\u202e", "\u202c"} {
		if strings.Contains(rest, c) {
			t.Errorf("control character %q on screen", c)
		}
	}
}

// TestNoColor: with NO_COLOR set the screen carries no colour at all.
func TestNoColor(t *testing.T) {
	tm := newTmux(t, 80, 24, []string{"NO_COLOR=1"}, shellRun(quellBin+" demo"))
	tm.waitFor(5*time.Second, "chat-live", "7/7")
	openRoom(tm, "chat-live", "live-001")
	tm.keys("m") // a dialog too, whose focus must show without colour
	tm.waitFor(3*time.Second, "[10m]")
	if c := colourSGR(tm.screenEscapes()); c != "" {
		t.Errorf("NO_COLOR=1 but the screen has colour %q", c)
	}
	tm.esc()
}

// colourSGR returns the first SGR sequence in s that sets a foreground or
// background colour, or "".
func colourSGR(s string) string {
	for _, seq := range sgr.FindAllString(s, -1) {
		for _, p := range strings.FieldsFunc(seq[2:len(seq)-1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				return seq
			}
		}
	}
	return ""
}

func TestColourSGR(t *testing.T) {
	for seq, colour := range map[string]bool{
		"\x1b[1m": false, "\x1b[0;4m": false, "\x1b[7m": false, "\x1b[m": false,
		"\x1b[38;5;75m": true, "\x1b[1;31m": true, "\x1b[48;2;1;2;3m": true, "\x1b[97m": true, "\x1b[39m": false, "\x1b[49m": false,
	} {
		if got := colourSGR("a"+seq+"b") != ""; got != colour {
			t.Errorf("colourSGR(%q) = %v, want %v", seq, got, colour)
		}
	}
}

// TestResizeRedraw: a resized window is redrawn to its new size at once.
func TestResizeRedraw(t *testing.T) {
	tm := newTmux(t, 100, 30, nil, shellRun(quellBin+" demo"))
	tm.waitFor(5*time.Second, "chat-live", "7/7")
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}, {60, 15}} {
		tm.run("resize-window", "-t", tm.name, "-x", strconv.Itoa(size.w), "-y", strconv.Itoa(size.h))
		s := tm.waitForFunc(3*time.Second, "a frame of the new size", func(s string) bool {
			lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
			return len(lines) == size.h && strings.Contains(lines[len(lines)-2], "7/7") &&
				strings.HasPrefix(lines[0], "quell › apps")
		})
		for i, line := range strings.Split(s, "\n") {
			if w := lipgloss.Width(line); w > size.w {
				t.Errorf("%dx%d: line %d is %d cells wide", size.w, size.h, i, w)
			}
		}
	}
}

// TestMouseWheel: the wheel moves through a list (tmux delivers the SGR
// mouse report as the terminal would).
func TestMouseWheel(t *testing.T) {
	tm := newTmux(t, 80, 24, nil, shellRun(quellBin+" demo"))
	tm.waitFor(5*time.Second, "chat-live")
	openRoom(tm, "chat-live", "live-001")
	s := tm.waitForFunc(5*time.Second, "member rows", func(s string) bool { return len(memberRows(s)) > 10 })
	first := memberRows(s)[0]
	requireCursorOn(t, s, first)
	wheelDown := []string{"-H", "1b", "5b", "3c", "36", "35", "3b", "31", "30", "3b", "31", "30", "4d"} // ESC[<65;10;10M
	tm.keys(wheelDown...)
	tm.waitForFunc(3*time.Second, "the cursor to move down", func(s string) bool {
		f := strings.Fields(cursorLine(s))
		return len(f) > 1 && f[1] != first
	})
}

// mode reads one of tmux's pane format flags.
func (tm *tmux) mode(flag string) string {
	tm.t.Helper()
	return strings.TrimSpace(tm.run("display-message", "-p", "-t", tm.name, "#{"+flag+"}"))
}

// screenEscapes is the screen with its attributes as escape sequences.
func (tm *tmux) screenEscapes() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-e", "-t", tm.name)
}

// openRoom opens a room by command line: the app, then the room.
func openRoom(tm *tmux, app, room string) {
	tm.t.Helper()
	tm.keys(":")
	tm.typeText("app " + app)
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "Rooms of "+app)
	tm.keys(":")
	tm.typeText("room " + room)
	tm.keys("Enter")
	tm.waitFor(5*time.Second, app+" › "+room+" › members")
	tm.waitLoaded()
}

// waitLoaded waits until the list shown has rows: not loading, and the
// status bar counts some.
func (tm *tmux) waitLoaded() string {
	tm.t.Helper()
	counted := regexp.MustCompile(`(?m)^ \d+/[1-9]\d* `)
	return tm.waitForFunc(10*time.Second, "a loaded list", func(s string) bool {
		return !strings.Contains(s, "loading…") && counted.MatchString(s)
	})
}
