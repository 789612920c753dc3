package ui

import (
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// TestBanAndMuteAllAgainstTheEmulator is issue #7's "done when" in the
// console: banning 45 users of a Chat live room asks first, makes 3
// ban_member calls, and the banned tab lists them (they have left the
// room, so only the vendor's banned list holds them) and offers unban on
// its rows; mute everyone is one call and shows in the room's header.
func TestBanAndMuteAllAgainstTheEmulator(t *testing.T) {
	s := runEmulator(t)
	const sdk = emulator.DemoChatLiveSDKAppID
	users := s.Chat().AddLiveRoom(sdk, "qa-ban", 45)
	rec := s.Env().Rec
	h := emulatorConsole(t, s)
	h.settled("chat-live")
	h.keys(":")
	h.typeText("app chat-live")
	h.keys("enter")
	h.settled("live-001")
	h.keys(":")
	h.typeText("room qa-ban")
	h.keys("enter")
	h.settled(users[0], "members 45")

	h.keys("A", "n") // every member, ban
	h.settled("Ban 45 users in room qa-ban for how long?")
	h.keys("enter") // 10m, the picker's default
	h.settled("Ban 45 users?", "[Cancel]")
	h.keys("right", "enter")
	h.waitState("45 users banned in 3 ban_member calls", func() bool {
		for _, u := range users {
			if s.Chat().InRoom(sdk, "qa-ban", u) {
				return false
			}
		}
		return rec.Calls("chat", "ban_member") == 3
	})
	h.settled("banned 45 users in qa-ban")
	if n := rec.Calls("chat", "ban_member"); n != 3 {
		t.Fatalf("%d ban_member calls, want 3", n)
	}

	h.keys("tab", "tab") // members → muted → banned
	h.settled("banned 45", users[0])
	h.keys("A", "N") // unban, offered on the banned tab's rows
	h.settled("Unban 45 users?")
	h.keys("right", "enter")
	h.waitState("45 users unbanned in 3 unban_member calls", func() bool { return rec.Calls("chat", "unban_member") == 3 })
	h.settled("unbanned 45 users in qa-ban", "banned 0")

	h.keys("M")
	h.settled("Mute everyone in room qa-ban?")
	h.keys("right", "enter")
	h.waitState("one update_room_info", func() bool { return rec.Calls("chat", "update_room_info") == 1 })
	h.settled("muted everyone in room qa-ban", "everyone muted")
}
