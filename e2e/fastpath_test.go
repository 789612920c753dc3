package e2e

import (
	"strings"
	"testing"
	"time"
)

// keyCounter sends keys and names to the console at a human pace and counts
// the keystrokes: every key pressed counts, the letters of the names and of
// the duration do not (issue #8 measures the path in keystrokes "plus typing
// the names and the duration").
type keyCounter struct {
	tm      *tmux
	keys    int
	pause   time.Duration // between two keys
	perRune time.Duration // between two letters of a name
}

// key presses one key (tmux's name for it, or a single character).
func (kc *keyCounter) key(k string) {
	kc.tm.t.Helper()
	if len([]rune(k)) == 1 {
		kc.tm.typeText(k)
	} else {
		kc.tm.keys(k)
	}
	kc.keys++
	time.Sleep(kc.pause)
}

// name types a name letter by letter; it is not counted.
func (kc *keyCounter) name(s string) {
	kc.tm.t.Helper()
	for _, r := range s {
		kc.tm.typeText(string(r))
		time.Sleep(kc.perRune)
	}
}

// TestMuteNamedUserFast is issue #8's goal: from the console's start to a
// named user muted for 10 minutes in a named room of a named app, in at most
// 6 keystrokes plus the names and the duration, under 5 s at a human pace;
// the emulator (run apart, as `quell demo` runs it within) must hold the
// mute. The path: m (the mute key, where no user is shown, opens `:mute `),
// APP / ROOM space USER space 10m enter. The pace: 150 ms after each key,
// 80 ms between the letters of a name (a quick typist); most of the time
// is the typing of the 27 letters.
func TestMuteNamedUserFast(t *testing.T) {
	cfg, _ := startEmulator(t)
	const app, room = "chat-live", actRoom
	user := unmutedMember(t, cfg, app, room)

	launched := time.Now()
	tm := newTmux(t, 100, 30, nil, shellRun(quellBin+" --config "+cfg))
	tm.waitFor(5*time.Second, "quell › apps", app, "7/7")
	ready := time.Since(launched)

	kc := &keyCounter{tm: tm, pause: 150 * time.Millisecond, perRune: 80 * time.Millisecond}
	start := time.Now()
	kc.key("m")
	kc.name(app)
	kc.key("/")
	kc.name(room)
	kc.key("Space")
	kc.name(user)
	kc.key("Space")
	kc.name("10m")
	kc.key("Enter")
	tm.waitFor(5*time.Second, "muted 1 user in "+room)
	took := time.Since(start)
	t.Logf("%d keystrokes; key path %v at 150 ms a key and 80 ms a letter; %v from launch", kc.keys, took.Round(time.Millisecond),
		(ready + took).Round(time.Millisecond))

	if kc.keys > 6 {
		t.Errorf("%d keystrokes besides the names, want at most 6", kc.keys)
	}
	if took > 5*time.Second {
		t.Errorf("the key path took %v, want under 5 s", took)
	}
	until := mutedUntilIn(t, cfg, app, room, user)
	if d := time.Until(until); d < 9*time.Minute || d > 10*time.Minute+5*time.Second {
		t.Errorf("%s muted until %v (%v from now), want 10 minutes", user, until, d.Round(time.Second))
	}
}

// TestCommandLinePaths: a failed command clears the line and says why; the
// room opens from anywhere as APP/ROOM with prefixes; the active tab shows
// without colour; enter on a member opens its detail, esc closes it.
func TestCommandLinePaths(t *testing.T) {
	cfg, _ := startEmulator(t)
	tm := newTmux(t, 100, 30, []string{"NO_COLOR=1"}, shellRun(quellBin+" --config "+cfg))
	tm.waitFor(5*time.Second, "quell › apps", "7/7")

	tm.keys(":")
	tm.typeText("mute nowhere u1 10m")
	tm.keys("Enter")
	s := tm.waitFor(3*time.Second, "no app is open")
	if strings.Contains(s, "nowhere") {
		t.Errorf("the failed line stayed:\n%s", s)
	}
	tm.esc()

	tm.keys(":")
	tm.typeText("room chat-l/" + actRoom)
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "chat-live › "+actRoom+" › members")
	s = tm.waitLoaded()
	if !strings.Contains(s, "[members ") {
		t.Errorf("NO_COLOR: the active tab is not marked:\n%s", s)
	}
	tm.keys("Tab")
	tm.waitFor(3*time.Second, "[muted ")
	tm.keys("BTab")
	s = tm.waitFor(3*time.Second, "[members ")
	user := memberRows(s)[0]
	tm.keys("Enter")
	tm.waitFor(3*time.Second, "User:   "+user, "Muted:", "esc closes")
	tm.esc()
	tm.waitForFunc(3*time.Second, "the pane closed", func(s string) bool { return !strings.Contains(s, "User:   ") })
}

// unmutedMember is a member of room that is not muted, by the headless
// members command.
func unmutedMember(t *testing.T, cfg, app, room string) string {
	t.Helper()
	var list struct {
		Members []struct {
			User       string  `json:"user"`
			MutedUntil *string `json:"muted_until"`
		} `json:"members"`
	}
	headlessJSON(t, &list, "members", "--config", cfg, "--app", app, "--room", room)
	for _, m := range list.Members {
		if m.MutedUntil == nil && m.User != "" && !strings.ContainsAny(m.User, " /") {
			return m.User
		}
	}
	t.Fatalf("no unmuted member in %s/%s", app, room)
	return ""
}

// mutedUntilIn is when user's mute in room ends, by the headless muted
// command against the same emulator.
func mutedUntilIn(t *testing.T, cfg, app, room, user string) time.Time {
	t.Helper()
	var muted []struct {
		User       string  `json:"user"`
		MutedUntil *string `json:"muted_until"`
	}
	headlessJSON(t, &muted, "muted", "--config", cfg, "--app", app, "--room", room)
	for _, m := range muted {
		if m.User == user && m.MutedUntil != nil {
			until, err := time.Parse(time.RFC3339, *m.MutedUntil)
			if err != nil {
				t.Fatalf("muted_until %q: %v", *m.MutedUntil, err)
			}
			return until
		}
	}
	t.Fatalf("%s is not muted in %s/%s", user, app, room)
	return time.Time{}
}
