package sshd

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	charmlog "github.com/charmbracelet/log"
	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
)

// startWith starts a server on cfg (host key and listen filled in) whose
// consoles come from console, logging into log.
func startWith(t *testing.T, cfg config.SSH, console func() tea.Model, log *syncBuf) *testServer {
	t.Helper()
	cfg.HostKey = filepath.Join(t.TempDir(), "host_ed25519")
	s, err := New(Options{
		SSH:        cfg,
		Logger:     slog.New(slog.NewTextHandler(log, nil)),
		NewConsole: func(context.Context, backend.Actor, *lipgloss.Renderer) (tea.Model, error) { return console(), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Serve(l) }()
	t.Cleanup(func() { _ = s.Close() })
	return &testServer{Server: s, addr: l.Addr().String()}
}

// countingWriter counts the bytes a session sends.
type countingWriter struct {
	n   atomic.Int64
	buf syncBuf
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	if c.buf.len() < 4096 {
		_, _ = c.buf.Write(p)
	}
	return len(p), nil
}

func (s *syncBuf) len() int { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Len() }

// filler draws every cell it is given, up to 2,000×2,000 so that an
// unclamped size fails the test rather than the machine; it reports each
// size on its first line.
type filler struct {
	w, h  int
	sizes chan<- tea.WindowSizeMsg
}

func (f filler) Init() tea.Cmd { return nil }
func (f filler) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tea.WindowSizeMsg); ok {
		f.w, f.h = m.Width, m.Height
		f.sizes <- m
	}
	return f, nil
}
func (f filler) View() string {
	w, h := min(f.w, 2000), min(f.h, 2000)
	if w < 1 || h < 2 {
		return ""
	}
	line := strings.Repeat("x", w)
	return fmt.Sprintf("size %dx%d\n", f.w, f.h) + strings.Repeat(line+"\n", h-2) + line
}

