package cli

import (
	"context"

	"github.com/quell-console/quell/ui"
)

// The console lives in package ui; this file plugs it into the CLI, so the
// headless commands build without the terminal UI's imports in their way.
func init() {
	RunConsole = func(ctx context.Context, o ConsoleOptions) error {
		uo := ui.Options{
			Providers: o.Providers,
			Engine:    o.Engine,
			ReadOnly:  o.ReadOnly,
			Logger:    o.Logger,
		}
		if o.Config != nil {
			uo.Keys = o.Config.Keys
			uo.Refresh = o.Config.Refresh
		}
		return ui.Run(ctx, uo)
	}
}
