package e2e

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestSSHLimits drives `quell serve` (the real console on the emulator) past
// the limits of issue #11 with the OpenSSH client and x/crypto's: a command
// is refused, a 65,535×65,535 terminal costs what 500×500 does, a flood of
// silent connections locks no operator out, and a live view with no input
// closes at idle_timeout saying why.
func TestSSHLimits(t *testing.T) {
	need(t, "tmux", "ssh", "ssh-keygen")
	key, pub := sshKey(t, t.TempDir(), "alice")
	emu := runEmulator(t)
	cfg, _ := withSSHSettings(t, emu.cfg, []operator{{name: "alice", role: "moderator", key: key, pub: pub}},
		"idle_timeout: 8s\n  login_timeout: 2s\n  max_unauthenticated_per_address: 4")
	srv := startServe(t, cfg)

	t.Run("a command is refused", func(t *testing.T) {
		out, err := exec.Command("ssh", append(srv.sshArgs(key), "-tt", "127.0.0.1", "journal", "--pending")...).CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "quell serve offers only the console and runs no commands") {
			t.Fatalf("ssh -tt HOST CMD: %v\n%s", err, out)
		}
	})

	t.Run("a 65,535-cell terminal is drawn at 500", func(t *testing.T) {
		signer := readKey(t, key)
		c, err := gossh.Dial("tcp", srv.addr, &gossh.ClientConfig{User: "alice", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		sess, _ := c.NewSession()
		var sent atomic.Int64
		sess.Stdout = countWriter{&sent}
		sess.Stderr = io.Discard
		stdin, _ := sess.StdinPipe()
		if err := sess.RequestPty("xterm", 65535, 65535, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		_, _ = stdin.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"))
		time.Sleep(3 * time.Second)
		_ = sess.WindowChange(65535, 65535)
		_, _ = stdin.Write([]byte("j")) // a key: a frame drawn after the resize
		time.Sleep(3 * time.Second)
		// 500×500 frames are a few hundred KB; drawn as asked, 10,000×10,000
		// streamed 100 MB and grew the heap past a gigabyte.
		if n := sent.Load(); n > 8<<20 || n == 0 {
			t.Fatalf("the session sent %d bytes", n)
		}
		hwm := peakRSS(t, srv.cmd.Process.Pid)
		if hwm > 500<<20 {
			t.Fatalf("quell serve peaked at %d MB", hwm>>20)
		}
		t.Logf("sent %d KB; quell serve peaked at %d MB", sent.Load()>>10, hwm>>20)
	})

	t.Run("silent connections lock no operator out", func(t *testing.T) {
		start := time.Now()
		var silent []net.Conn
		for range 100 {
			c, err := net.Dial("tcp", srv.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			silent = append(silent, c)
		}
		// alice, from another loopback address, signs in at once.
		cmd := "ssh " + strings.Join(srv.sshArgs(key), " ") + " -b 127.0.0.2 -tt 127.0.0.1"
		tm := newTmux(t, 110, 30, []string{"NO_COLOR=1"}, cmd+"; echo ssh exited $?; sleep 600")
		tm.waitFor(15*time.Second, "alice · moderator")
		tm.keys("q")
		// The silent ones let in are closed at the 2 s login deadline.
		for _, c := range silent {
			_ = c.SetReadDeadline(time.Now().Add(6 * time.Second))
			if _, err := io.Copy(io.Discard, c); err != nil {
				t.Fatalf("a silent connection outlived the login deadline: %v", err)
			}
		}
		time.Sleep(1500 * time.Millisecond) // the suppressed-lines summary
		log, err := os.ReadFile(srv.log)
		if err != nil {
			t.Fatal(err)
		}
		refused := strings.Count(string(log), `msg="connection refused"`)
		// 96 refused, logged at 5 lines a second after a burst of 20.
		if limit := 20 + int(5*time.Since(start).Seconds()) + 5; refused == 0 || refused > limit {
			t.Fatalf("%d refusals logged, want 1 to %d:\n%s", refused, limit, log)
		}
		for _, want := range []string{"sign-in log lines suppressed", "ssh.max_unauthenticated_per_address", "(ssh.login_timeout)"} {
			if !strings.Contains(string(log), want) {
				t.Errorf("the serve log lacks %q", want)
			}
		}
	})

	t.Run("a live view with no input closes at idle_timeout", func(t *testing.T) {
		tm := srv.login(t, key)
		tm.waitFor(15*time.Second, "alice · moderator")
		goToRoom(tm, "chat-live", "live-001")
		tm.keys("m")
		tm.waitFor(5*time.Second, "for how long?")
		tm.keys("Enter") // 10m: the row now counts down every second
		tm.waitFor(10*time.Second, "muted 1 user in live-001")
		typed := time.Now()
		tm.waitFor(20*time.Second, "quell: session closed after 8s with no input (ssh.idle_timeout)", "ssh exited")
		if took := time.Since(typed); took < 7*time.Second {
			t.Fatalf("closed %s after the last key, before the 8 s idle timeout", took)
		}
	})
}

type countWriter struct{ n *atomic.Int64 }

func (c countWriter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

func readKey(t *testing.T, path string) gossh.Signer {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// peakRSS is a process's peak resident memory in bytes (Linux's VmHWM).
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	t.Skip("no VmHWM")
	return 0
}
