// Package e2e drives the real quell binary in a real terminal (tmux), the way
// a moderator would, and checks both the screen and the clouds' state.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	quellBin  string
	stateRoot string
	stateDirs sync.Map // test name → its XDG_STATE_HOME
)

// stateDir is the XDG_STATE_HOME of the quell processes test t starts, one
// per test: a journal holds AV blocks, group mutes and pending actions, and
// one test's must never show up in another's console.
func stateDir(t *testing.T) string {
	if d, ok := stateDirs.Load(t.Name()); ok {
		return d.(string)
	}
	d := filepath.Join(stateRoot, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	if err := os.MkdirAll(d, 0o700); err != nil {
		t.Fatal(err)
	}
	actual, _ := stateDirs.LoadOrStore(t.Name(), d)
	return actual.(string)
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "quell-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	quellBin = filepath.Join(dir, "quell")
	// Every quell started by a test (directly or in tmux) keeps its journal
	// and host key here, never in the real ~/.local/state; quell and newTmux
	// narrow it to one directory per test (stateDir).
	stateRoot = filepath.Join(dir, "state")
	os.Setenv("XDG_STATE_HOME", stateRoot)
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	build := exec.Command("go", "build", "-o", quellBin, ".")
	build.Dir = root
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building quell:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need skips when a terminal tool is missing; .ci/run installs them, so CI
// always runs these tests.
func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing on CI: .ci/run must install it", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

// tmux is one detached tmux session on a private socket.
type tmux struct {
	t      *testing.T
	socket string
	name   string
}

func newTmux(t *testing.T, width, height int, env []string, command string) *tmux {
	t.Helper()
	need(t, "tmux")
	tm := &tmux{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), name: "quell"}
	args := []string{"new-session", "-d", "-s", tm.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height),
		"-e", "XDG_STATE_HOME=" + stateDir(t)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, command)
	tm.run(args...)
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		tm.t.Fatalf("tmux %v: %v: %s", args, err, stderr.String())
	}
	return out.String()
}

// keys sends keys as tmux names them ("Enter", "Escape", "Space", "C-c") or
// literal text with "-l".
func (tm *tmux) keys(keys ...string) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", tm.name}, keys...)...)
}

// typeText types literal text.
func (tm *tmux) typeText(s string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", tm.name, "-l", s)
}

// screen is what the terminal shows now.
func (tm *tmux) screen() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-t", tm.name)
}

// waitFor waits until the screen shows every one of want.
func (tm *tmux) waitFor(timeout time.Duration, want ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(s, w) {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("screen never showed %q; last screen:\n%s", want, s)
	return s
}

// quell runs the built binary with args and returns stdout and the exit code.
func quell(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(quellBin, args...)
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+stateDir(t))
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}
