package ui

import (
	"fmt"
	"strings"
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

// TestTRTCRoomHasNoMutedTab: TRTC has no mute, so its rooms offer no muted
// tab that could only ever say "nobody is muted"; :muted says why instead.
// A Chat room keeps the tab.
func TestTRTCRoomHasNoMutedTab(t *testing.T) {
	s := runEmulator(t)
	room := s.TRTC().Rooms(emulator.DemoTRTCSDKAppID)[0]
	h := emulatorConsole(t, s)
	h.settled(emulator.DemoTRTC)
	h.keys(":")
	h.typeText("room " + emulator.DemoTRTC + "/" + room)
	h.keys("enter")
	scr := h.settled("[members ", " banned ", " new ")
	if tabs := lineWith(scr, "[members "); strings.Contains(tabs, "muted") {
		t.Fatalf("a TRTC room's tabs offer muted: %q", tabs)
	}
	h.keys("tab")
	h.settled("[banned ")
	h.keys(":")
	h.typeText("muted")
	h.keys("enter")
	h.waitText("TRTC rooms have no chat mute")

	h.keys(":")
	h.typeText("app " + emulator.DemoChatLive)
	h.keys("enter")
	h.settled(emulator.DemoChatLive)
	h.keys("enter")
	h.settled("[members ", " muted ", " banned ")
}

// lineWith is the first line of screen holding text, "" if none.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}
