package ui

import (
	"path/filepath"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/config"
)

// :ban on the command line keeps ban's rule (it always asks, even for one
// user); Cancel sends nothing, confirming bans the named user alone in the
// emulator (the reason is read by TestParseActionLine; the emulator keeps
// none to check).
func TestBanCommandAgainstTheEmulator(t *testing.T) {
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
	pacer := connect.Pacer(cfg)
	providers, err := connect.Open(cfg, backend.Deps{Pacer: pacer, State: backend.NewMemoryState()})
	if err != nil {
		t.Fatal(err)
	}
	const sdk = emulator.DemoChatLiveSDKAppID
	users := s.Chat().AddLiveRoom(sdk, "qa-cmd", 3)
	rec := s.Env().Rec

	o := testOptions(providers...)
	o.Engine = &backend.Engine{Pacer: pacer}
	o.Now = nil // the emulator keeps real time
	h := startConsole(t, o)
	h.settled("chat-live")

	line := "ban chat-live/qa-cmd " + users[1] + " 1h reason=spam links"
	h.keys(":")
	h.typeText(line)
	h.keys("enter")
	h.settled("Ban 1 user?", "For: 1h", "[Cancel]")
	h.keys("enter") // Cancel, the default
	h.settled("cancelled: nothing was sent")
	if n := rec.Calls("chat", "ban_member"); n != 0 {
		t.Fatalf("%d ban_member calls after Cancel", n)
	}

	h.keys(":")
	h.typeText(line)
	h.keys("enter")
	h.settled("Ban 1 user?")
	h.keys("right", "enter")
	h.waitState(users[1]+" banned", func() bool { return !s.Chat().InRoom(sdk, "qa-cmd", users[1]) })
	h.settled("banned 1 user in qa-cmd")
	if !s.Chat().InRoom(sdk, "qa-cmd", users[0]) || !s.Chat().InRoom(sdk, "qa-cmd", users[2]) {
		t.Fatal("the ban reached users the line did not name")
	}
}
