package cli

import (
	"fmt"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// TestTRTCRooms130 is issue #7's "a TRTC app with 130 open rooms lists all
// 130 (`quell rooms`)": the demo's 30 open rooms plus 100 more, against an
// emulator whose DescribeRoomInfo Total counts only the page's records.
func TestTRTCRooms130(t *testing.T) {
	h := newHarness(t)
	for i := range 100 {
		h.srv.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, fmt.Sprint(900000+i), []string{"host"})
	}
	open := len(h.srv.TRTC().Rooms(emulator.DemoTRTCSDKAppID))
	if open != 130 {
		t.Fatalf("setup: the emulator has %d open rooms, want 130", open)
	}
	var rooms []map[string]any
	h.json(&rooms, 0, "", "rooms", "--app", emulator.DemoTRTC)
	if len(rooms) != 130 {
		t.Fatalf("quell rooms listed %d rooms, want 130", len(rooms))
	}
}