// TestTerminalSizeClamped sends a 65,535×65,535 pty-req and a larger
// window-change: the console must be told at most 500×500 both times, and
// the session send what such a frame costs, not gigabytes (issue #11).
func TestTerminalSizeClamped(t *testing.T) {
	alice, aliceLine := newKey(t)
	sizes := make(chan tea.WindowSizeMsg, 16)
	var log syncBuf
	srv := startWith(t, config.SSH{Users: []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}},
		func() tea.Model { return filler{sizes: sizes} }, &log)
	c, err := dial(srv.addr, alice, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, _ := c.NewSession()
	out := &countingWriter{}
	sess.Stdout, sess.Stderr = out, out
	stdin, _ := sess.StdinPipe()
	if err := sess.RequestPty("xterm", 65535, 65535, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	answerTerminalQuery(stdin)
	want := func(w, h int) {
		t.Helper()
		select {
		case got := <-sizes:
			if got.Width != w || got.Height != h {
				t.Fatalf("the console was told %dx%d, want %dx%d", got.Width, got.Height, w, h)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no size reached the console; output %q", out.buf.String())
		}
	}
	want(500, 500)
	// window-change has no helper for sizes past an int's range: send
	// columns 2^32-1, rows 300 by hand.
	payload := make([]byte, 16)
	binary.BigEndian.PutUint32(payload[0:], 0xFFFFFFFF)
	binary.BigEndian.PutUint32(payload[4:], 300)
	if _, err := sess.SendRequest("window-change", false, payload); err != nil {
		t.Fatal(err)
	}
	want(500, 300)
	time.Sleep(300 * time.Millisecond) // the frame drawn for it
	// Two full frames of 500×500 and 500×300 cells are 400 KB; unclamped,
	// one frame of this console is 4 MB.
	if n := out.n.Load(); n > 2<<20 {
		t.Fatalf("the session sent %d bytes", n)
	}
}

// TestClampWire is the pty-req and window-change payloads as RFC 4254
// encodes them, clamped in place.
func TestClampWire(t *testing.T) {
	ptyReq := func(term string, cols, rows uint32) []byte {
		return gossh.Marshal(struct {
			Term                 string
			Cols, Rows, WPx, HPx uint32
			Modes                string
		}{term, cols, rows, 640, 480, "\x00"})
	}
	winch := func(cols, rows uint32) []byte {
		return gossh.Marshal(struct{ Cols, Rows, WPx, HPx uint32 }{cols, rows, 640, 480})
	}
	cases := []struct {
		name     string
		in, want []byte
		isPty    bool
	}{
		{"pty within", ptyReq("xterm", 80, 24), ptyReq("xterm", 80, 24), true},
		{"pty huge", ptyReq("xterm-256color", 65535, 65535), ptyReq("xterm-256color", 500, 400), true},
		{"pty max uint32", ptyReq("", 0xFFFFFFFF, 10), ptyReq("", 500, 10), true},
		{"pty at the limit", ptyReq("vt100", 500, 400), ptyReq("vt100", 500, 400), true},
		{"pty short TERM length", []byte{0, 0, 0, 9, 'x'}, []byte{0, 0, 0, 9, 'x'}, true},
		{"pty empty", nil, nil, true},
		{"winch within", winch(120, 40), winch(120, 40), false},
		{"winch huge", winch(10000, 10000), winch(500, 400), false},
		{"winch short", []byte{0xFF, 0xFF, 0xFF}, []byte{0xFF, 0xFF, 0xFF}, false},
	}
	for _, c := range cases {
		got := append([]byte(nil), c.in...)
		if c.isPty {
			clampPtyReq(got, 500, 400)
		} else {
			clampWindow(got, 500, 400)
		}
		if string(got) != string(c.want) {
			t.Errorf("%s: got %x, want %x", c.name, got, c.want)
		}
	}
}

// TestUnauthenticatedConnectionsCapped floods the server with silent TCP
// connections from one address: past the per-address cap they are closed at
// once, the refusals are logged at a bounded rate, an operator from another
// address signs in meanwhile, and the silent ones that were let in are
// closed at the login deadline (issue #11).
func TestUnauthenticatedConnectionsCapped(t *testing.T) {
	alice, aliceLine := newKey(t)
	var log syncBuf
	srv := startWith(t, config.SSH{
		Users:              []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}},
		MaxUnauthenticated: 16, MaxUnauthenticatedAddr: 4, LoginTimeout: time.Second,
	}, func() tea.Model { return greeter{} }, &log)

	start := time.Now()
	const flood = 200
	conns := make([]net.Conn, 0, flood)
	for range flood {
		c, err := net.Dial("tcp", srv.addr)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	// Each is either closed by the server before it says anything (refused)
	// or sent the server's version line (admitted).
	var refused, admitted atomic.Int32
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			b := make([]byte, 64)
			if n, _ := c.Read(b); n > 0 {
				admitted.Add(1)
			} else {
				refused.Add(1)
			}
		}()
	}
	wg.Wait()
	if admitted.Load() != 4 || refused.Load() != flood-4 {
		t.Fatalf("admitted %d, refused %d; want 4 and %d", admitted.Load(), refused.Load(), flood-4)
	}

	// An operator elsewhere is not locked out (127.0.0.2 is loopback too).
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	raw, err := d.Dial("tcp", srv.addr)
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	sc, chans, reqs, err := gossh.NewClientConn(raw, srv.addr, &gossh.ClientConfig{User: "alice",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(alice)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatalf("the operator was locked out: %v", err)
	}
	client := gossh.NewClient(sc, chans, reqs)
	defer client.Close()
	if _, err := client.NewSession(); err != nil {
		t.Fatalf("the operator's session: %v", err)
	}

	// The 4 admitted silent connections are closed at the deadline.
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil {
			t.Fatalf("a silent connection was still open 3 s after a 1 s login deadline: %v", err)
		}
	}
	// The operator's connection signed in: the deadline no longer applies.
	if _, err := client.NewSession(); err != nil {
		t.Fatalf("the operator's connection was closed after signing in: %v", err)
	}

	// Refusals are logged, within the log's rate, plus the suppressed count.
	time.Sleep(1200 * time.Millisecond) // the suppressed summary
	elapsed := time.Since(start).Seconds()
	lines := strings.Count(log.String(), "\n")
	limit := signInLogBurst + int(elapsed*signInLogRate) + int(elapsed) + 2
	if lines > limit {
		t.Fatalf("%d log lines in %.1fs, want at most %d:\n%s", lines, elapsed, limit, log.String())
	}
	for _, want := range []string{"connection refused", "ssh.max_unauthenticated_per_address", "addr=127.0.0.1:",
		"sign-in log lines suppressed", "no session within 1s (ssh.login_timeout)"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
}

