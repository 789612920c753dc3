package ui

import "testing"

func TestSmoke(t *testing.T) {
	f := seedFake()
	h := startConsole(t, testOptions(f))
	s := h.waitText("lobby")
	t.Log("\n" + s)
	h.keys("enter")
	s = h.waitText("alice")
	t.Log("\n" + s)
}
