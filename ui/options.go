// Package ui is quell's console: a root model that routes — over a stack of
// screens (package views declares each as a Def), the shell's widgets
// (package components: dialog, command line, filter, toast, failure panel,
// progress, help) and the action flow that takes a key to the engine and
// back. Backend calls are tea.Cmds answered by typed messages; widgets
// answer with typed results.
package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/theme"
)

// Options configure one console. Every field but Providers has a default.
type Options struct {
	Providers []backend.Provider
	Engine    *backend.Engine
	// Activity feeds the activity view; nil: the engine's Recorder when it
	// is an ActivityLog, else the actions of this console.
	Activity backend.ActivityLog
	// Actor is who acts. The zero Actor is the local operator: the OS user,
	// with the admin role (they hold the credentials anyway).
	Actor    backend.Actor
	ReadOnly bool
	// Renderer draws the screen: nil → lipgloss.DefaultRenderer(); over SSH,
	// the session's own.
	Renderer *lipgloss.Renderer
	Keys     map[string]string // keymap overrides from the config
	Refresh  time.Duration     // live refresh interval (default 3s)
	Logger   *slog.Logger
	Now      func() time.Time // the clock (tests fix it)
	// Resume, when set, is asked at start for actions a crash cut off; the
	// console offers to resume them (resume / dismiss / later). Nil: no
	// offer (no journal).
	Resume Resumer
}

// DefaultRefresh is the live refresh interval when Options.Refresh is zero.
const DefaultRefresh = 3 * time.Second

func (o Options) withDefaults() Options {
	if o.Renderer == nil {
		o.Renderer = lipgloss.DefaultRenderer()
	}
	if o.Engine == nil {
		o.Engine = &backend.Engine{Pacer: backend.NewPacer(nil)}
	}
	if o.Activity == nil {
		if al, ok := o.Engine.Recorder.(backend.ActivityLog); ok {
			o.Activity = al
		}
	}
	if o.Actor == (backend.Actor{}) {
		o.Actor = backend.Actor{Name: os.Getenv("USER"), Role: backend.RoleAdmin}
		if o.Actor.Name == "" {
			o.Actor.Name = "local"
		}
	}
	if o.Refresh <= 0 {
		o.Refresh = DefaultRefresh
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// New builds the console model. It fails on a keymap with unknown names or
// conflicting keys, so the moderator sees every problem before the screen
// opens. The model's backend calls end when it quits.
func New(o Options) (tea.Model, error) {
	return newModel(context.Background(), o)
}

// NewContext is New for a console whose backend calls must also end with
// ctx: an SSH session's context, so a dropped connection cancels its running
// action (users not yet sent are recorded as not reached).
func NewContext(ctx context.Context, o Options) (tea.Model, error) {
	return newModel(ctx, o)
}

func newModel(parent context.Context, o Options) (*Model, error) {
	o = o.withDefaults()
	km, err := keys.New(o.Keys)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return buildModel(parent, o, theme.New(o.Renderer), km), nil
}

// Run opens the console on the terminal (alternate screen, mouse wheel) and
// returns when the moderator quits or ctx ends.
func Run(ctx context.Context, o Options, progOpts ...tea.ProgramOption) error {
	if o.Renderer == nil {
		o.Renderer = lipgloss.DefaultRenderer()
	}
	// Ask the terminal for its background now, before bubbletea owns the
	// input: a query answered inside the program would race its reader.
	o.Renderer.HasDarkBackground()
	m, err := newModel(ctx, o)
	if err != nil {
		return err
	}
	// The caller's ctx carries the process's signals (cli: SIGINT, SIGTERM,
	// SIGHUP). bubbletea's own handler is off: with both, a SIGTERM could
	// end the program through ctx while bubbletea's handler still blocked
	// sending its QuitMsg, and Run never returned (seen 2 in 5 in tmux).
	opts := append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx), tea.WithoutSignalHandler()}, progOpts...)
	_, err = tea.NewProgram(m, opts...).Run()
	m.shutdown()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // ctx ended the console: a normal way out (SIGTERM, SSH hang-up)
	}
	return err
}
