package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/quell-console/quell/backend"
)

func kicked(f *fakeApp) (k []string) {
	f.snapshot(func(f *fakeApp) { k = slices.Clone(f.kicked) })
	return k
}

// A kick of one user asks, and one key (y) confirms it.
func TestKickOfOneUserAsksAndYConfirms(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("k")
	h.settled("Kick alice?", "[Kick alice]", "y Kick alice", "App chat-eu", "1 user, 25% of lobby's 4")
	if k := kicked(f); len(k) != 0 {
		t.Fatalf("kicked %v before the moderator confirmed", k)
	}
	h.keys("y")
	h.waitState("alice kicked", func() bool { return slices.Equal(kicked(f), []string{"alice"}) })
}

// A kick of several users starts on Cancel and has no one-key confirm:
// enter alone (or y) never kicks them.
func TestKickOfManyDefaultsToCancel(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "down", "space", "k") // alice, carol (bob is an admin: skipped)
	h.settled("Kick 2 users?", "[Cancel]")
	h.keys("y", "enter")
	h.settled("cancelled: nothing was sent")
	if k := kicked(f); len(k) != 0 {
		t.Fatalf("kicked %v on y, enter", k)
	}
}

// A selected user the filter hides makes even a small action ask, and
// the confirmation names them. Mute of two used to run without a word.
func TestHiddenSelectionAlwaysAsksAndNamesThem(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "/") // alice
	h.typeText("dave")
	h.keys("enter", "space", "u") // dave too; unmute asks only over 20
	h.settled("Unmute 2 users?", "1 of them hidden by the filter: alice.")
	h.keys("esc")
	h.settled("cancelled: nothing was sent")
}

// A selected user scrolled out of view (as after esc cleared a filter)
// makes the action ask too, and is named.
func TestScrolledAwaySelectionAsks(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	h.settled("arena")
	h.keys("down", "enter")
	h.settled("fan00")
	h.keys("space", "G", "space", "u") // fan00, then fan39 at the bottom
	h.settled("Unmute 2 users?", "1 of them scrolled out of view: fan00.")
}

// Owner and admins are named and left out unless the moderator includes
// them.
func TestKickLeavesAdminsOutUnlessIncluded(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "space", "k") // alice, bob (admin)
	h.settled("Owner/admins selected: bob (admin)", "Kick alice without them", "Kick all 2 users")
	h.keys("right", "enter")
	h.waitState("alice kicked", func() bool { return len(kicked(f)) == 1 })
	h.settled("kicked 1 user in lobby")
	if k := kicked(f); !slices.Equal(k, []string{"alice"}) {
		t.Fatalf("kicked %v, want alice only", k)
	}
}

// The room's owner (from the rooms list) counts as staff too; choosing
// "too" reaches them.
func TestRoomOwnerIncludedWhenChosen(t *testing.T) {
	f := seedFake()
	f.members["lobby"] = append(f.members["lobby"], backend.Member{UserID: "host1", Name: "Host", Role: "Member"})
	h := openLobby(t, f, testOptions(f))
	h.keys("G", "k")
	h.settled("host1 (owner)", "Kick host1 too")
	h.keys("right", "enter")
	h.waitState("host1 kicked", func() bool { return slices.Equal(kicked(f), []string{"host1"}) })
}

// Above 1,000 users the count is typed; a wrong count is refused.
func TestOverAThousandTypesTheCount(t *testing.T) {
	f := seedFake()
	for i := range 1200 {
		f.members["big"] = append(f.members["big"], backend.Member{UserID: fmt.Sprintf("u%04d", i)})
	}
	f.rooms = append(f.rooms, backend.Room{ID: "big", Name: "Big room", Live: true, CreatedAt: testNow})
	h := startConsole(t, testOptions(f))
	h.settled("lobby", "big")
	h.keys(":")
	h.typeText("room big")
	h.keys("enter")
	h.settled("u0000")
	h.keys("A", "u") // every member
	h.settled("Unmute 1,200 users?", "1,200 users, all of big", "Type the number of users (1200)")
	h.typeText("1000")
	h.keys("enter")
	h.settled("that is not the count")
	for range 4 {
		h.keys("backspace")
	}
	h.typeText("1,200")
	h.keys("enter")
	h.settled("unmuted 1200 users in big")
}

