package ui

import (
	"strings"
	"testing"
)

// Found in a real terminal: dismissing the room open in the members view
// left the moderator on it, going stale with "the room does not exist".
// The console now goes back to the app's rooms.
func TestDismissFromMembersReturnsToRooms(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.keys("D")
	h.settled("Dismiss room lobby?")
	h.typeText("lobby")
	h.keys("enter")
	h.waitState("lobby dismissed", func() bool { return len(f.dismissedNow()) == 1 })
	s := h.waitText("dismissed room lobby", "chat-eu › rooms")
	if strings.Contains(s, "lobby › members") {
		t.Fatalf("still on the dismissed room:\n%s", s)
	}
	h.keys("esc")
	h.settled("quell › apps")
}
