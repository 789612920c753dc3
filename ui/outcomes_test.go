package ui

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
)

// The outcomes view lists users: an action key there acts on the user under
// the cursor (or the marked ones) in that activity's room, through the
// same path as in the room. It used to answer "open a room's members
// first" to every key.
func TestActionOnAFailedUserFromOutcomes(t *testing.T) {
	f := seedFake()
	f.fail["carol"] = &backend.VendorError{Provider: backend.TencentChat, Code: "10007", Meaning: "no permission"}
	h := openLobby(t, f, testOptions(f))
	h.keys("space", "space", "space", "m", "enter") // alice, bob, carol for 10m
	h.settled("mute failed for 1 of 3")
	f.snapshot(func(f *fakeApp) { delete(f.fail, "carol") })
	h.keys("esc", ":")
	h.typeText("activity")
	h.keys("enter")
	h.settled("forbid_send_msg")
	h.keys("enter")
	s := h.settled("10007")
	if !strings.Contains(s, "m mute") {
		t.Fatalf("outcomes offers no user action:\n%s", s)
	}
	h.keys("down", "down") // carol, the failed one
	h.keys("k")
	h.waitState("carol kicked from lobby", func() bool {
		var k []string
		f.snapshot(func(f *fakeApp) { k = f.kicked })
		return len(k) == 1 && k[0] == "carol"
	})
	h.settled("kicked 1 user in lobby")
	f.snapshot(func(f *fakeApp) {
		for _, m := range f.members["lobby"] {
			if m.UserID == "carol" {
				t.Error("carol is still in lobby")
			}
		}
	})
}

// fixedLog is an activity log holding the given activities.
type fixedLog []backend.Activity

func (l fixedLog) Since(seq int64) ([]backend.Activity, int64, error) {
	if seq > 0 {
		return nil, seq, nil
	}
	return l, 1, nil
}

// A shared journal lists other consoles' apps too: their outcomes open,
// though there is no app here to act in.
func TestOutcomesOfAnAppNotConfiguredHere(t *testing.T) {
	f := seedFake()
	o := testOptions(f)
	o.Activity = fixedLog{{ID: "act-9", App: "elsewhere", Room: "hall", Kind: backend.ActMute, Started: testNow,
		Users: []string{"zoe"}, Failed: 1, Outcomes: []backend.UserOutcome{{User: "zoe", Status: backend.Failed}}}}
	h := startConsole(t, o)
	h.settled("lobby")
	h.keys(":")
	h.typeText("activity")
	h.keys("enter")
	h.settled("elsewhere/hall")
	h.keys("enter")
	h.settled("outcomes › act-9", "zoe")
	h.keys("m")
	h.settled("mute: this console has no app named elsewhere")
}
