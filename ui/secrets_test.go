package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/internal/redact/redacttest"
)

// Issue #11 in the console: each vendor echoes each request's credentials
// in each encoding in its error message; neither the failure panel nor the
// activity's outcomes view may show any form of them or of the app's keys.
func TestEchoedCredentialsNeverOnScreen(t *testing.T) {
	s := runEmulator(t)
	// Wide enough that a message is not cut before the secret in it.
	h := emulatorConsoleSized(t, s, 400, 40)
	h.settled("chat-live")
	keys := []string{emulator.DemoTRTCSecretID, emulator.DemoTRTCSecretKey, emulator.DemoChatGroupsSecretKey, emulator.DemoZegoGroupsSecret}
	lines := map[string]string{"trtc": "kick trtc-demo/1001 u1", "tencent-chat": "kick chat-groups/@TGS#demo u1", "zego": "kick zego-groups/g1 u1"}
	for _, enc := range emucore.EchoEncodings() {
		for _, vendor := range []string{"trtc", "tencent-chat", "zego"} {
			before := len(s.Env().Echoed())
			s.Env().SetFaults(emucore.Faults{Echo: enc})
			h.keys(":")
			h.typeText(lines[vendor])
			h.keys("enter")
			h.settled("Kick u1?")
			h.keys("y")
			screens := []string{h.waitText("kick failed for 1 of 1")}
			s.Env().SetFaults(emucore.Faults{})
			h.keys("esc", "esc", ":")
			h.typeText("activity")
			h.keys("enter")
			screens = append(screens, h.waitText("Activity"))
			h.keys("enter") // the newest action's outcomes
			screens = append(screens, h.waitText("outcomes", "u1"))
			h.keys("esc", "esc")
			echoed := s.Env().Echoed()[before:]
			if len(echoed) == 0 {
				t.Fatalf("%s/%s: the emulator echoed nothing:\n%s", vendor, enc, strings.Join(screens, "\n-----\n"))
			}
			for _, screen := range screens {
				for _, secret := range append(echoed, keys...) {
					if leaks := redacttest.Leaks(screen, secret); len(leaks) > 0 {
						t.Errorf("%s/%s: %.20s… on screen as %v:\n%s", vendor, enc, secret, leaks, screen)
					}
				}
			}
		}
	}
}

// emulatorConsoleSized is emulatorConsole on a terminal of w×h.
func emulatorConsoleSized(t *testing.T, s *emulator.Server, w, h int) *harness {
	t.Helper()
	c := emulatorConsole(t, s)
	c.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return c
}
