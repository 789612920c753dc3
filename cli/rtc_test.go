package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// ZEGO RTC rooms through the generic commands: members, kick (5 users a
// KickoutUser call), dismiss (CloseRoom), and the actions RTC rooms lack.
func TestZegoRTCCommands(t *testing.T) {
	h := newHarness(t)
	zego := h.srv.Zego()
	const app, room = emulator.DemoZegoRTCAppID, "cli-rtc&1"
	var users []string
	for i := range 15 {
		users = append(users, fmt.Sprintf("rtc-%02d", i))
	}
	zego.AddRTCHosts(app, room, "host-1")
	zego.AddRTCRoom(app, room, users...)

	var list struct {
		Members []map[string]any `json:"members"`
	}
	h.json(&list, 0, "", "members", "--app", emulator.DemoZegoRTC, "--room", room)
	members := list.Members
	if len(members) != 16 || members[0]["user"] != "host-1" || members[0]["role"] != "host" {
		t.Fatalf("members %v", members)
	}

	rec := h.srv.Env().Rec
	before := rec.Calls("zego", "KickoutUser")
	rep := h.action(0, strings.Join(users[:12], "\n"), "kick", "--app", emulator.DemoZegoRTC, "--room", room, "-")
	if rep.Applied != 12 || rep.Failed != 0 {
		t.Fatalf("kick: %+v", rep)
	}
	if n := rec.Calls("zego", "KickoutUser") - before; n != 3 {
		t.Fatalf("%d KickoutUser calls for 12 users, want 3", n)
	}
	if zego.InRTCRoom(app, room, users[0]) || !zego.InRTCRoom(app, room, users[12]) {
		t.Fatal("emulator state disagrees with the kick")
	}

	r := h.run("", "mute", "--app", emulator.DemoZegoRTC, "--room", room, "--for", "1m", users[12])
	if r.code == 0 || !strings.Contains(r.err+r.out, "not supported") {
		t.Errorf("mute on RTC: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = h.run("", "kick", "--app", emulator.DemoZegoRTC, "--room", room, strings.Repeat("u", 65))
	if r.code != 2 || !strings.Contains(r.err, "users[0]") {
		t.Errorf("65-byte user: exit %d\n%s%s", r.code, r.out, r.err)
	}

	rep = h.action(0, "", "dismiss", "--app", emulator.DemoZegoRTC, "--room", room, "--yes")
	if rep.Applied != 1 || zego.RTCRoomSize(app, room) != 0 {
		t.Fatalf("dismiss: %+v", rep)
	}
	r = h.run("", "dismiss", "--app", emulator.DemoZegoRTC, "--room", room, "--yes")
	if r.code != 1 || !strings.Contains(r.out, "5018") {
		t.Errorf("second dismiss: exit %d\n%s%s", r.code, r.out, r.err)
	}
}
