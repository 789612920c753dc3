package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/quell-console/quell/backend"

	"github.com/quell-console/quell/journal"
	"github.com/quell-console/quell/ui"
)

// UIConsole is the terminal console of package ui, for Execute.
func UIConsole(ctx context.Context, o ConsoleOptions) error {
	return ui.Run(ctx, consoleOptions(o))
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
		uo.Resume = &journalResumer{Journal: o.Journal, claimed: map[string]bool{}}
	}
	if o.Config != nil {
		uo.Keys = o.Config.Keys
		uo.Refresh = o.Config.Refresh
	}
	return uo
}

// journalResumer shows the journal's pending actions to the console. One
// is shared by every SSH session of a server: an action one session starts
// resuming is claimed, so no other session is offered it or can resume it
// a second time.
type journalResumer struct {
	*journal.Journal
	mu      sync.Mutex
	claimed map[string]bool
}

func (r *journalResumer) Interrupted() ([]ui.Interrupted, error) {
	ps, err := r.Pending()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]ui.Interrupted, 0, len(ps))
	for _, p := range ps {
		if r.claimed[p.ID] {
			continue
		}
		out = append(out, ui.Interrupted{ID: p.ID, Actor: p.Actor.Name, Started: p.Started, App: p.App, Room: p.Room,
			Kind: p.Kind, Applied: p.Applied, Failed: p.Failed, Unconfirmed: len(p.Unconfirmed)})
	}
	return out, nil
}

// ResumeRequest claims id for the caller: a second claim in this process
// is refused. A claim ends only with the process; an interrupted resumption
// is finished with `quell journal resume`.
func (r *journalResumer) ResumeRequest(id string) (backend.ActionRequest, error) {
	r.mu.Lock()
	if r.claimed[id] {
		r.mu.Unlock()
		return backend.ActionRequest{}, fmt.Errorf("action %s is already being resumed by another session", id)
	}
	r.claimed[id] = true
	r.mu.Unlock()
	// The journal's claim keeps other processes away as well.
	if err := r.Journal.Claim(id); err != nil {
		r.mu.Lock()
		delete(r.claimed, id)
		r.mu.Unlock()
		return backend.ActionRequest{}, err
	}
	return r.Journal.ResumeRequest(id)
}
