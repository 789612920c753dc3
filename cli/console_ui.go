package cli

import (
	"context"

	"github.com/quell-console/quell/journal"
	"github.com/quell-console/quell/ui"
)

// The console lives in package ui; this file plugs it into the CLI, so the
// headless commands build without the terminal UI's imports in their way.
func init() {
	RunConsole = func(ctx context.Context, o ConsoleOptions) error {
		return ui.Run(ctx, consoleOptions(o))
	}
}

// consoleOptions is the console's configuration for a local run; `quell
// serve` starts from it and adds each session's actor and renderer.
func consoleOptions(o ConsoleOptions) ui.Options {
	uo := ui.Options{
		Providers: o.Providers,
		Engine:    o.Engine,
		ReadOnly:  o.ReadOnly,
		Logger:    o.Logger,
	}
	if o.Journal != nil {
		uo.Activity = o.Journal
		uo.Resume = journalResumer{o.Journal}
	}
	if o.Config != nil {
		uo.Keys = o.Config.Keys
		uo.Refresh = o.Config.Refresh
	}
	return uo
}

// journalResumer shows the journal's pending actions to the console.
type journalResumer struct{ *journal.Journal }

func (r journalResumer) Interrupted() ([]ui.Interrupted, error) {
	ps, err := r.Pending()
	if err != nil {
		return nil, err
	}
	out := make([]ui.Interrupted, 0, len(ps))
	for _, p := range ps {
		out = append(out, ui.Interrupted{ID: p.ID, Actor: p.Actor.Name, Started: p.Started, App: p.App, Room: p.Room,
			Kind: p.Kind, Applied: p.Applied, Failed: p.Failed, Unconfirmed: len(p.Unconfirmed)})
	}
	return out, nil
}
