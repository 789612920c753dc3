package cli

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// TestBadIDsExitTwoWithNothingSent: IDs no vendor holds (issue #11 — a
// 10,000-character ID, escape sequences, NUL) are refused by every Tencent
// app before a request: exit 2, the error names the field, and the
// emulator's call counter stays at 0.
func TestBadIDsExitTwoWithNothingSent(t *testing.T) {
	h := newHarness(t)
	huge := strings.Repeat("u", 10000)
	cases := []struct {
		name  string
		stdin string
		args  []string
		field string
	}{
		{"chat live 10,000-char user", "", []string{"mute", "--app", emulator.DemoChatLive, "--room", "live-001", "--for", "10m", huge}, "users[0]"},
		{"chat live escape in user", "", []string{"mute", "--app", emulator.DemoChatLive, "--room", "live-001", "--for", "10m", "ok", "evil\x1b]0;owned\x07"}, "users[1]"},
		{"chat live 33-byte user", "", []string{"unmute", "--app", emulator.DemoChatLive, "--room", "live-001", strings.Repeat("a", 33)}, "users[0]"},
		{"chat live room too long", "", []string{"unmute", "--app", emulator.DemoChatLive, "--room", strings.Repeat("r", 49), "a"}, "room"},
		{"chat group NUL in user from stdin", "a\nb\x00c\n", []string{"kick", "--app", emulator.DemoChatGroups, "--room", "@TGS#demo", "-"}, "users[1]"},
		{"chat group non-ASCII group", "", []string{"unmute", "--app", emulator.DemoChatGroups, "--room", "群", "a"}, "room"},
		{"chat blacklist owner too long", "", []string{"blacklist", "add", "--app", emulator.DemoChatLive, "--owner", strings.Repeat("o", 33), "a"}, "owner"},
		{"trtc numeric 10,000-char user", "", []string{"kick", "--app", emulator.DemoTRTC, "--room", "1001", huge}, "users[0]"},
		{"trtc string escape in user", "", []string{"block", "--app", emulator.DemoTRTCAV, "--room", "live-001", "a\x1b[2J"}, "users[0]"},
		{"trtc string room with escape", "", []string{"kick", "--app", emulator.DemoTRTCAV, "--room", "live\x1b[2J", "a"}, "room"},
		{"members of a 10,000-char chat room", "", []string{"members", "--app", emulator.DemoChatLive, "--room", huge}, "room"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.run(c.stdin, c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.out, r.err)
			}
			if !strings.Contains(r.err, c.field) {
				t.Errorf("stderr does not name %s: %s", c.field, r.err)
			}
			if strings.ContainsAny(r.err, "\x1b\x00\x07") || len(r.err) > 1000 {
				t.Errorf("stderr carries the raw ID (%d bytes): %q", len(r.err), r.err)
			}
			if s := h.srv.Env().Rec.Summary(); len(s) != 0 {
				t.Fatalf("the emulator saw calls: %v", s)
			}
		})
	}
}