// TestUnauthenticatedTotalCapped: the total cap holds across addresses.
func TestUnauthenticatedTotalCapped(t *testing.T) {
	var log syncBuf
	_, line := newKey(t)
	srv := startWith(t, config.SSH{Users: []config.SSHUser{{Name: "a", Role: "admin", Keys: []string{line}}},
		MaxUnauthenticated: 3, MaxUnauthenticatedAddr: 2, LoginTimeout: 5 * time.Second}, func() tea.Model { return greeter{} }, &log)
	open := 0
	for i := 1; i <= 4; i++ {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(i))}}
		c, err := d.Dial("tcp", srv.addr)
		if err != nil {
			t.Skipf("no loopback address 127.0.0.%d: %v", i, err)
		}
		defer c.Close()
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		if n, _ := c.Read(make([]byte, 8)); n > 0 {
			open++
		}
	}
	if open != 3 || !strings.Contains(log.String(), "(ssh.max_unauthenticated)") {
		t.Fatalf("%d of 4 admitted with a total cap of 3; log:\n%s", open, log.String())
	}
}

// TestFailedSignInLogged: a stranger's key is logged with its fingerprint,
// address and reason.
func TestFailedSignInLogged(t *testing.T) {
	_, aliceLine := newKey(t)
	mallory, _ := newKey(t)
	var log syncBuf
	srv := startWith(t, config.SSH{Users: []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}},
		func() tea.Model { return greeter{} }, &log)
	if c, err := dial(srv.addr, mallory, "alice"); err == nil {
		c.Close()
		t.Fatal("a stranger signed in")
	}
	fp := gossh.FingerprintSHA256(mallory.PublicKey())
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(log.String(), "sign-in failed") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	got := log.String()
	if !regexp.MustCompile(`msg="sign-in failed" addr=127\.0\.0\.1:\d+ keys_offered=` + regexp.QuoteMeta(fp) + ` reason="no key offered is an operator's`).MatchString(got) {
		t.Fatalf("want the refused key %s and address logged; log:\n%s", fp, got)
	}
}

// ticker redraws every 50 ms, like the members view's live countdown.
type ticker struct{ n int }

type tickMsg struct{}

func tick() tea.Cmd {
	return tea.Tick(50*time.Millisecond, func(time.Time) tea.Msg { return tickMsg{} })
}

func (m ticker) Init() tea.Cmd { return tick() }
func (m ticker) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tickMsg); ok {
		m.n++
		return m, tick()
	}
	return m, nil
}
func (m ticker) View() string { return fmt.Sprintf("ban ends in %d", 1000-m.n) }

// openConsole starts a pty session on a console and returns it with its
// stdin and a channel closed when it ends.
func openConsole(t *testing.T, addr string, key gossh.Signer, out, errOut io.Writer) (*gossh.Session, io.Writer, <-chan error) {
	t.Helper()
	c, err := dial(addr, key, "x")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, _ := c.NewSession()
	sess.Stdout, sess.Stderr = out, errOut
	stdin, _ := sess.StdinPipe()
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	answerTerminalQuery(stdin)
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	return sess, stdin, done
}

// TestIdleMeansNoInput: a console that redraws on its own closes after
// idle_timeout with no input, saying why; typing keeps it open (issue #11:
// output reset wish's timeout, so a live view never idled).
func TestIdleMeansNoInput(t *testing.T) {
	alice, aliceLine := newKey(t)
	var log syncBuf
	srv := startWith(t, config.SSH{Users: []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}},
		IdleTimeout: time.Second}, func() tea.Model { return ticker{} }, &log)

	t.Run("output alone does not keep it open", func(t *testing.T) {
		var out, errOut syncBuf
		start := time.Now()
		_, _, done := openConsole(t, srv.addr, alice, &out, &errOut)
		waitFor(t, &out, "ban ends in")
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("the session was open 5 s after a 1 s idle timeout while its screen changed")
		}
		if took := time.Since(start); took < time.Second {
			t.Fatalf("closed after %s, before the idle timeout", took)
		}
		if want := "quell: session closed after 1s with no input (ssh.idle_timeout)"; !strings.Contains(errOut.String(), want) {
			t.Fatalf("the operator was not told why: stderr %q", errOut.String())
		}
	})

	t.Run("input keeps it open", func(t *testing.T) {
		var out, errOut syncBuf
		_, stdin, done := openConsole(t, srv.addr, alice, &out, &errOut)
		waitFor(t, &out, "ban ends in")
		for range 8 {
			time.Sleep(300 * time.Millisecond)
			select {
			case <-done:
				t.Fatalf("closed while the operator typed; stderr %q", errOut.String())
			default:
			}
			_, _ = stdin.Write([]byte("j"))
		}
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("never closed once typing stopped")
		}
	})
}

