package ui

import (
	"strings"
	"testing"
)

// A on a fuzzy filter says how many rows it would select and asks first: a
// fuzzy filter shows rows without the text typed, and an action reaches
// every marked row.
func TestSelectAllOnFuzzyFilterAsksFirst(t *testing.T) {
	h := startConsole(t, testOptions(seedFake()))
	h.settled("arena")
	h.keys("down", "enter")
	h.settled("fan00")
	h.keys("/")
	h.typeText("~fan0") // fan00..fan09 contain it; fan10, fan20, fan30 fuzzily
	h.keys("enter")
	s := h.settled("13/40", "fuzzy filter")
	checkFrame(t, s, 100, 30)
	h.keys("A")
	s = h.waitText("Select 13 rows matched fuzzily?")
	if strings.Contains(s, "selected") {
		t.Fatalf("A marked rows before the moderator answered:\n%s", s)
	}
	h.keys("esc")
	s = h.waitFor("the dialog to close", func(s string) bool { return !strings.Contains(s, "fuzzily?") })
	if strings.Contains(s, "selected") {
		t.Fatalf("cancelled, yet rows are marked:\n%s", s)
	}
	h.keys("A", "right", "enter")
	h.waitText("13 selected")

	// A plain filter marks at once what it shows, and the status bar says
	// how many marks it hides.
	h.keys("ctrl+\\", "esc", "/") // esc clears the fuzzy filter
	h.typeText("fan0")
	h.keys("enter", "A", "esc")
	s = h.settled("40/40", "10 selected")
	h.keys("/")
	h.typeText("fan1")
	h.keys("enter")
	h.settled("10/40", "10 selected (10 hidden)")
}
