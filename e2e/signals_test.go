package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDemoRemovesItsTempDirOnHangupAndTerm: `quell demo` keeps its journal
// in a temporary directory; when the terminal closes under it (SIGHUP) or
// it is told to stop (SIGTERM) it still removes that directory, as it does
// when the moderator quits with q.
func TestDemoRemovesItsTempDirOnHangupAndTerm(t *testing.T) {
	for _, tc := range []struct {
		name string
		stop func(tm *tmux, pid int) error
	}{
		// kill-session closes the pane's terminal: the kernel and tmux
		// send SIGHUP to the process in it, as when a window is closed.
		{"terminal closed (SIGHUP)", func(tm *tmux, _ int) error {
			tm.run("kill-session", "-t", tm.name)
			return nil
		}},
		{"SIGTERM", func(_ *tmux, pid int) error { return syscall.Kill(pid, syscall.SIGTERM) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			// exec: quell itself is the pane's process, with no shell between.
			tm := newTmux(t, 100, 30, []string{"TMPDIR=" + tmp}, "exec "+quellBin+" demo")
			tm.waitFor(5*time.Second, "quell › apps", "7/7")
			dirs, _ := filepath.Glob(filepath.Join(tmp, "quell-demo-*"))
			if len(dirs) != 1 {
				t.Fatalf("the demo made %d temp dirs in TMPDIR, want 1: %v", len(dirs), dirs)
			}
			if _, err := os.Stat(filepath.Join(dirs[0], "journal.db")); err != nil {
				t.Fatalf("the demo's temp dir holds no journal: %v", err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(tm.run("display-message", "-p", "-t", tm.name, "#{pane_pid}")))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.stop(tm, pid); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for {
				if _, err := os.Stat(dirs[0]); os.IsNotExist(err) {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s is still there 10s after %s", dirs[0], tc.name)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}
