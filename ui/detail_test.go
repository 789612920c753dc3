package ui

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
)

// Enter on a member opens the pane: a name too long for its column is
// there in full (wrapped, its escapes defused), with the member's state and
// the actions offered; esc closes it.
func TestDetailPane(t *testing.T) {
	f := seedFake()
	long := "Carol of the Very Long Display Name That No Column Can Hold \x1b]0;pwned\x07 — the end"
	f.members["lobby"][2].Name = long
	h := openLobby(t, f, testOptions(f))
	h.keys("down", "down", "enter")
	s := h.settled("User:   carol", "Role:   Member", "Joined: 15:04:26 (5m ago)", "the end", "m mute")
	if strings.Contains(s, "pwned\a") || strings.Contains(s, "\x1b]") {
		t.Fatalf("the name's escape reached the screen:\n%s", s)
	}
	h.golden(s)
	h.keys("esc")
	s = h.settled("alice")
	if strings.Contains(s, "User:") || strings.Contains(s, "cancelled") {
		t.Fatalf("esc did not just close the pane:\n%s", s)
	}
}

// An action key in the pane acts on its user alone, through the same flow
// (the mute picker asks the length), even with other users marked.
func TestDetailPaneActs(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("space") // alice marked, the cursor moves to bob
	h.keys("down", "enter")
	h.settled("User:   carol")
	h.keys("m")
	h.settled("Mute carol in room lobby for how long?")
	h.keys("enter")
	h.waitState("carol muted", func() bool { _, ok := mutedUntil(f, "lobby", "carol"); return ok })
	if _, ok := mutedUntil(f, "lobby", "alice"); ok {
		t.Fatal("the marked user was muted too: the pane's key must act on its user alone")
	}
	h.settled("muted 1 user in lobby")
}

// The pane shows mute and ban ends and a block.
func TestDetailPaneStates(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("down", "enter") // bob: muted for 9m05s
	h.settled("Muted:  until 15:18:31 (9m05s left)", "Banned: no", "AV:     no")
	h.keys("esc", "down", "down", "enter") // dave: video blocked
	h.settled("User:   dave", "AV:     "+backend.AVVideo.String()+" blocked, until unblocked")
}
