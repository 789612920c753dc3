package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
)

// Issue #2, done when: blocking 200 users on a TRTC app takes under 11 s
// with no rate-limit rejection. The 11 s are the calls' own, first to last
// as the emulator received them: at 20/s and 8% margin they need 10.75 s,
// and the command's start-up (config, journal) under -race on a slow CI
// machine is not what the bound is about; it is logged.
func TestDoneWhenBlock200OnTRTC(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 10 s: the documented rate is 20 calls a second")
	}
	h := newHarness(t)
	us := users("crowd-", 200)
	h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, "777001", us)
	rec := h.srv.Env().Rec
	rec.Reset()
	start := time.Now()
	rep := h.action(0, strings.Join(us, "\n"), "block", "--app", emulator.DemoTRTC, "--room", "777001", "-")
	took := time.Since(start)
	if span := rec.CallSpan("trtc", "SetUserBlocked"); span >= 11*time.Second {
		t.Errorf("the calls took %v, want under 11 s", span)
	}
	if rep.Applied != 200 || rep.Failed != 0 {
		t.Errorf("applied %d, failed %d", rep.Applied, rep.Failed)
	}
	if n := rec.Calls("trtc", "SetUserBlocked"); n != 200 {
		t.Errorf("SetUserBlocked calls = %d, want 200", n)
	}
	if n := rec.Rejected("trtc", "SetUserBlocked", ""); n != 0 {
		t.Errorf("%d calls rejected (RequestLimitExceeded: %d)", n, rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded"))
	}
	if rec.AppliedUsers("trtc", "SetUserBlocked") != 200 || rec.MaxApplied("trtc", "SetUserBlocked") != 1 {
		t.Errorf("applied to %d users, at most %d times each", rec.AppliedUsers("trtc", "SetUserBlocked"), rec.MaxApplied("trtc", "SetUserBlocked"))
	}
	for _, u := range []string{us[0], us[99], us[199]} {
		if h.srv.TRTC().AVBlock(emulator.DemoTRTCSDKAppID, "777001", u) != 1 {
			t.Errorf("%s not blocked", u)
		}
	}
	t.Logf("200 blocks: calls over %v, the command %v", rec.CallSpan("trtc", "SetUserBlocked"), took)
}

// Issue #2, done when: muting 1,200 members of a Chat group makes exactly 3
// forbid_send_msg calls.
func TestDoneWhenMute1200InChatGroup(t *testing.T) {
	h := newHarness(t)
	const group = "@TGS#itest1200"
	members := h.srv.Chat().AddGroup(emulator.DemoChatGroupsSDKAppID, group, "Public", 1201)[1:] // all but the owner
	if len(members) != 1200 {
		t.Fatalf("%d members", len(members))
	}
	rec := h.srv.Env().Rec
	rec.Reset()
	rep := h.action(0, strings.Join(members, "\n")+"\n", "mute", "--app", emulator.DemoChatGroups, "--room", group, "--for", "10m", "-")
	if rep.Applied != 1200 || rep.Failed != 0 {
		t.Errorf("applied %d, failed %d", rep.Applied, rep.Failed)
	}
	if n := rec.Calls("chat", "forbid_send_msg"); n != 3 {
		t.Errorf("forbid_send_msg calls = %d, want 3", n)
	}
	if n := rec.AppliedUsers("chat", "forbid_send_msg"); n != 1200 {
		t.Errorf("applied to %d users", n)
	}
	if h.srv.Chat().MutedUntil(emulator.DemoChatGroupsSDKAppID, group, members[1199]).IsZero() {
		t.Error("the last member is not muted")
	}
}

