package cli

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// TestSkipInvalidActsOnTheValidIDs: a room's member list piped into an
// action holds IDs a hostile client chose. Without --skip-invalid the whole
// list is refused (TestBadIDsExitTwoWithNothingSent); with it the valid
// users are acted on, and each invalid one is a failed outcome with code
// invalid-id, never sent.
func TestSkipInvalidActsOnTheValidIDs(t *testing.T) {
	h := newHarness(t)
	room := "990001"
	bad := []string{"\x1b[2J\x1b[31mpwned", "bell\x07\x07", strings.Repeat("x", 40)}
	h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, room, append([]string{"good-1", "good-2"}, bad...))
	stdin := "good-1\n" + bad[0] + "\ngood-2\n" + bad[1] + "\n" + bad[2] + "\n"

	r := h.run(stdin, "kick", "--app", emulator.DemoTRTC, "--room", room, "-")
	if r.code != 2 {
		t.Fatalf("without --skip-invalid: exit %d, want 2\n%s%s", r.code, r.out, r.err)
	}

	rep := h.action(1, stdin, "kick", "--app", emulator.DemoTRTC, "--room", room, "--skip-invalid", "-")
	if rep.Applied != 2 || rep.Failed != 3 || len(rep.Results) != 5 {
		t.Fatalf("applied %d failed %d of %d results, want 2, 3 of 5: %+v", rep.Applied, rep.Failed, len(rep.Results), rep)
	}
	for _, res := range rep.Results {
		isBad := res.User != "good-1" && res.User != "good-2"
		if isBad != (res.Code == invalidIDCode) || isBad == res.OK {
			t.Errorf("%q: ok %v code %q", res.User, res.OK, res.Code)
		}
		if isBad && !strings.Contains(res.Message, "not sent") {
			t.Errorf("%q: message %q does not say it was not sent", res.User, res.Message)
		}
	}
	for _, u := range []string{"good-1", "good-2"} {
		if h.srv.TRTC().InRoom(emulator.DemoTRTCSDKAppID, room, u) {
			t.Errorf("%s is still in the room", u)
		}
	}
	for _, u := range bad {
		if !h.srv.TRTC().InRoom(emulator.DemoTRTCSDKAppID, room, u) {
			t.Errorf("%q was kicked: an invalid ID was sent", u)
		}
	}

	// The table names each skipped user, cleaned, and the count on stderr.
	h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, room, []string{"good-1"})
	r = h.run("good-1\n"+bad[0]+"\n", "kick", "--app", emulator.DemoTRTC, "--room", room, "--skip-invalid", "-")
	if r.code != 1 || !strings.Contains(r.out, invalidIDCode) || !strings.Contains(r.out, "1 applied, 1 failed") ||
		strings.Contains(r.out, "\x1b") || !strings.Contains(r.err, "1 invalid user IDs skipped") {
		t.Fatalf("table: exit %d\nstdout: %q\nstderr: %q", r.code, r.out, r.err)
	}

	// Nothing valid: nothing sent, every user failed.
	calls := totalCalls(h)
	r = h.run(bad[0]+"\n"+bad[1]+"\n", "kick", "--app", emulator.DemoTRTC, "--room", room, "--skip-invalid", "-")
	if r.code != 1 || !strings.Contains(r.out, "0 applied, 2 failed") || !strings.Contains(r.out, "nothing sent") {
		t.Fatalf("all invalid: exit %d\nstdout: %q\nstderr: %q", r.code, r.out, r.err)
	}
	if n := totalCalls(h); n != calls {
		t.Fatalf("all invalid: the emulator saw %d calls more", n-calls)
	}

	// A bad room is still the whole command's error.
	r = h.run("good-1\n", "kick", "--app", emulator.DemoTRTC, "--room", "x\x1b[2J", "--skip-invalid", "-")
	if r.code != 2 || !strings.Contains(r.err, "room") {
		t.Fatalf("bad room: exit %d\nstderr: %q", r.code, r.err)
	}
}

// totalCalls is how many calls the emulator has received, of any kind.
func totalCalls(h *harness) int {
	n := 0
	for _, c := range h.srv.Env().Rec.Summary() {
		n += c
	}
	return n
}

// TestMembersJSONPipesIntoAnAction: `quell members -o json | quell kick
// --skip-invalid -` needs no jq, and an ID holding a line break stays one
// (invalid) ID: read as lines, "fake\r\nhost-x" would kick host-x.
func TestMembersJSONPipesIntoAnAction(t *testing.T) {
	h := newHarness(t)
	room := "990002"
	crlf := "fake\r\nhost-x"
	h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, room, []string{"viewer-1", "viewer-2", crlf, "host-x"})

	rep := h.action(1, `["`+strings.ReplaceAll(strings.ReplaceAll(crlf, "\r", `\r`), "\n", `\n`)+`"]`,
		"kick", "--app", emulator.DemoTRTC, "--room", room, "--skip-invalid", "-")
	if rep.Applied != 0 || rep.Failed != 1 || !h.srv.TRTC().InRoom(emulator.DemoTRTCSDKAppID, room, "host-x") {
		t.Fatalf("a JSON ID with a line break: %+v; host-x in room: %v", rep, h.srv.TRTC().InRoom(emulator.DemoTRTCSDKAppID, room, "host-x"))
	}

	members := h.ok("members", "--app", emulator.DemoTRTC, "--room", room, "-o", "json")
	rep = h.action(1, members, "kick", "--app", emulator.DemoTRTC, "--room", room, "--skip-invalid", "-")
	if rep.Applied != 3 || rep.Failed != 1 {
		t.Fatalf("members piped: applied %d failed %d, want 3 and 1: %+v", rep.Applied, rep.Failed, rep)
	}
	if got := h.srv.TRTC().Members(emulator.DemoTRTCSDKAppID, room); len(got) != 1 || got[0] != crlf {
		t.Fatalf("left in the room: %q, want only the invalid ID", got)
	}
}
