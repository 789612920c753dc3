package ui

import (
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
)

// TestActionsAgainstTheEmulator drives the console over the real providers
// and the emulator: find a room, mute a user for 10 minutes, blacklist
// another, dismiss the room; the emulator's state must say so.
func TestActionsAgainstTheEmulator(t *testing.T) {
	s := runEmulator(t)
	const sdk = emulator.DemoChatLiveSDKAppID
	users := s.Chat().AddLiveRoom(sdk, "qa-room", 3)
	h := emulatorConsole(t, s)
	h.settled("chat-live")
	h.keys(":")
	h.typeText("app chat-live")
	h.keys("enter")
	h.settled("live-001")
	h.keys(":")
	h.typeText("room qa-room")
	h.keys("enter")
	h.settled(users[0], users[2])

	h.keys("m", "enter") // 10m, the picker's default
	h.waitState("first user muted in the emulator", func() bool {
		u := s.Chat().MutedUntil(sdk, "qa-room", users[0])
		return !u.IsZero() && u.After(time.Now().Add(9*time.Minute)) && u.Before(time.Now().Add(11*time.Minute))
	})
	h.settled("muted 1 user in qa-room")

	h.keys("down", "x")
	h.settled("Whose blacklist?")
	h.typeText(users[2])
	h.keys("enter")
	h.waitState("second user on the third's blacklist", func() bool { return s.Chat().Blacklisted(sdk, users[2], users[1]) })

	h.settled("blacklisted 1 user") // one action at a time: wait for the first to end
	h.keys("D")
	h.settled("Dismiss room qa-room?")
	h.typeText("qa-room")
	h.keys("enter")
	h.waitState("room dismissed", func() bool { return !s.Chat().RoomExists(sdk, "qa-room") })
}
