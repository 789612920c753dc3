package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
)

// greeter is a stand-in console that shows who the server thinks we are.
type greeter struct{ actor backend.Actor }

func (g greeter) Init() tea.Cmd { return nil }
func (g greeter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "q" {
		return g, tea.Quit
	}
	return g, nil
}
func (g greeter) View() string {
	return "console for " + g.actor.Name + " as " + g.actor.Role.String() + " key " + g.actor.Fingerprint
}

func newKey(t *testing.T) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, string(gossh.MarshalAuthorizedKey(signer.PublicKey()))
}

type testServer struct {
	*Server
	addr string
}

func startServer(t *testing.T, users []config.SSHUser, max int) *testServer {
	t.Helper()
	dir := t.TempDir()
	s, err := New(Options{
		SSH: config.SSH{HostKey: filepath.Join(dir, "host_ed25519"), MaxSessions: max, Users: users},
		NewConsole: func(ctx context.Context, a backend.Actor, r *lipgloss.Renderer) (tea.Model, error) {
			return greeter{actor: a}, nil
		},
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

func dial(addr string, signer gossh.Signer, user string) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

// syncBuf is a goroutine-safe buffer for session output.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// answerTerminalQuery replies to the renderer's background-colour and
// device-attributes query the way a dark xterm does, as a real terminal
// would (the renderer waits for it before the console starts).
func answerTerminalQuery(stdin io.Writer) {
	_, _ = stdin.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"))
}

func waitFor(t *testing.T, buf *syncBuf, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(buf.String(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("never saw %q; got %q", want, buf.String())
}

func TestOperatorGetsOwnConsoleWhateverTheUserName(t *testing.T) {
	alice, aliceLine := newKey(t)
	srv := startServer(t, []config.SSHUser{{Name: "alice", Role: "moderator", Keys: []string{aliceLine}}}, 5)
	// The SSH user name claims root: it must play no part.
	c, err := dial(srv.addr, alice, "root")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuf
	sess.Stdout = &out
	stdin, _ := sess.StdinPipe()
	if err := sess.RequestPty("xterm-256color", 24, 200, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	answerTerminalQuery(stdin)
	waitFor(t, &out, "console for alice as moderator key "+gossh.FingerprintSHA256(alice.PublicKey()))
	_, _ = stdin.Write([]byte("q"))
	_ = sess.Wait()
}

func TestUnknownKeyRejected(t *testing.T) {
	_, aliceLine := newKey(t)
	mallory, _ := newKey(t)
	srv := startServer(t, []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}, 5)
	if c, err := dial(srv.addr, mallory, "alice"); err == nil {
		c.Close()
		t.Fatal("unknown key was let in")
	}
}

func TestPasswordNotOffered(t *testing.T) {
	_, aliceLine := newKey(t)
	srv := startServer(t, []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}, 5)
	_, err := gossh.Dial("tcp", srv.addr, &gossh.ClientConfig{
		User: "alice", Auth: []gossh.AuthMethod{gossh.Password("alice"), gossh.KeyboardInteractive(
			func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err == nil {
		t.Fatal("password / keyboard-interactive login accepted")
	}
	// The client tries nothing: the server offered neither password nor
	// keyboard-interactive.
	if !strings.Contains(err.Error(), "no supported methods remain") || strings.Contains(err.Error(), "password") {
		t.Fatalf("server should offer only publickey, got %v", err)
	}
}

func TestSessionWithoutPtyRefused(t *testing.T) {
	alice, aliceLine := newKey(t)
	srv := startServer(t, []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}, 5)
	c, err := dial(srv.addr, alice, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, _ := c.NewSession()
	out, err := sess.CombinedOutput("")
	if err == nil {
		t.Fatal("session without a pty should exit non-zero")
	}
	if !strings.Contains(string(out), "PTY") {
		t.Fatalf("want a message about the missing terminal, got %q", out)
	}
}

func TestMaxSessionsRefusedPolitely(t *testing.T) {
	alice, aliceLine := newKey(t)
	srv := startServer(t, []config.SSHUser{{Name: "alice", Role: "admin", Keys: []string{aliceLine}}}, 1)
	open := func() (*gossh.Session, *syncBuf) {
		c, err := dial(srv.addr, alice, "x")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		s, _ := c.NewSession()
		var out syncBuf
		s.Stdout, s.Stderr = &out, &out
		stdin, _ := s.StdinPipe()
		_ = s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
		_ = s.Shell()
		answerTerminalQuery(stdin)
		return s, &out
	}
	_, first := open()
	waitFor(t, first, "console for alice")
	_, second := open()
	waitFor(t, second, "the server is full (1 sessions)")
	if srv.Sessions() != 1 {
		t.Fatalf("sessions = %d, want 1", srv.Sessions())
	}
}

func TestHostKeyGeneratedOnceAndPrivate(t *testing.T) {
	_, aliceLine := newKey(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "keys", "host_ed25519")
	opts := Options{SSH: config.SSH{HostKey: path, Users: []config.SSHUser{{Name: "a", Role: "viewer", Keys: []string{aliceLine}}}},
		NewConsole: func(context.Context, backend.Actor, *lipgloss.Renderer) (tea.Model, error) { return greeter{}, nil }}
	s1, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, want 0600", st.Mode().Perm())
	}
	s2, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if s1.Fingerprint() == "" || s1.Fingerprint() != s2.Fingerprint() {
		t.Fatalf("host key not reused: %q vs %q", s1.Fingerprint(), s2.Fingerprint())
	}
	if !strings.HasPrefix(s1.Fingerprint(), "SHA256:") {
		t.Fatalf("fingerprint %q", s1.Fingerprint())
	}
}

func TestOperatorConfigErrors(t *testing.T) {
	_, k := newKey(t)
	cases := []struct {
		users []config.SSHUser
		want  string
	}{
		{[]config.SSHUser{{Name: "a", Role: "boss", Keys: []string{k}}}, `role "boss"`},
		{[]config.SSHUser{{Name: "a", Role: "admin"}}, "no keys"},
		{[]config.SSHUser{{Name: "a", Role: "admin", Keys: []string{"ssh-ed25519 garbage"}}}, "not a public key"},
		{[]config.SSHUser{{Name: "a", Role: "admin", Keys: []string{k}}, {Name: "b", Role: "viewer", Keys: []string{k}}}, "already belongs to a"},
	}
	for _, c := range cases {
		_, err := parseOperators(c.users)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("users %+v: err %v, want %q", c.users, err, c.want)
		}
	}
}
