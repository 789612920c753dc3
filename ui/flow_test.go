package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// openLobby starts the console on the seed data and opens room lobby.
func openLobby(t *testing.T, f *fakeApp, o Options) *harness {
	t.Helper()
	h := startConsole(t, o)
	h.settled("lobby")
	h.keys("enter")
	h.settled("alice", "dave")
	return h
}

func mutedUntil(f *fakeApp, room, user string) (until time.Time, ok bool) {
	f.snapshot(func(f *fakeApp) { until, ok = f.muted[room][user] })
	return
}

func TestMuteWithTypedLength(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("m")
	h.settled("for how long?")
	h.typeText("90s")
	h.keys("enter")
	h.waitState("alice muted", func() bool { _, ok := mutedUntil(f, "lobby", "alice"); return ok })
	if u, _ := mutedUntil(f, "lobby", "alice"); !u.Equal(testNow.Add(90 * time.Second)) {
		t.Fatalf("alice muted until %v, want %v", u, testNow.Add(90*time.Second))
	}
	s := h.settled("muted 1 user in lobby")
	if !strings.Contains(s, "1m30s") {
		t.Fatalf("alice's row does not count down from 1m30s:\n%s", s)
	}
}

func TestMuteRejectsBadLengthAndPicksForever(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("m")
	h.typeText("soon")
	h.keys("enter")
	h.settled("is not a length")
	for range 4 { // clear the typed text, then walk from 10m to forever
		h.keys("backspace")
	}
	h.keys("right", "right", "right", "right", "enter")
	h.waitState("alice muted for ever", func() bool {
		u, ok := mutedUntil(f, "lobby", "alice")
		return ok && backend.IsForever(u)
	})
}

func TestBlockVideoOnly(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("down", "b")
	h.settled("Block what of bob")
	h.keys("right", "right", "enter")
	h.waitState("bob's video blocked", func() bool {
		var b backend.AVBlock
		f.snapshot(func(f *fakeApp) { b = f.blocks["lobby"]["bob"] })
		return b == backend.AVVideo
	})
	h.settled("blocked 1 user in lobby")
}

func TestBlacklistAddAsksOwnerThenRemoveInBlacklistView(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("x")
	h.settled("Whose blacklist?")
	h.typeText("host1")
	h.keys("enter")
	onList := func(u string) bool {
		var ok bool
		f.snapshot(func(f *fakeApp) { _, ok = f.blacklist["host1"][u] })
		return ok
	}
	h.waitState("alice blacklisted by host1", func() bool { return onList("alice") })

	h.keys(":")
	h.typeText("blacklist host1")
	h.keys("enter")
	h.settled("Blacklist of host1", "alice", "mallory")
	h.keys("m") // no room here: only removal is offered
	h.settled("mute is not offered in the blacklist view")
	h.keys("X") // the cursor is on alice
	h.waitState("alice off host1's blacklist", func() bool { return !onList("alice") })
	if !onList("mallory") || !onList("trent") {
		t.Fatal("removal reached users it was not asked for")
	}
}

func TestKickCannotBeUndone(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("down", "down", "k")
	h.waitState("carol kicked", func() bool {
		var k []string
		f.snapshot(func(f *fakeApp) { k = f.kicked })
		return len(k) == 1 && k[0] == "carol"
	})
	h.settled("kicked 1 user in lobby")
	h.keys("z")
	h.settled("a kick cannot be undone")
}

func TestUndoMute(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("m", "enter")
	h.waitState("alice muted", func() bool { _, ok := mutedUntil(f, "lobby", "alice"); return ok })
	h.settled("muted 1 user in lobby")
	h.keys("z")
	h.waitState("alice unmuted", func() bool { _, ok := mutedUntil(f, "lobby", "alice"); return !ok })
	h.settled("undone: unmuted 1 user in lobby")
	if _, ok := mutedUntil(f, "lobby", "bob"); !ok {
		t.Fatal("undo unmuted bob, whom the mute never touched")
	}
}

func TestDismissNeedsTheRoomIDTyped(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("D")
	h.settled("Dismiss room lobby?", "destroy_group × 1")
	h.typeText("lobb")
	h.keys("enter")
	h.settled("that is not the room ID")
	if len(f.dismissedNow()) != 0 {
		t.Fatal("dismissed with a wrong room ID typed")
	}
	h.typeText("y")
	h.keys("enter")
	h.waitState("lobby dismissed", func() bool { d := f.dismissedNow(); return len(d) == 1 && d[0] == "lobby" })
}

func (f *fakeApp) dismissedNow() (d []string) {
	f.snapshot(func(f *fakeApp) { d = append(d, f.dismissed...) })
	return d
}

func (f *fakeApp) mutedCount(room string) (n int) {
	f.snapshot(func(f *fakeApp) { n = len(f.muted[room]) })
	return n
}

func openArena(t *testing.T, f *fakeApp, o Options) *harness {
	t.Helper()
	h := startConsole(t, o)
	h.settled("arena")
	h.keys("down", "enter")
	h.settled("fan00")
	return h
}

