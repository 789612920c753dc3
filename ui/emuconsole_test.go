package ui

import (
	"path/filepath"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/config"
)

// runEmulator starts the demo emulator on a loopback port for one test;
// the test adds to its world before it opens the console on it.
func runEmulator(t *testing.T) *emulator.Server {
	t.Helper()
	if testing.Short() {
		t.Skip("end to end against the emulator")
	}
	s := emulator.New(emulator.Options{Demo: true})
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// emulatorConsole opens the console on s's apps as `quell` would on the
// config s writes: the real providers, one pacer for the console and its
// engine, and the emulator's real time.
func emulatorConsole(t *testing.T, s *emulator.Server) *harness {
	t.Helper()
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
	return startConsole(t, o)
}
