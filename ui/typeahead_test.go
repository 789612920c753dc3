package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// typedAhead is how bubbletea delivers keys that arrived in one read: runs
// of runes cut at spaces, and named keys on their own.
func (h *harness) typedAhead(s string) {
	for i, part := range strings.Split(s, " ") {
		if i > 0 {
			h.tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		}
		if part != "" {
			h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(part)})
		}
	}
}

// Found in a real terminal: ":room lobby" typed while the machine was busy
// arrived as ":room", space, "lobby"; the ":" was lost, the space marked the
// first room and moved the cursor, and enter opened the second room.
func TestTypedAheadCommandOpensTheRoomTyped(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	h.settled("lobby", "arena")
	h.typedAhead(":room lobby")
	h.keys("enter")
	s := h.settled("lobby › members", "alice")
	if strings.Contains(s, "selected") {
		t.Errorf("typed-ahead command marked a row:\n%s", s)
	}
}

func TestTypedAheadFilterFilters(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.typedAhead("/dave")
	h.keys("enter")
	h.settled("1/4", "/dave")
}

// A paste on a list is text, not keys: "mk" pasted must not mute or kick.
func TestPasteOnListIsNotKeys(t *testing.T) {
	f := seedFake()
	h := openLobby(t, f, testOptions(f))
	h.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("mk"), Paste: true})
	h.keys("?")
	s := h.settled("Keys")
	if strings.Contains(s, "for how long?") || strings.Contains(s, "Kick") {
		t.Fatalf("a paste opened an action:\n%s", s)
	}
}
