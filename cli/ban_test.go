package cli

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// Issue #7, done when, headless: `quell ban` (generated from the action
// table) bans 45 users of a Chat live room in 3 ban_member calls, with a
// length the console reads the same way (1d12h, 1.5h); `quell unban`
// lifts them; `quell mute-all` is one update_room_info call.
func TestDoneWhenBan45InChatLiveRoom(t *testing.T) {
	h := newHarness(t)
	const room = "itest-ban"
	us := h.srv.Chat().AddLiveRoom(emulator.DemoChatLiveSDKAppID, room, 45)
	rec := h.srv.Env().Rec
	rec.Reset()
	rep := h.action(0, strings.Join(us, "\n"), "ban", "--app", emulator.DemoChatLive, "--room", room, "--for", "1d12h", "--reason", "spam", "-")
	if rep.Applied != 45 || rep.Failed != 0 {
		t.Fatalf("applied %d, failed %d", rep.Applied, rep.Failed)
	}
	if n := rec.Calls("chat", "ban_member"); n != 3 || rec.Rejected("chat", "ban_member", "") != 0 {
		t.Fatalf("ban_member calls = %d (%d rejected), want 3", n, rec.Rejected("chat", "ban_member", ""))
	}
	for _, u := range []string{us[0], us[44]} {
		if h.srv.Chat().InRoom(emulator.DemoChatLiveSDKAppID, room, u) {
			t.Errorf("%s still in the room", u)
		}
	}
	rep = h.action(0, strings.Join(us, "\n"), "unban", "--app", emulator.DemoChatLive, "--room", room, "-")
	if rep.Applied != 45 || rec.Calls("chat", "unban_member") != 3 {
		t.Fatalf("unban: applied %d in %d calls", rep.Applied, rec.Calls("chat", "unban_member"))
	}
	h.action(0, "", "mute-all", "--app", emulator.DemoChatLive, "--room", room)
	if n := rec.Calls("chat", "update_room_info"); n != 1 {
		t.Fatalf("update_room_info calls = %d, want 1", n)
	}
	// Bad input is refused before any request, naming the flag.
	for _, args := range [][]string{
		{"ban", "--app", emulator.DemoChatLive, "--room", room, "x"},
		{"ban", "--app", emulator.DemoChatLive, "--room", room, "--for", "soon", "x"},
		{"mute-all", "--app", emulator.DemoChatLive, "--room", room, "x"},
	} {
		if r := h.run("", args...); r.code != 2 || !strings.Contains(r.err, "--for") && args[0] == "ban" {
			t.Errorf("%v: exit %d %s", args, r.code, r.err)
		}
	}
	if n := rec.Calls("chat", "ban_member"); n != 3 {
		t.Fatalf("bad input sent %d more ban_member", n-3)
	}
}
