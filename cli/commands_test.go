package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/config"
)

func TestDemoOpensConsoleOnInProcessEmulator(t *testing.T) {
	var got ConsoleOptions
	console := func(ctx context.Context, opts ConsoleOptions) error {
		got = opts
		// The emulator must answer while the console runs.
		for _, p := range opts.Providers {
			if p.App().Name == emulator.DemoChatLive {
				rooms, err := p.ListRooms(ctx)
				if err != nil || len(rooms) == 0 {
					t.Errorf("demo rooms: %d, %v", len(rooms), err)
				}
			}
		}
		return nil
	}
	var out, errb bytes.Buffer
	if code := runWith(t.Context(), console, []string{"demo", "--read-only"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !got.Demo || !got.ReadOnly || got.Engine == nil || got.Logger == nil || got.Config == nil || got.Config.Path != "" ||
		len(got.Providers) != 7 {
		t.Errorf("options: %+v", got)
	}
}

func TestRootOpensConsoleOnConfig(t *testing.T) {
	h := newHarness(t)
	var got ConsoleOptions
	h.console = func(_ context.Context, opts ConsoleOptions) error { got = opts; return nil }
	if r := h.run(""); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if got.Demo || got.Config == nil || got.Config.Path != h.cfg || len(got.Providers) != 7 {
		t.Errorf("options: %+v", got)
	}
	h.console = func(context.Context, ConsoleOptions) error { return errors.New("screen too small") }
	if r := h.run(""); r.code != 1 || !strings.Contains(r.err, "screen too small") {
		t.Errorf("console error: exit %d %s", r.code, r.err)
	}
	h.console = nil
	if r := h.run(""); r.code != 1 || !strings.Contains(r.err, "no console") {
		t.Errorf("no console: exit %d %s", r.code, r.err)
	}
}

func TestEmulatorCommandServesAndWritesConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "emu.yaml")
	ctx, cancel := context.WithCancel(t.Context())
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"emulator", "--listen", "127.0.0.1:0", "--write-config", path}, strings.NewReader(""), &out, &errb)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The file appears before it is filled: wait until it loads.
		if _, _, err := config.Load(path); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no config written; stderr: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The written config works for the headless commands, with no warning.
	var apps, aerr bytes.Buffer
	if code := run(t.Context(), []string{"--config", path, "rooms", "--app", emulator.DemoZegoRooms}, strings.NewReader(""), &apps, &aerr); code != 0 ||
		!strings.Contains(apps.String(), "lobby") || aerr.Len() != 0 {
		t.Errorf("rooms on the written config: exit %d\n%s%s", code, apps.String(), aerr.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("emulator did not stop on cancel")
	}
	if !strings.Contains(out.String(), "emulator listening on http://127.0.0.1:") || !strings.Contains(out.String(), path) {
		t.Errorf("stdout:\n%s", out.String())
	}
}

// Secrets reach neither output, errors nor the log file.
func TestSecretsNeverShown(t *testing.T) {
	h := newHarness(t)
	secrets := []string{emulator.DemoTRTCSecretKey, emulator.DemoChatLiveSecretKey, emulator.DemoZegoRoomsSecret,
		emulator.DemoZegoGroupsSecret, emulator.DemoChatGroupsSecretKey}
	logPath := filepath.Join(t.TempDir(), "quell.log")
	var all strings.Builder
	for _, args := range [][]string{
		{"apps", "-o", "json"},
		{"rooms", "--app", emulator.DemoChatLive},
		{"kick", "--app", emulator.DemoZegoRooms, "--room", "lobby", "no-such-user"},
		{"members", "--app", emulator.DemoTRTC, "--room", "1"},
	} {
		r := h.run("", append([]string{"--log-file", logPath}, args...)...)
		all.WriteString(r.out + r.err)
	}
	logged, err := os.ReadFile(logPath)
	if err != nil || len(logged) == 0 {
		t.Fatalf("log file: %v, %d bytes", err, len(logged))
	}
	for _, s := range secrets {
		if strings.Contains(all.String(), s) || strings.Contains(string(logged), s) {
			t.Errorf("secret %.6s… shown", s)
		}
	}
}

func TestConfigWarningsGoToStderr(t *testing.T) {
	srv := emulator.New(emulator.Options{Demo: true})
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte(srv.ConfigYAML()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"--config", path, "apps"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "warning") || !strings.Contains(errb.String(), "chmod 600") || strings.Contains(out.String(), "warning") {
		t.Errorf("stdout %q\nstderr %q", out.String(), errb.String())
	}
	if _, _, err := config.Load(path); err != nil {
		t.Errorf("emulator config does not load: %v", err)
	}
}
