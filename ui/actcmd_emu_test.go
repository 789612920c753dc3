package ui

import (
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// :ban on the command line keeps ban's rule (it always asks, even for one
// user); Cancel sends nothing, confirming bans the named user alone in the
// emulator (the reason is read by TestParseActionLine; the emulator keeps
// none to check).
func TestBanCommandAgainstTheEmulator(t *testing.T) {
	s := runEmulator(t)
	const sdk = emulator.DemoChatLiveSDKAppID
	users := s.Chat().AddLiveRoom(sdk, "qa-cmd", 3)
	rec := s.Env().Rec
	h := emulatorConsole(t, s)
	h.settled("chat-live")

	line := "ban chat-live/qa-cmd " + users[1] + " 1h reason=spam links"
	h.keys(":")
	h.typeText(line)
	h.keys("enter")
	// One named user: the confirmation still comes (a ban keeps them out),
	// and one key (y) is enough; esc cancels.
	h.settled("Ban "+users[1]+"?", "For: 1h", "y Ban "+users[1])
	h.keys("esc")
	h.settled("cancelled: nothing was sent")
	if n := rec.Calls("chat", "ban_member"); n != 0 {
		t.Fatalf("%d ban_member calls after Cancel", n)
	}

	h.keys(":")
	h.typeText(line)
	h.keys("enter")
	h.settled("Ban " + users[1] + "?")
	h.keys("y")
	h.waitState(users[1]+" banned", func() bool { return !s.Chat().InRoom(sdk, "qa-cmd", users[1]) })
	h.settled("banned 1 user in qa-cmd")
	if !s.Chat().InRoom(sdk, "qa-cmd", users[0]) || !s.Chat().InRoom(sdk, "qa-cmd", users[2]) {
		t.Fatal("the ban reached users the line did not name")
	}
}