// Issue #2, done when: blacklisting 45 users on ZEGO makes exactly 3 calls
// and reports per-user failures from ErrList with exit code 1.
func TestDoneWhenBlacklist45OnZego(t *testing.T) {
	h := newHarness(t)
	zego := h.srv.Zego()
	app := emulator.DemoZegoRoomsAppID
	us := users("spammer-", 45)
	// Five users never registered with ZIM, one per batch and two in the
	// last, so every call succeeds overall and names them in ErrList.
	unregistered := map[string]bool{us[3]: true, us[17]: true, us[25]: true, us[41]: true, us[44]: true}
	for _, u := range us {
		if !unregistered[u] {
			zego.RegisterUsers(app, u)
		}
	}
	zego.RegisterUsers(app, "moderator-1")
	rec := h.srv.Env().Rec
	rec.Reset()
	rep := h.action(1, strings.Join(us, "\n"), "blacklist", "add", "--app", emulator.DemoZegoRooms, "--owner", "moderator-1", "-")
	if n := rec.Calls("zego", "AddUsersToBlacklist"); n != 3 {
		t.Errorf("AddUsersToBlacklist calls = %d, want 3", n)
	}
	if rep.Applied != 40 || rep.Failed != 5 {
		t.Errorf("applied %d, failed %d", rep.Applied, rep.Failed)
	}
	for _, r := range rep.Results {
		if r.OK == unregistered[r.User] {
			t.Errorf("%s: ok %v", r.User, r.OK)
		}
		if !r.OK && (r.Code == "" || r.RequestID == "") {
			t.Errorf("%s failed without code or RequestId: %+v", r.User, r)
		}
		if r.OK != zego.Blacklisted(app, "moderator-1", r.User) {
			t.Errorf("%s: report says ok=%v, emulator disagrees", r.User, r.OK)
		}
	}
	// The table form names each failed user with code and RequestId.
	rec.Reset()
	r := h.run(strings.Join(us, "\n"), "blacklist", "add", "--app", emulator.DemoZegoRooms, "--owner", "moderator-1", "-")
	if r.code != 1 || strings.Count(r.out, "spammer-") != 5 || !strings.Contains(r.out, "REQUEST ID") ||
		!strings.Contains(r.out, "blacklisted: 40 applied, 5 failed") {
		t.Errorf("table: exit %d\n%s%s", r.code, r.out, r.err)
	}
}

// Under the emulator's fault knobs (latency, internal errors, 502s, dropped
// connections) the engine's retries still apply every user exactly as asked.
func TestActionsUnderFaults(t *testing.T) {
	h := newHarness(t)
	env := h.srv.Env()
	trtcUsers := users("faulty-", 40)
	h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, "31337", trtcUsers)
	chatUsers := h.srv.Chat().AddGroup(emulator.DemoChatGroupsSDKAppID, "@TGS#faults", "Public", 41)[1:]
	zegoUsers := users("zfault-", 40)
	h.srv.Zego().RegisterUsers(emulator.DemoZegoRoomsAppID, append(zegoUsers, "fault-owner")...)
	env.Rec.Reset()
	// Rates chosen so that five tries leave a user failed about once in
	// 30,000, while a few dozen calls meet several faults.
	env.SetFaults(emucore.Faults{Latency: 2 * time.Millisecond, Jitter: 8 * time.Millisecond,
		ErrorRate: 0.05, HTTP5xx: 0.05, DropRate: 0.03})
	defer env.SetFaults(emucore.Faults{})

	rep := h.action(0, strings.Join(trtcUsers, "\n"), "block", "--app", emulator.DemoTRTC, "--room", "31337", "-")
	if rep.Applied != 40 {
		t.Errorf("trtc: %+v", rep)
	}
	rep = h.action(0, strings.Join(chatUsers, "\n"), "mute", "--app", emulator.DemoChatGroups, "--room", "@TGS#faults", "--for", "1h", "-")
	if rep.Applied != 40 {
		t.Errorf("chat: %+v", rep)
	}
	rep = h.action(0, strings.Join(zegoUsers, "\n"), "blacklist", "add", "--app", emulator.DemoZegoRooms, "--owner", "fault-owner", "-")
	if rep.Applied != 40 {
		t.Errorf("zego: %+v", rep)
	}
	faults := env.Rec.Faults("5xx") + env.Rec.Faults("drop") + env.Rec.Rejected("trtc", "SetUserBlocked", "InternalError")
	if faults == 0 {
		t.Error("no fault was injected: the test proves nothing")
	}
	for _, u := range trtcUsers {
		if h.srv.TRTC().AVBlock(emulator.DemoTRTCSDKAppID, "31337", u) != 1 {
			t.Errorf("%s not blocked", u)
		}
	}
	for _, u := range chatUsers {
		if h.srv.Chat().MutedUntil(emulator.DemoChatGroupsSDKAppID, "@TGS#faults", u).IsZero() {
			t.Errorf("%s not muted", u)
		}
	}
	for _, u := range zegoUsers {
		if !h.srv.Zego().Blacklisted(emulator.DemoZegoRoomsAppID, "fault-owner", u) {
			t.Errorf("%s not blacklisted", u)
		}
	}
	if m := env.Rec.MaxApplied("trtc", "SetUserBlocked"); m != 1 {
		t.Errorf("a user was blocked %d times", m)
	}

	// Dropped connections alone, harder: the client sees EOF mid-request.
	// TRTC calls are paced 50 ms apart, so they meet the seeded dice one at
	// a time and this phase plays out the same way every run.
	env.SetFaults(emucore.Faults{DropRate: 0.2})
	rep = h.action(0, strings.Join(trtcUsers, "\n"), "unblock", "--app", emulator.DemoTRTC, "--room", "31337", "-")
	if rep.Applied != 40 {
		t.Errorf("unblock under drops: %+v", rep)
	}
	if env.Rec.Faults("drop") == 0 {
		t.Error("no connection was dropped: the drop phase proves nothing")
	}
	for _, u := range trtcUsers {
		if h.srv.TRTC().AVBlock(emulator.DemoTRTCSDKAppID, "31337", u) != 0 {
			t.Errorf("%s still blocked", u)
		}
	}
	t.Logf("faults: 5xx %d, drop %d, internal errors (trtc) %d", env.Rec.Faults("5xx"), env.Rec.Faults("drop"),
		env.Rec.Rejected("trtc", "SetUserBlocked", "InternalError"))
}

