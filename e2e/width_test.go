package e2e

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/trtcemu"
	"github.com/quell-console/quell/textsafe"
)

// widthSamples are the strings the list's width function must count as the
// terminal draws them: Indic conjuncts, emoji ZWJ sequences, variation
// selectors, skin tones, combining marks, CJK, Arabic ligatures, Zalgo.
var widthSamples = []string{
	"नमस्ते", "क्षि", "கொ", "👩\u200d👩\u200d👧\u200d👦", "👨\u200d💻", "🏳\ufe0f\u200d🌈", "❤\ufe0f", "👍🏽",
	"🇺🇸", "e\u0301", "中文", "한국어", "ﷺ", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "ก้", "1\ufe0f\u20e3", "a\u200d中",
}

// TestTmuxDrawsTextAsMeasured prints each sample in tmux and reads where the
// cursor stopped: textsafe.Width must say the same, or a padded row wraps.
func TestTmuxDrawsTextAsMeasured(t *testing.T) {
	for i, s := range widthSamples {
		tm := newTmux(t, 120, 5, []string{"W=" + s}, `printf '%s|' "$W"; sleep 600`)
		tm.waitFor(5*time.Second, "|")
		x, err := strconv.Atoi(tm.mode("cursor_x"))
		if err != nil {
			t.Fatal(err)
		}
		if got := textsafe.Width(s); got != x-1 {
			t.Errorf("sample %d %q: tmux draws %d cells, textsafe.Width says %d", i, s, x-1, got)
		}
	}
}

// TestDemoWideNamesKeepTheScreen opens rooms holding names terminals draw
// wider than grapheme libraries count (trtc-demo › 100815 held नमस्ते, which
// tmux draws 4 cells wide and x/ansi counted 3: the padded row wrapped and
// the whole screen scrolled, duplicating rows and losing the header). Every
// frame must keep its lines: the header first, the footer last, no row
// twice, none wider than the terminal.
func TestDemoWideNamesKeepTheScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			tm := newTmux(t, w, h, nil, shellRun(quellBin+" demo"))
			tm.waitFor(5*time.Second, "trtc-demo")
			openRoom(tm, "trtc-demo", trtcemu.WidthRoom)
			s := tm.waitFor(5*time.Second, "中文用户名", "ﷺ")
			checkIntact(t, s, w, h, "quell › trtc-demo › "+trtcemu.WidthRoom)
			tm.keys("/")
			tm.typeText("नमस्ते")
			tm.keys("Enter")
			checkIntact(t, tm.waitFilterKept("नमस्ते"), w, h, "quell › trtc-demo › "+trtcemu.WidthRoom)
			tm.esc()
			for _, key := range []string{"End", "Home"} {
				tm.keys(key)
				time.Sleep(300 * time.Millisecond)
				checkIntact(t, tm.screen(), w, h, "quell › trtc-demo › "+trtcemu.WidthRoom)
			}

			// The room from the report, paged through to its end.
			tm.esc()
			tm.waitFor(3*time.Second, "Rooms of trtc-demo")
			tm.keys(":")
			tm.typeText("room 100815")
			tm.keys("Enter")
			tm.waitFor(5*time.Second, "trtc-demo › 100815 › members")
			checkIntact(t, tm.waitLoaded(), w, h, "quell › trtc-demo › 100815")
			for range 12 {
				tm.keys("PageDown")
				time.Sleep(150 * time.Millisecond)
				checkIntact(t, tm.screen(), w, h, "quell › trtc-demo › 100815")
			}

			// Chat room names: emoji, CJK, Hangul, Cyrillic, cut to fit.
			tm.keys(":")
			tm.typeText("app chat-live")
			tm.keys("Enter")
			checkIntact(t, tm.waitFor(5*time.Second, "Rooms of chat-live", "live-001"), w, h, "quell › chat-live › rooms")
		})
	}
}

var statusCount = regexp.MustCompile(`^ \d+/\d+ `)

// checkIntact holds a captured screen to being one frame, whole: exactly h
// lines, the header on the first, the status bar and footer on the last
// two, each list row once (a wrapped row scrolled the screen and showed
// rows twice), no line wider than w.
func checkIntact(t *testing.T, s string, w, h int, header string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"; screen:\n%s", append(args, s)...)
	}
	if len(lines) != h {
		fail("%d lines on a %d-line terminal", len(lines), h)
	}
	if !strings.HasPrefix(lines[0], header) {
		fail("the header is not the first line: %q", lines[0])
	}
	if f := strings.TrimSpace(lines[h-1]); !strings.Contains(f, "? help") && !strings.HasSuffix(f, "? more") {
		fail("the footer is not the last line: %q", lines[h-1])
	}
	if !statusCount.MatchString(lines[h-2]) {
		fail("the status bar is not above the footer: %q", lines[h-2])
	}
	seen := map[string]int{}
	for i, l := range lines {
		if cw := textsafe.Width(l); cw > w {
			fail("line %d is %d cells on a %d-cell terminal: %q", i+1, cw, w, l)
		}
		// Rows cut short ("partner_pla…") may look alike; whole ones
		// are unique users.
		if i < 3 || i >= h-2 || strings.TrimSpace(l) == "" || strings.Contains(l, "…") {
			continue
		}
		if j, dup := seen[l]; dup {
			fail("lines %d and %d are the same row: %q", j+1, i+1, l)
		}
		seen[l] = i
	}
}
