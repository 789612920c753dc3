package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/journal"
	"github.com/quell-console/quell/sshd"
	"github.com/quell-console/quell/ui"
)

// DefaultShutdownGrace is how long `quell serve` lets running actions finish
// after SIGTERM before it cuts them off (they are then journaled as
// cancelled).
const DefaultShutdownGrace = 30 * time.Second

func (a *cliApp) serveCommand() *cobra.Command {
	var listen string
	var grace time.Duration
	cmd := &cobra.Command{
		Use:   "serve [--listen ADDR] [--grace 30s]",
		Short: "serve the console over SSH to the operators of the config's ssh: section",
		Long: "Runs an SSH server: each operator in ssh.users signs in with their key and gets their own console,\n" +
			"with their role enforced by the engine. All sessions share one engine, pacer and journal, so together\n" +
			"they stay under the vendors' rates and see each other's actions. SIGTERM or Ctrl-C stops accepting,\n" +
			"lets running actions finish for --grace, then cancels what is left (the journal records who was not reached).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if grace <= 0 {
				return usageErrorf("--grace %s: must be positive", grace)
			}
			return a.serve(cmd.Context(), listen, grace)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "", "address to listen on (default: the config's ssh.listen, else "+sshd.DefaultListen+")")
	cmd.Flags().DurationVar(&grace, "grace", DefaultShutdownGrace, "on SIGTERM, how long running actions may take to finish")
	return cmd
}

// serve runs the SSH server until ctx ends (SIGINT/SIGTERM), then shuts it
// down gracefully.
func (a *cliApp) serve(ctx context.Context, listen string, grace time.Duration) error {
	if a.logFile == "" {
		// A server's log is its record of who connected: to stderr unless
		// --log-file says otherwise. Nothing logged holds a secret (and
		// errOut blanks any the providers know).
		a.logger = slog.New(slog.NewTextHandler(a.errOut, &slog.HandlerOptions{Level: slog.LevelInfo})) // errOut redacts
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	if listen != "" {
		cfg.SSH.Listen = listen
	}
	if cfg.SSH.Listen == "" {
		cfg.SSH.Listen = sshd.DefaultListen
	}
	if cfg.SSH.HostKey == "" {
		// Next to the default journal: state of this host, kept across runs.
		cfg.SSH.HostKey = filepath.Join(filepath.Dir(journal.DefaultPath()), "host_ed25519")
	}
	s, err := a.openConfig(cfg)
	if err != nil {
		return err
	}
	a.sess = s
	base := consoleOptions(ConsoleOptions{Config: cfg, Providers: s.providers, Engine: s.engine, ReadOnly: a.readOnly,
		Logger: a.logger, Journal: s.journal})
	srv, err := sshd.New(sshd.Options{
		SSH:         cfg.SSH,
		NewConsole:  sessionConsole(base),
		ShutdownMsg: ui.ShutdownMsg{},
		Logger:      a.logger,
	})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	l, err := net.Listen("tcp", cfg.SSH.Listen)
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("ssh.listen %s: %w", cfg.SSH.Listen, err)}
	}
	fmt.Fprintf(a.out, "quell serve: listening on %s\n", l.Addr())
	fmt.Fprintf(a.out, "host key %s (%s)\n", srv.Fingerprint(), cfg.SSH.HostKey)
	lim := srv.Limits()
	// Printed before the journal line, which callers wait for as "started".
	fmt.Fprintf(a.out, "limits: terminal %d×%d, idle %s without input, sign-in within %s, %d connections signing in (%d per address), %d sessions\n",
		lim.MaxColumns, lim.MaxRows, lim.IdleTimeout, lim.LoginTimeout, lim.MaxUnauthenticated, lim.MaxUnauthenticatedAddr, lim.MaxSessions)
	fmt.Fprintf(a.out, "journal %s\n", s.journal.Path())
	a.logger.Info("serving", "addr", l.Addr().String(), "host_key", srv.Fingerprint(), "operators", len(cfg.SSH.Users),
		"journal", s.journal.Path(), "read_only", a.readOnly, "max_columns", lim.MaxColumns, "max_rows", lim.MaxRows,
		"idle_timeout", lim.IdleTimeout.String(), "login_timeout", lim.LoginTimeout.String(),
		"max_unauthenticated", lim.MaxUnauthenticated, "max_unauthenticated_per_address", lim.MaxUnauthenticatedAddr)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		if err != nil {
			return &exitError{code: exitFailed, err: fmt.Errorf("ssh server: %w", err)}
		}
		return nil
	case <-ctx.Done():
	}

	a.logger.Info("shutting down", "sessions", srv.Sessions(), "grace", grace.String())
	fmt.Fprintf(a.errOut, "quell serve: shutting down; running actions have %s to finish\n", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, net.ErrClosed) {
		a.logger.Warn("shutdown", "error", err.Error())
	}
	<-served
	// Sessions cut off at the end of the grace period cancel their actions;
	// the engine journals them as cancelled before the journal closes.
	if !s.recorder.wait(actionDrain) {
		a.logger.Warn("an action was still running after shutdown; it will be listed as pending")
	}
	a.logger.Info("stopped")
	return nil
}

// sessionConsole builds each SSH session's console from the shared options:
// the session's operator acts, the session's renderer draws, and the
// session's context bounds every backend call.
func sessionConsole(base ui.Options) sshd.ConsoleFactory {
	return func(ctx context.Context, actor backend.Actor, r *lipgloss.Renderer) (tea.Model, error) {
		o := base
		o.Actor, o.Renderer = actor, r
		return ui.NewContext(ctx, o)
	}
}