func TestBulkConfirmationDefaultsToCancel(t *testing.T) {
	f := seedFake()
	h := openArena(t, f, testOptions(f))
	h.keys("A", "m", "enter")
	h.settled("Mute 40 users?")
	h.keys("enter") // the focused button is Cancel
	h.settled("cancelled: nothing was sent")
	if n := f.mutedCount("arena"); n != 0 {
		t.Fatalf("%d users muted after Cancel", n)
	}
	h.keys("m", "enter")
	h.settled("Mute 40 users?")
	h.keys("right", "enter")
	h.waitState("40 users muted", func() bool { return f.mutedCount("arena") == 40 })
	h.settled("muted 40 users in arena")
}

func TestBulkActionCancelledHalfWay(t *testing.T) {
	f := seedFake()
	f.batch = 1 // one call per user, so the gate counts users
	f.gate = make(chan struct{})
	h := openArena(t, f, testOptions(f))
	h.keys("A", "m", "enter")
	h.settled("Mute 40 users?")
	h.keys("right", "enter")
	h.waitText("remaining", "esc cancels")
	for range 10 {
		f.gate <- struct{}{}
	}
	h.waitState("10 users muted", func() bool { return f.mutedCount("arena") == 10 })
	h.waitText("done 10")
	h.keys("esc")
	s := h.settled("mute cancelled")
	if !strings.Contains(s, "not reached") || !strings.Contains(s, "fan10") {
		t.Fatalf("the result does not say who was not reached:\n%s", s)
	}
	// The result on screen means the engine has returned: every call it
	// made is recorded by now, and no other can come.
	var calls int
	f.snapshot(func(f *fakeApp) { calls = f.calls })
	if n := f.mutedCount("arena"); n != 10 || calls != 10 {
		t.Fatalf("%d users muted in %d calls after cancelling at 10", n, calls)
	}
	// The users reached show their mute at once; the others do not.
	if !strings.Contains(s, "10m00s") {
		t.Fatalf("reached users are not shown muted:\n%s", s)
	}
}

func TestReadOnlyRefusesActions(t *testing.T) {
	f := seedFake()
	o := testOptions(f)
	o.ReadOnly = true
	h := openLobby(t, f, o)
	s := h.screen()
	if strings.Contains(s, "m mute") || !strings.Contains(s, "READ-ONLY") {
		t.Fatalf("read-only console offers actions or hides its mode:\n%s", s)
	}
	h.keys("m")
	h.settled("read-only mode")
	h.keys("z")
	h.settled("read-only mode: undo is turned off")
	if _, ok := mutedUntil(f, "lobby", "alice"); ok {
		t.Fatal("read-only console muted a user")
	}
}

func TestRoleAndCapabilityRefusalsSayWhy(t *testing.T) {
	f := seedFake()
	o := testOptions(f)
	o.Actor = backend.Actor{Name: "mod", Role: backend.RoleModerator}
	h := openLobby(t, f, o)
	h.keys("D")
	h.settled("needs the admin role")

	z := zegoFake()
	h = startConsole(t, testOptions(z))
	h.settled("stage")
	h.keys("enter")
	h.settled("zed")
	h.keys("b")
	h.settled("ZEGO rooms have no audio/video block")
}

func TestCommandLineCompletesAndOpensRoom(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	h.settled("lobby")
	h.keys(":")
	h.typeText("roo")
	h.keys("tab")
	h.settled(":rooms")
	h.keys("tab") // next candidate: "room "
	h.typeText("a")
	h.keys("tab")
	h.settled(":room arena")
	h.keys("enter")
	h.settled("arena › members", "fan00")
}

func TestSelectionSurvivesRefresh(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("down", "space")
	h.settled("1 selected")
	f.snapshot(func(f *fakeApp) {
		f.members["lobby"] = append([]backend.Member{{UserID: "eve", Name: "Eve"}}, f.members["lobby"]...)
	})
	h.keys("r")
	s := h.settled("eve", "1 selected")
	if !strings.Contains(s, "* bob") {
		t.Fatalf("bob lost his mark across a refresh:\n%s", s)
	}
}

func TestFailedRefreshSaysSinceWhenStale(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	f.snapshot(func(f *fakeApp) {
		f.listErr = &backend.VendorError{Provider: backend.TencentChat, Code: "70001", Meaning: "UserSig expired"}
	})
	h.keys("r")
	s := h.settled("stale since 15:09:26", "UserSig expired")
	if !strings.Contains(s, "alice") {
		t.Fatalf("stale data was thrown away:\n%s", s)
	}
}

// watchingFake is a ZEGO-like app that lists only the rooms it watches.
type watchingFake struct{ *fakeApp }

func (w watchingFake) Watch(room string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rooms = append(w.rooms, backend.Room{ID: room, Members: -1})
	return nil
}

func TestWatchAddsAZegoRoom(t *testing.T) {
	z := watchingFake{zegoFake()}
	h := startConsole(t, testOptions(z))
	h.settled("stage")
	h.keys(":")
	h.typeText("watch backstage")
	h.keys("enter")
	h.settled("watching room backstage", "backstage  ")

	f := seedFake() // a Chat app lists its own rooms: :watch says so
	h = startConsole(t, testOptions(f))
	h.settled("lobby")
	h.keys(":")
	h.typeText("watch x")
	h.keys("enter")
	h.settled(":watch is for ZEGO apps")
}