// Bad usage, config or input exits 2 and sends nothing.
func TestUsageErrorsSendNothing(t *testing.T) {
	h := newHarness(t)
	h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, "5150", []string{"someone"})
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"no app", "", []string{"rooms"}, "--app is required"},
		{"unknown app", "", []string{"rooms", "--app", "nope"}, `--app "nope": no such app`},
		{"no room", "", []string{"members", "--app", emulator.DemoTRTC}, "--room is required"},
		{"no users", "", []string{"kick", "--app", emulator.DemoTRTC, "--room", "5150"}, "no users given"},
		{"empty stdin", "\n\n", []string{"kick", "--app", emulator.DemoTRTC, "--room", "5150", "-"}, "held no users"},
		{"dash with users", "", []string{"kick", "--app", emulator.DemoTRTC, "--room", "5150", "-", "x"}, "give it alone"},
		{"no --for", "", []string{"mute", "--app", emulator.DemoChatLive, "--room", "live-001", "x"}, "--for is required"},
		{"bad --for", "", []string{"mute", "--app", emulator.DemoChatLive, "--room", "live-001", "--for", "1w", "x"}, "--for"},
		{"zero --for", "", []string{"mute", "--app", emulator.DemoChatLive, "--room", "live-001", "--for", "0s", "x"}, "--for"},
		{"audio and video", "", []string{"block", "--app", emulator.DemoTRTC, "--room", "5150", "--audio", "--video", "x"}, "--audio and --video"},
		{"string room on numeric app", "", []string{"kick", "--app", emulator.DemoTRTC, "--room", "lobby", "x"}, "numeric room IDs"},
		{"zego user too long", "", []string{"kick", "--app", emulator.DemoZegoRooms, "--room", "lobby", strings.Repeat("u", 33)}, "users"},
		{"unsupported action", "", []string{"mute", "--app", emulator.DemoZegoRooms, "--room", "lobby", "--for", "1m", "x"}, "not supported"},
		{"unsupported list", "", []string{"muted", "--app", emulator.DemoZegoRooms, "--room", "lobby"}, "cannot list-muted"},
		{"no owner", "", []string{"blacklist", "add", "--app", emulator.DemoZegoRooms, "x"}, "--owner is required"},
		{"read-only", "", []string{"--read-only", "kick", "--app", emulator.DemoTRTC, "--room", "5150", "someone"}, "--read-only"},
		{"dismiss without yes", "", []string{"dismiss", "--app", emulator.DemoTRTC, "--room", "5150"}, "--yes"},
		{"bad output", "", []string{"apps", "-o", "yaml"}, "unknown output format"},
		{"unknown flag", "", []string{"rooms", "--ap", "x"}, "unknown flag"},
		{"unknown command", "", []string{"bogus"}, "unknown command"},
		{"stray argument", "", []string{"apps", "extra"}, "takes no arguments"},
		{"blacklist alone", "", []string{"blacklist"}, "subcommand"},
	}
	rec := h.srv.Env().Rec
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec.Reset()
			r := h.run(tc.stdin, tc.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.out, r.err)
			}
			if !strings.Contains(r.err, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, r.err)
			}
			if calls := rec.Summary(); len(calls) != 0 {
				t.Errorf("requests were sent: %v", calls)
			}
			if h.srv.TRTC().InRoom(emulator.DemoTRTCSDKAppID, "5150", "someone") == false {
				t.Fatal("a refused command changed the emulator")
			}
		})
	}
}

func TestConfigErrorsExit2(t *testing.T) {
	var out, errb strings.Builder
	code := run(t.Context(), []string{"--config", t.TempDir() + "/missing.yaml", "apps"}, strings.NewReader(""), &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "no config file here") {
		t.Errorf("missing config: exit %d\n%s", code, errb.String())
	}
}
