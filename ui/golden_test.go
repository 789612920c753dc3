package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/quell-console/quell/backend"
)

// Goldens: every view at 100×30, ASCII colour profile, fixed clock. Run
// `go test ./ui -run Golden -update` after an intended change of the look.

// settled waits until the screen shows want and no list call is in flight,
// so the golden never catches a half-loaded frame.
func (h *harness) settled(want ...string) string {
	h.t.Helper()
	return h.waitFor(strings.Join(want, ", "), func(s string) bool {
		if strings.Contains(s, "in flight") || strings.Contains(s, "loading…") {
			return false
		}
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

func zegoFake() *fakeApp {
	caps := backend.NewCapabilities(
		[]backend.Capability{backend.CapListMembers, backend.CapKick, backend.CapDismiss, backend.CapBlacklist, backend.CapBlacklistEdit},
		map[backend.Capability]string{
			backend.CapBlockAV: "ZEGO rooms have no audio/video block",
			backend.CapMute:    "ZIM rooms cannot mute one user: kick them, or use a ZIM group",
		})
	f := newFakeApp("zego-rooms", backend.Zego, caps)
	f.rooms = []backend.Room{{ID: "stage", Name: "Stage", Members: -1, Live: true}}
	f.members["stage"] = []backend.Member{{UserID: "zed", Name: "Zed"}}
	return f
}

func TestGoldenApps(t *testing.T) {
	h := startConsole(t, testOptions(seedFake(), zegoFake()))
	s := h.settled("zego-rooms", "chat-eu")
	checkFrame(t, s, 100, 30)
	h.golden(s)
}

func TestGoldenRooms(t *testing.T) {
	h := startConsole(t, testOptions(seedFake(), zegoFake()))
	h.settled("zego-rooms")
	h.keys("enter")
	s := h.settled("The Lobby", "Arena")
	if strings.Contains(s, "\x1b") {
		t.Fatal("a hostile room name reached the screen with its escape sequence")
	}
	h.golden(s)
}

func TestGoldenMembers(t *testing.T) {
	h := startConsole(t, testOptions(seedFake()))
	h.settled("lobby")
	h.keys("enter")
	s := h.settled("alice", "9m05s", "video")
	h.golden(s)
}

func TestGoldenMuted(t *testing.T) {
	h := startConsole(t, testOptions(seedFake()))
	h.settled("lobby")
	h.keys("enter")
	h.settled("alice")
	h.keys("tab")
	s := h.settled("MUTED FOR", "bob")
	if strings.Contains(s, "alice") {
		t.Fatalf("the muted tab lists alice, who is not muted:\n%s", s)
	}
	h.golden(s)
}

func TestGoldenBlacklist(t *testing.T) {
	h := startConsole(t, testOptions(seedFake()))
	h.settled("lobby")
	h.keys(":")
	h.typeText("blacklist host1")
	h.keys("enter")
	s := h.settled("mallory", "trent")
	h.golden(s)
}

func TestGoldenActivity(t *testing.T) {
	f := seedFake()
	f.fail["carol"] = &backend.VendorError{Provider: backend.TencentChat, Call: "forbid_send_msg", Code: "10007",
		Meaning: "the admin account lacks permission in this group", NextStep: "make the admin an owner or admin of the group"}
	h := startConsole(t, testOptions(f))
	h.settled("lobby")
	h.keys("enter")
	h.settled("alice")
	h.keys("space", "space", "space", "m", "enter") // alice, bob, carol for 10m
	h.settled("Owner/admins selected")
	h.keys("right", "right", "enter") // bob (admin) too
	h.settled("mute failed for 1 of 3")
	h.keys("esc", ":")
	h.typeText("activity")
	h.keys("enter")
	s := h.settled("forbid_send_msg", "mod")
	t.Run("list", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(s+"\n")) })
	h.keys("enter") // the per-user outcomes of that action
	s = h.settled("10007", "req-")
	t.Run("outcomes", func(t *testing.T) { teatest.RequireEqualOutput(t, []byte(s+"\n")) })
}

func TestGoldenHelp(t *testing.T) {
	h := startConsole(t, testOptions(seedFake()))
	h.settled("lobby")
	h.keys("enter")
	h.settled("alice")
	h.keys("?")
	s := h.settled("Commands")
	checkFrame(t, s, 100, 30)
	h.golden(s)
}

func TestGoldenConfirmation(t *testing.T) {
	h := startConsole(t, testOptions(seedFake()))
	h.settled("arena")
	h.keys("down", "enter")
	h.settled("fan00")
	h.keys("A", "/")
	h.typeText("fan0") // fan00..fan09 contain it: 30 of 40 hidden
	h.keys("enter", "m", "enter")
	s := h.settled("Mute 40 users?")
	for _, want := range []string{"40 users, all of arena", "room Arena", "30 of them hidden by the filter", "fan10, fan11",
		"forbid_send_msg × 2, MuteTime 600", "Cancel"} {
		if !strings.Contains(s, want) {
			t.Errorf("confirmation lacks %q", want)
		}
	}
	h.golden(s)
}

func TestGoldenFailure(t *testing.T) {
	f := seedFake()
	f.fail["alice"] = &backend.VendorError{Provider: backend.TencentChat, Call: "forbid_send_msg", Code: "10010",
		Meaning: "the group no longer exists", NextStep: "refresh the room list", Message: "group \x1b[2Jgone"}
	h := startConsole(t, testOptions(f))
	h.settled("lobby")
	h.keys("enter")
	h.settled("alice")
	h.keys("m", "enter")
	s := h.settled("mute failed for 1 of 1", "req-1")
	for _, want := range []string{"10010", "the group no longer exists", "refresh the room list"} {
		if !strings.Contains(s, want) {
			t.Errorf("failure panel lacks %q", want)
		}
	}
	checkFrame(t, s, 100, 30)
	h.golden(s)
}
