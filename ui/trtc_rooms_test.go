package ui

import (
	"fmt"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// TestConsoleListsAll130TRTCRooms is issue #7's "a TRTC app with 130 open
// rooms lists all 130 (console)": the demo's 30 open rooms plus 100, against
// an emulator whose DescribeRoomInfo Total counts only the page's records.
// The status bar's shown/total count must read 130/130.
func TestConsoleListsAll130TRTCRooms(t *testing.T) {
	s := runEmulator(t)
	for i := range 100 {
		s.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, fmt.Sprint(900000+i), []string{"host"})
	}
	if n := len(s.TRTC().Rooms(emulator.DemoTRTCSDKAppID)); n != 130 {
		t.Fatalf("setup: %d open rooms, want 130", n)
	}
	h := emulatorConsole(t, s)
	h.settled(emulator.DemoTRTC)
	h.keys(":")
	h.typeText("app " + emulator.DemoTRTC)
	h.keys("enter")
	h.settled("130/130")
}
