package ui

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/config"
)

// TestConsoleListsAll130TRTCRooms is issue #7's "a TRTC app with 130 open
// rooms lists all 130 (console)": the demo's 30 open rooms plus 100, against
// an emulator whose DescribeRoomInfo Total counts only the page's records.
// The status bar's shown/total count must read 130/130.
func TestConsoleListsAll130TRTCRooms(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	s := emulator.New(emulator.Options{Demo: true})
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	for i := range 100 {
		s.TRTC().AddRoom(emulator.DemoTRTCSDKAppID, fmt.Sprint(900000+i), []string{"host"})
	}
	if n := len(s.TRTC().Rooms(emulator.DemoTRTCSDKAppID)); n != 130 {
		t.Fatalf("setup: %d open rooms, want 130", n)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := s.WriteConfig(path); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	pacer := connect.Pacer(cfg)
	providers, err := connect.Open(cfg, backend.Deps{Pacer: pacer, State: backend.NewMemoryState()})
	if err != nil {
		t.Fatal(err)
	}
	o := testOptions(providers...)
	o.Engine = &backend.Engine{Pacer: pacer}
	o.Now = nil // the emulator keeps real time
	h := startConsole(t, o)
	h.settled(emulator.DemoTRTC)
	h.keys(":")
	h.typeText("app " + emulator.DemoTRTC)
	h.keys("enter")
	h.settled("130/130")
}