// The quit dialog asked about the running action: when it ends, the
// dialog goes too.
func TestQuitDialogClosesWhenTheActionEnds(t *testing.T) {
	f := seedFake()
	f.gate = make(chan struct{})
	h := openLobby(t, f, testOptions(f))
	h.keys("k", "y")
	h.waitText("Kick")
	h.keys("q")
	h.waitText("An action is still running", "Keep running")
	f.gate <- struct{}{}
	h.waitFor("the quit dialog closed", func(s string) bool {
		return strings.Contains(s, "kicked 1 user") && !strings.Contains(s, "still running")
	})
	h.keys("q") // nothing runs: q quits at once
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// z away from the room it acts in says what and where, and asks.
func TestUndoElsewhereSaysWhatAndWhere(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("m", "enter")
	h.waitState("alice muted", func() bool { _, ok := mutedUntil(f, "lobby", "alice"); return ok })
	h.settled("muted 1 user in lobby")
	h.keys("esc") // back to the rooms list
	h.settled("The Lobby")
	h.keys("z")
	h.settled("Undo: unmute alice?", "Undoes the last mute: unmute alice in room lobby", "room The Lobby (lobby)")
	h.keys("esc")
	h.settled("cancelled: nothing was sent")
	if _, ok := mutedUntil(f, "lobby", "alice"); !ok {
		t.Fatal("the undo ran though the moderator cancelled")
	}
	h.keys("z", "y")
	h.waitState("alice unmuted", func() bool { _, ok := mutedUntil(f, "lobby", "alice"); return !ok })
}

// After a partly failed action, R selects the users it failed for and runs
// the same action, with the same length, on them alone.
func TestRetryTheRestAfterAFailure(t *testing.T) {
	f := seedFake()
	f.fail["carol"] = &backend.VendorError{Provider: backend.TencentChat, Code: "10007", Meaning: "no permission"}
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "down", "space", "space", "m") // alice, carol, dave
	h.typeText("90s")
	h.keys("enter")
	h.settled("mute failed for 1 of 3", "R retries these 1")
	f.snapshot(func(f *fakeApp) { delete(f.fail, "carol") })
	h.keys("R")
	h.settled("Retry: mute carol?", "[Mute carol]", "1 selected")
	h.keys("y")
	h.waitState("carol muted", func() bool { _, ok := mutedUntil(f, "lobby", "carol"); return ok })
	if u, _ := mutedUntil(f, "lobby", "carol"); !u.Equal(testNow.Add(90 * time.Second)) {
		t.Fatalf("carol muted until %v, want the first run's 90s", u)
	}
	h.settled("muted 1 user in lobby")
	h.keys("R")
	h.settled("nothing to retry")
}

// After a cancel, R offers the users not reached.
func TestRetryTheRestAfterACancel(t *testing.T) {
	f := seedFake()
	f.gate = make(chan struct{})
	f.batch = 1 // one call per user: the cancel lands between them
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "down", "space", "space", "k", "right", "enter") // alice, carol, dave
	h.waitText("Kick 3 users in room lobby")
	f.gate <- struct{}{} // alice
	h.waitText("done 1")
	h.keys("esc")
	h.waitText("cancelling")
	h.settled("kick cancelled", "R retries these 2")
	h.keys("R")
	h.settled("Retry: kick 2 users?", "2 selected", "[Cancel]")
	h.keys("right", "enter")
	f.gate <- struct{}{}
	f.gate <- struct{}{}
	h.waitState("carol and dave kicked", func() bool { return len(kicked(f)) == 3 })
	if k := kicked(f); !slices.Equal(k, []string{"alice", "carol", "dave"}) {
		t.Fatalf("kicked %v", k)
	}
}

// Marks on the rooms list act: D with two rooms marked lists both, asks
// for the count typed, and dismisses those two, not the room under the
// cursor (it used to dismiss that one).
func TestDismissMarkedRooms(t *testing.T) {
	f := seedFake()
	f.rooms = append(f.rooms, backend.Room{ID: "hall", Name: "Hall", Live: true, CreatedAt: testNow.Add(-time.Hour)})
	h := startConsole(t, testOptions(f))
	h.settled("lobby", "arena", "hall")
	h.keys("space", "space", "D") // the first two rooms; the cursor is on the third
	s := h.settled("Dismiss room: 2 rooms?", "Type the number", "of rooms (2) to confirm")
	for _, want := range []string{"lobby — The Lobby", "arena — Arena", "once per room"} {
		if !strings.Contains(s, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, s)
		}
	}
	h.typeText("1")
	h.keys("enter")
	h.settled("that is not the number of rooms")
	h.keys("backspace")
	h.typeText("2")
	h.keys("enter")
	h.waitState("two rooms dismissed", func() bool { return len(f.dismissedNow()) == 2 })
	if s := h.settled("dismissed 2 rooms"); strings.Contains(s, " selected") {
		t.Errorf("the dismissed rooms are still marked:\n%s", s)
	}
	if d := f.dismissedNow(); slices.Contains(d, "hall") {
		t.Fatalf("dismissed %v: the room under the cursor was not marked", d)
	}
}

