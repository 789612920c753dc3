package cli

import (
	"context"
	"log/slog"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
	"github.com/quell-console/quell/journal"
)

// ConsoleOptions is what the console needs from the command line.
type ConsoleOptions struct {
	Config    *config.Config
	Providers []backend.Provider
	Engine    *backend.Engine
	ReadOnly  bool
	Logger    *slog.Logger
	Demo      bool
	// Journal is the process's journal: the console's activity log and
	// where it finds actions to resume at start.
	Journal *journal.Journal
}

// Console opens the interactive console and returns when it closes. main
// passes UIConsole to Execute; tests pass their own. It is a parameter, not
// a package variable, so two invocations in one process (tests, the SSH
// server) never share or swap it.
type Console func(ctx context.Context, opts ConsoleOptions) error
