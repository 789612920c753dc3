package ui

import (
	"path/filepath"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/config"
)

// Issue #7, done when: "a Chat live member list over 1,000 says so on
// screen". get_member_list lists at most 1,000 members (providers.md §2):
// the members tab reads "members 1,000 of 19,976", not "members 1000".
func TestCappedLiveMemberListSaysSo(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	s := emulator.New(emulator.Options{Demo: true})
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := s.WriteConfig(path); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	providers, err := connect.Open(cfg, backend.Deps{Pacer: connect.Pacer(cfg), State: backend.NewMemoryState()})
	if err != nil {
		t.Fatal(err)
	}
	s.Chat().AddLiveRoom(emulator.DemoChatLiveSDKAppID, "huge-room", 19976)
	o := testOptions(providers...)
	o.Now = nil // the emulator keeps real time
	h := startConsole(t, o)
	h.settled("chat-live")
	h.keys(":")
	h.typeText("app chat-live")
	h.keys("enter")
	h.settled("live-001")
	h.keys(":")
	h.typeText("room huge-room")
	h.keys("enter")
	h.settled("members 1,000 of 19,976", "the vendor lists at most 1,000")
}
