package ui

import (
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// Issue #7, done when: "a Chat live member list over 1,000 says so on
// screen". get_member_list lists at most 1,000 members (providers.md §2):
// the members tab reads "members 1,000 of 19,976", not "members 1000".
func TestCappedLiveMemberListSaysSo(t *testing.T) {
	s := runEmulator(t)
	s.Chat().AddLiveRoom(emulator.DemoChatLiveSDKAppID, "huge-room", 19976)
	h := emulatorConsole(t, s)
	h.settled("chat-live")
	h.keys(":")
	h.typeText("app chat-live")
	h.keys("enter")
	h.settled("live-001")
	h.keys(":")
	h.typeText("room huge-room")
	h.keys("enter")
	h.settled("members 1,000 of 19,976", "the vendor lists at most 1,000")
}
