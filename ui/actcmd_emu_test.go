package ui

import (
	"strings"
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

// A `:` command with a user ID no Chat account can have (over 32 bytes) is
// refused on the console with the field and the fix, and nothing reaches the
// vendor: the same local check the CLI makes (issue #11, bad input).
func TestCommandWithAnImpossibleUserIDSendsNothing(t *testing.T) {
	s := runEmulator(t)
	const sdk = emulator.DemoChatLiveSDKAppID
	s.Chat().AddLiveRoom(sdk, "qa-bad", 2)
	rec := s.Env().Rec
	h := emulatorConsole(t, s)
	h.settled("chat-live")
	rec.Reset()

	long := strings.Repeat("x", 40)
	h.keys(":")
	h.typeText("mute chat-live/qa-bad " + long + " 10m")
	h.keys("enter")
	h.settled("mute refused: nothing was sent", "is 40 bytes; the limit is 32", "give the UserID exactly as Chat lists it")
	for _, action := range []string{"forbid_send_msg", "ban_member", "get_muted_member_list"} {
		if n := rec.Calls("chat", action); n != 0 {
			t.Fatalf("%d %s calls for a user ID Chat cannot hold", n, action)
		}
	}
}