// TestCommandRefused: `ssh -t HOST CMD` is told that quell serve runs no
// commands and exits 1, instead of getting the console as if CMD ran.
func TestCommandRefused(t *testing.T) {
	alice, aliceLine := newKey(t)
	var log syncBuf
	srv := startWith(t, config.SSH{Users: []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}},
		func() tea.Model { return greeter{} }, &log)
	for _, pty := range []bool{true, false} {
		c, err := dial(srv.addr, alice, "x")
		if err != nil {
			t.Fatal(err)
		}
		sess, _ := c.NewSession()
		var out syncBuf
		sess.Stdout, sess.Stderr = &out, &out
		if pty {
			_ = sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
		}
		done := make(chan error, 1)
		go func() { done <- sess.Run("journal --pending") }()
		var err2 error
		select {
		case err2 = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("pty %v: the command was not refused; output %q", pty, out.String())
		}
		var ee *gossh.ExitError
		if !errors.As(err2, &ee) || ee.ExitStatus() != 1 || !strings.Contains(out.String(), "quell serve offers only the console and runs no commands") {
			t.Fatalf("pty %v: %v, output %q", pty, err2, out.String())
		}
		c.Close()
	}
}

// TestCorruptHostKeyNamesFile: a host key that does not parse is an error
// naming its path and the fix, and it is left in place.
func TestCorruptHostKeyNamesFile(t *testing.T) {
	_, line := newKey(t)
	path := filepath.Join(t.TempDir(), "host_ed25519")
	if err := os.WriteFile(path, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\ngarbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(Options{SSH: config.SSH{HostKey: path, Users: []config.SSHUser{{Name: "a", Role: "admin", Keys: []string{line}}}},
		NewConsole: func(context.Context, backend.Actor, *lipgloss.Renderer) (tea.Model, error) { return greeter{}, nil }})
	if err == nil || !strings.Contains(err.Error(), "ssh.host_key "+path+": ") || !strings.Contains(err.Error(), "move it aside") {
		t.Fatalf("err %v: want the host key's path and the fix", err)
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "garbage") {
		t.Fatal("the corrupt host key was replaced")
	}
}

// TestWishLogGoesToQuellLog: what wish logs through charmbracelet/log (its
// bubbletea middleware's "app exit with error") lands in quell's log, not on
// stderr.
func TestWishLogGoesToQuellLog(t *testing.T) {
	var log syncBuf
	_, line := newKey(t)
	startWith(t, config.SSH{Users: []config.SSHUser{{Name: "a", Role: "admin", Keys: []string{line}}}},
		func() tea.Model { return greeter{} }, &log)
	charmlog.Error("app exit with error", "error", "program was killed")
	if !strings.Contains(log.String(), "app exit with error") || !strings.Contains(log.String(), "program was killed") {
		t.Fatalf("quell's log lacks wish's line:\n%s", log.String())
	}
}

// TestSessionBounds: env requests past the cap and session channels past
// the per-connection cap are refused.
func TestSessionBounds(t *testing.T) {
	alice, aliceLine := newKey(t)
	var log syncBuf
	srv := startWith(t, config.SSH{Users: []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}},
		func() tea.Model { return greeter{} }, &log)
	c, err := dial(srv.addr, alice, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for i := range maxEnvPerSession {
		if err := sess.Setenv(fmt.Sprintf("V%d", i), "x"); err != nil {
			t.Fatalf("env %d refused: %v", i, err)
		}
	}
	if err := sess.Setenv("ONE_TOO_MANY", "x"); err == nil {
		t.Fatal("env past the cap accepted")
	}
	for i := 1; i < maxChannelsPerConn; i++ {
		if _, err := c.NewSession(); err != nil {
			t.Fatalf("session %d: %v", i+1, err)
		}
	}
	if _, err := c.NewSession(); err == nil {
		t.Fatalf("session %d on one connection accepted", maxChannelsPerConn+1)
	}
}