// A room the vendor refuses does not stop the others; the panel names it.
func TestDismissMarkedRoomsReportsTheFailedRoom(t *testing.T) {
	f := seedFake()
	f.rooms = append(f.rooms, backend.Room{ID: "hall", Name: "Hall", Live: true, CreatedAt: testNow.Add(-time.Hour)})
	f.fail["room:arena"] = &backend.VendorError{Provider: backend.TencentChat, Code: "10004", Meaning: "not the group's owner"}
	h := startConsole(t, testOptions(f))
	h.settled("lobby", "arena", "hall")
	h.keys("A", "D")
	h.settled("Dismiss room: 3 rooms?")
	h.typeText("3")
	h.keys("enter")
	h.waitState("two rooms dismissed", func() bool { return len(f.dismissedNow()) == 2 })
	h.settled("dismiss room: 2 of 3 rooms done", "failed: arena", "10004", "1 selected") // arena stays marked
	if d := f.dismissedNow(); !slices.Equal(d, []string{"lobby", "hall"}) {
		t.Fatalf("dismissed %v, want lobby and hall", d)
	}
}

// The outcomes view acts on the failed users the moderator picks there:
// filtered to "failed" and all marked, a kick reaches exactly them, in the
// activity's room.
func TestOutcomesActOnTheFailedUsers(t *testing.T) {
	f := seedFake()
	for _, u := range []string{"carol", "dave"} {
		f.fail[u] = &backend.VendorError{Provider: backend.TencentChat, Code: "10007", Meaning: "no permission"}
	}
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "down", "space", "space", "m", "enter") // alice, carol, dave for 10m
	h.settled("mute failed for 2 of 3")
	f.snapshot(func(f *fakeApp) { clear(f.fail) })
	h.keys("esc", ":")
	h.typeText("activity")
	h.keys("enter")
	h.settled("forbid_send_msg")
	h.keys("enter", "/")
	h.typeText("failed")
	h.keys("enter", "A", "k")
	h.settled("Kick 2 users?", "room The Lobby (lobby)")
	h.keys("right", "enter")
	h.waitState("carol and dave kicked", func() bool { return len(kicked(f)) == 2 })
	h.settled("kicked 2 users in lobby")
	if k := kicked(f); !slices.Equal(k, []string{"carol", "dave"}) {
		t.Fatalf("kicked %v, want the failed carol and dave", k)
	}
}

// Owner/admins left out of a bulk kick above 1,000: the choice comes
// first, then the count (of those it now reaches) is typed.
func TestStaffChoiceThenTypedCount(t *testing.T) {
	f := seedFake()
	for i := range 1200 {
		f.members["big"] = append(f.members["big"], backend.Member{UserID: fmt.Sprintf("u%04d", i), Role: "Member"})
	}
	f.members["big"][0].Role = "Admin"
	f.rooms = append(f.rooms, backend.Room{ID: "big", Name: "Big room", Live: true, CreatedAt: testNow})
	h := startConsole(t, testOptions(f))
	h.settled("lobby", "big")
	h.keys(":")
	h.typeText("room big")
	h.keys("enter")
	h.settled("u0000")
	h.keys("A", "k")
	h.settled("Owner/admins selected: u0000 (admin)", "Kick 1,199 users without them")
	h.keys("right", "enter")
	h.settled("Kick 1,199 users?", "Left out: 1 owner/admins.", "Type the number of users (1199)")
	h.typeText("1199")
	h.keys("enter")
	h.waitState("1,199 kicked", func() bool { return len(kicked(f)) == 1199 })
	if slices.Contains(kicked(f), "u0000") {
		t.Fatal("the admin left out was kicked")
	}
}
