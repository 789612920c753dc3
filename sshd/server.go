package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/activeterm"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
)

// ConsoleFactory builds one session's console. ctx ends when the session
// does; actions started in the console must derive from it so that a closed
// session cancels them (and the journal records them as cancelled).
type ConsoleFactory func(ctx context.Context, actor backend.Actor, r *lipgloss.Renderer) (tea.Model, error)

// Options configure the server.
type Options struct {
	SSH        config.SSH
	NewConsole ConsoleFactory
	// ShutdownMsg is sent to every session's program when the server shuts
	// down, so the console can stop taking actions and quit once the running
	// ones finish.
	ShutdownMsg tea.Msg
	Logger      *slog.Logger
}

// Server is quell's SSH server.
type Server struct {
	opts        Options
	ops         operators
	srv         *ssh.Server
	fingerprint string
	log         *slog.Logger
	gate        *gate

	active   atomic.Int64
	mu       sync.Mutex
	programs map[*tea.Program]struct{}
}

// Defaults for the ssh: section.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultIdleTimeout = 15 * time.Minute
	DefaultMaxSessions = 50
)

// New validates the operators and prepares the host key (generated as
// ed25519, mode 0600, on first start and reused after).
func New(o Options) (*Server, error) {
	if o.NewConsole == nil {
		return nil, errors.New("sshd: no console factory")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.SSH.Listen == "" {
		o.SSH.Listen = DefaultListen
	}
	if o.SSH.IdleTimeout <= 0 {
		o.SSH.IdleTimeout = DefaultIdleTimeout
	}
	if o.SSH.MaxSessions <= 0 {
		o.SSH.MaxSessions = DefaultMaxSessions
	}
	applyLimitDefaults(&o.SSH)
	if o.SSH.HostKey == "" {
		return nil, errors.New("ssh.host_key: no path; set ssh.host_key (e.g. /var/lib/quell/host_ed25519)")
	}
	ops, err := parseOperators(o.SSH.Users)
	if err != nil {
		return nil, err
	}
	if len(ops) == 0 {
		return nil, errors.New("ssh.users: no operators; add at least one user with a public key")
	}
	signer, err := loadHostKey(o.SSH.HostKey)
	if err != nil {
		return nil, err
	}
	routeWishLog(o.Logger)
	s := &Server{opts: o, ops: ops, log: o.Logger, programs: map[*tea.Program]struct{}{}}
	s.gate = newGate(o.SSH.MaxUnauthenticated, o.SSH.MaxUnauthenticatedAddr, o.SSH.LoginTimeout, newRateLog(o.Logger))
	srv, err := wish.NewServer(
		wish.WithAddress(o.SSH.Listen),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		// Public keys only: no password or keyboard-interactive handler is
		// set, so the server offers neither.
		wish.WithPublicKeyAuth(s.authHandler),
		// No wish.WithIdleTimeout: it resets on any traffic, output
		// included, so a live view never idles; idleMiddleware counts input.
		func(srv *ssh.Server) error {
			srv.ConnCallback = connCallback
			srv.ConnectionFailedCallback = s.gate.connFailed
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
			return nil
		},
		wish.WithMiddleware(
			recover.MiddlewareWithLogger(slogPrintf{o.Logger},
				bm.MiddlewareWithProgramHandler(s.programHandler, termenv.Ascii),
				s.idleMiddleware,
				activeterm.Middleware(),
				s.commandMiddleware,
				s.operatorMiddleware,
				s.limitMiddleware,
			),
			s.logMiddleware,
		),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	s.srv, s.fingerprint = srv, gossh.FingerprintSHA256(signer.PublicKey())
	return s, nil
}

// applyLimitDefaults fills the limits the config left at 0.
func applyLimitDefaults(c *config.SSH) {
	if c.MaxColumns <= 0 {
		c.MaxColumns = DefaultMaxColumns
	}
	if c.MaxRows <= 0 {
		c.MaxRows = DefaultMaxRows
	}
	if c.LoginTimeout <= 0 {
		c.LoginTimeout = DefaultLoginTimeout
	}
	if c.MaxUnauthenticated <= 0 {
		c.MaxUnauthenticated = DefaultMaxUnauthenticated
	}
	if c.MaxUnauthenticatedAddr <= 0 {
		c.MaxUnauthenticatedAddr = DefaultMaxUnauthenticatedAddr
	}
}

// authHandler accepts an operator's key and notes every key offered, for
// the log line of a sign-in that fails.
func (s *Server) authHandler(ctx ssh.Context, key ssh.PublicKey) bool {
	ok := s.ops.authHandler(ctx, key)
	if p := pendingOf(ctx); p != nil {
		p.offer(gossh.FingerprintSHA256(key), ok)
	}
	return ok
}

// Fingerprint is the host key's SHA256 fingerprint, printed at start so
// operators can check it on first connection.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Limits is the ssh: section in force: the config's, defaults filled in.
func (s *Server) Limits() config.SSH { return s.opts.SSH }

// Addr is the configured listen address.
func (s *Server) Addr() string { return s.opts.SSH.Listen }

// Serve accepts sessions on l until Shutdown. Connections past the
// unauthenticated caps are closed as they arrive.
func (s *Server) Serve(l net.Listener) error {
	err := s.srv.Serve(&gatedListener{Listener: l, gate: s.gate})
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on the configured address.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.opts.SSH.Listen)
	if err != nil {
		return fmt.Errorf("ssh.listen %s: %w", s.opts.SSH.Listen, err)
	}
	return s.Serve(l)
}

// Shutdown stops accepting, tells every console to finish its running
// actions and quit, and waits for the sessions until ctx ends; then it
// closes what is left, which cancels their actions (journaled as cancelled).
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	for p := range s.programs {
		if s.opts.ShutdownMsg != nil {
			go p.Send(s.opts.ShutdownMsg)
		}
	}
	s.mu.Unlock()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		s.log.Warn("shutdown grace period over; closing remaining sessions", "sessions", s.active.Load())
		return s.srv.Close()
	}
	return err
}

// Close drops every session at once.
func (s *Server) Close() error { return s.srv.Close() }

// Sessions is the number of consoles open now.
func (s *Server) Sessions() int { return int(s.active.Load()) }
