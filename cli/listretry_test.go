package cli

import (
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
)

// Issue #11: under 20% gateway 5xx every `quell members` attempt failed,
// because listings did not retry what actions retry. Every listing command,
// on every kind of room, must now come through, and the emulator must show
// that it had to retry (5xx were answered).
func TestListingsRetryGateway5xx(t *testing.T) {
	h := newHarness(t)
	apps := []string{emulator.DemoTRTC, emulator.DemoChatLive, emulator.DemoChatGroups,
		emulator.DemoZegoRooms, emulator.DemoZegoGroups, emulator.DemoZegoRTC}
	// The rooms and their sizes, read while the vendor is healthy.
	type room struct {
		app, id string
		shown   int
	}
	var rooms []room
	for _, app := range apps {
		var list []struct {
			ID string `json:"id"`
		}
		h.json(&list, 0, "", "rooms", "--app", app)
		if len(list) == 0 {
			t.Fatalf("%s: no rooms in the demo", app)
		}
		var members struct {
			Shown int `json:"shown"`
		}
		h.json(&members, 0, "", "members", "--app", app, "--room", list[0].ID)
		rooms = append(rooms, room{app, list[0].ID, members.Shown})
	}

	h.srv.Env().SetFaults(emucore.Faults{HTTP5xx: 0.2})
	// Two runs of each listing (some page at 1 call a second): without
	// retries about half of them fail (a listing makes two to four calls,
	// each 80% likely to pass), and the emulator's dice follow its seed.
	for range 2 {
		for _, r := range rooms {
			var members struct {
				Shown int `json:"shown"`
			}
			h.json(&members, 0, "", "members", "--app", r.app, "--room", r.id)
			if members.Shown != r.shown {
				t.Errorf("%s/%s under 5xx: %d members shown, %d without faults", r.app, r.id, members.Shown, r.shown)
			}
		}
		var muted []map[string]any
		h.json(&muted, 0, "", "muted", "--app", emulator.DemoChatLive, "--room", rooms[1].id)
	}
	for _, r := range rooms { // room lists page at 1 call a second on some apps: once each
		var list []map[string]any
		h.json(&list, 0, "", "rooms", "--app", r.app)
	}
	if n := h.srv.Env().Rec.Faults("5xx"); n < 10 {
		t.Errorf("the emulator answered %d 5xx; the test did not test retries", n)
	}
}

// The emulator's new fault knobs are checked like the others, before
// anything listens.
func TestEmulatorTimeoutAndBurstFlags(t *testing.T) {
	for _, c := range []struct {
		f  emucore.Faults
		ok bool
	}{
		{emucore.Faults{TimeoutRate: 0.1, BurstEvery: 2 * time.Second, BurstFor: 200 * time.Millisecond}, true},
		{emucore.Faults{TimeoutRate: 1.5}, false},
		{emucore.Faults{TimeoutRate: -0.1}, false},
		{emucore.Faults{BurstFor: time.Second}, false},
		{emucore.Faults{BurstEvery: time.Second}, false},
		{emucore.Faults{BurstEvery: time.Second, BurstFor: 2 * time.Second}, false},
	} {
		if err := checkFaults(c.f); (err == nil) != c.ok {
			t.Errorf("%+v: err %v", c.f, err)
		}
	}
}
