// Package cli is quell's command line: the headless commands moderators put
// in runbooks, the emulator, and the entry to the console. Every command goes
// through the same backend the console uses.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/config"
	"github.com/quell-console/quell/internal/filemode"
	"github.com/quell-console/quell/internal/redact"
	"github.com/quell-console/quell/journal"
	"github.com/quell-console/quell/textsafe"
)

// Exit codes, as the README documents them.
const (
	exitOK     = 0
	exitFailed = 1 // a request was sent and something failed
	exitUsage  = 2 // bad usage, config or input: nothing was sent
)

// Execute runs quell with the process's arguments and returns the exit code.
// console opens the interactive console (UIConsole); nil leaves quell with
// its headless commands only. SIGINT, SIGTERM and SIGHUP cancel the
// context: a bulk action then stops promptly and reports the users it did
// not reach, and the command's closers still run (SIGHUP is the terminal
// closing under `quell demo`, whose temporary journal would otherwise be
// left behind).
func Execute(console Console) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return runWith(ctx, console, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// exitError carries an exit code out of a command. err nil means the
// command already said everything (an action's results).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// classify maps an error from the backend to its exit code: input the
// backend rejected before sending is usage (2); anything after a request
// was sent is a failure (1).
func classify(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	if backend.IsInputError(err) {
		return &exitError{code: exitUsage, err: err}
	}
	return &exitError{code: exitFailed, err: err}
}

// run executes one command line with no console; tests call it in-process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(ctx, nil, args, stdin, stdout, stderr)
}

// runWith executes one command line with console as its interactive console.
func runWith(ctx context.Context, console Console, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Every secret the providers hold or issue is blanked from all quell
	// prints, a last line behind the providers' own redaction.
	secrets := redact.New()
	stdout, stderr = redact.Writer(stdout, secrets), redact.Writer(stderr, secrets)
	a := &cliApp{in: stdin, out: stdout, errOut: stderr, runConsole: console, secrets: secrets}
	defer a.close()
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := unknownCommand(root, args)
	if err == nil {
		err = root.ExecuteContext(ctx)
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		// cobra's own errors: unknown command or flag, wrong arguments.
		fmt.Fprintf(stderr, "quell: %s\nRun 'quell --help' for usage.\n", textsafe.Clean(err.Error()))
		return exitUsage
	}
	if ee.err != nil {
		printError(stderr, ee.err)
	}
	return ee.code
}

// printError writes err line by line, sanitized: vendor messages and config
// values may carry terminal escapes. Vendor errors get their code, meaning,
// next step and RequestId on separate lines a moderator can act on.
func printError(w io.Writer, err error) {
	var ve *backend.VendorError
	if errors.As(err, &ve) {
		fmt.Fprintf(w, "quell: %s %s failed: %s\n", ve.Provider, textsafe.Clean(ve.Call), textsafe.Clean(ve.Code))
		if m := meaning(ve); m != "" {
			fmt.Fprintf(w, "  meaning:   %s\n", m)
		}
		if ve.NextStep != "" {
			fmt.Fprintf(w, "  next step: %s\n", textsafe.Clean(ve.NextStep))
		}
		if ve.RequestID != "" {
			fmt.Fprintf(w, "  RequestId: %s\n", textsafe.Clean(ve.RequestID))
		}
		return
	}
	for i, line := range strings.Split(err.Error(), "\n") {
		if i == 0 {
			fmt.Fprintf(w, "quell: %s\n", textsafe.Clean(line))
		} else {
			fmt.Fprintf(w, "  %s\n", textsafe.Clean(line))
		}
	}
}

// meaning is the code table's sentence, else the vendor's own message.
func meaning(ve *backend.VendorError) string {
	if ve.Meaning != "" {
		return textsafe.Clean(ve.Meaning)
	}
	return textsafe.Clean(ve.Message)
}

// cliApp is one invocation's state: flags, streams, and what was opened.
type cliApp struct {
	in     io.Reader
	out    io.Writer
	errOut io.Writer
	// runConsole opens the interactive console; nil: this build has none.
	runConsole Console

	configPath string
	output     string
	readOnly   bool
	logFile    string
	// journalPath is --journal; "" falls back to the config, then the default.
	journalPath string

	logger *slog.Logger
	// secrets is the process's redactor: the providers add their keys,
	// UserSigs and signatures; stdout, stderr, the log and the journal
	// blank them.
	secrets *redact.Redactor
	sess    *session // set once a command has opened the config
	closers []func()
	jrnl    *journal.Journal // opened once, closed with the command
	// screenOwned is set while the console draws the terminal: notes that
	// would print to stderr only go to the log (the status bar shows them).
	screenOwned bool
	// onResult, when set, sees every action's result before it is printed
	// (`quell journal resume` marks the original action resumed there).
	onResult func(*backend.Result)
}

func (a *cliApp) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
}

func (a *cliApp) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "quell",
		Short: "Moderate live rooms on Tencent Cloud TRTC, Tencent Cloud Chat and ZEGOCLOUD",
		Long: "quell is a keyboard-driven console for moderators of live rooms, with headless commands for runbooks.\n" +
			"Run it without a command to open the console on your config; `quell demo` opens it on a built-in emulator.",
		Args:              cobra.NoArgs,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.setup(cmd) },
		RunE:              func(cmd *cobra.Command, _ []string) error { return a.console(cmd.Context(), false) },
	}
	root.CompletionOptions.DisableDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/quell/config.yaml)")
	pf.StringVarP(&a.output, "output", "o", "table", "output format: table or json")
	pf.BoolVar(&a.readOnly, "read-only", false, "refuse every action that changes vendor state")
	pf.StringVar(&a.logFile, "log-file", "", "write logs to this file (default: no logs)")
	pf.StringVar(&a.journalPath, "journal", "", "journal: a SQLite file or a postgres:// URL (default: the config's journal:, else $XDG_STATE_HOME/quell/journal.db)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w (see --help)", err)}
	})
	root.AddCommand(a.appsCommand(), a.roomsCommand(), a.membersCommand(), a.mutedCommand())
	root.AddCommand(a.actionCommands()...)
	root.AddCommand(a.emulatorCommand(), a.demoCommand())
	root.AddCommand(a.journalCommand(), a.serveCommand())
	return root
}

// setup validates the global flags and opens the log before any command.
func (a *cliApp) setup(cmd *cobra.Command) error {
	if a.output != "table" && a.output != "json" {
		if a.output != "csv" || cmd.Annotations[csvAnnotation] == "" {
			return usageErrorf("-o %q: unknown output format; use table or json", a.output)
		}
	}
	a.logger = slog.New(slog.DiscardHandler)
	if a.logFile != "" {
		// An existing log keeps its mode through OpenFile: tighten it first.
		note, err := filemode.Tighten(a.logFile)
		if err != nil {
			return usageErrorf("--log-file: %v with --log-file", err)
		}
		f, err := os.OpenFile(a.logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, filemode.Private)
		if err != nil {
			return usageErrorf("--log-file: %v", err)
		}
		a.closers = append(a.closers, func() { _ = f.Close() })
		a.logger = slog.New(slog.NewTextHandler(redact.Writer(f, a.secrets), &slog.HandlerOptions{Level: slog.LevelDebug}))
		if note != "" {
			a.note("log: " + note)
		}
	}
	a.logger.Debug("command", "name", cmd.CommandPath())
	return nil
}

// loadConfig reads --config (or the default path) and prints its warnings.
func (a *cliApp) loadConfig() (*config.Config, error) {
	path := a.configPath
	if path == "" {
		path = config.DefaultPath()
	}
	cfg, warnings, err := config.Load(path)
	for _, w := range warnings {
		fmt.Fprintf(a.errOut, "quell: warning: %s\n", textsafe.Clean(w))
		a.logger.Warn("config", "warning", w)
	}
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	return cfg, nil
}

// csvAnnotation marks the commands that also accept -o csv.
const csvAnnotation = "quell-csv"

// session is what a command works with once the config is open. The
// journal is the engine's Recorder (through recorder) and the providers'
// StateStore, so AV blocks and ZEGO group mutes outlive the process and
// every process on the host sees the others' actions.
type session struct {
	cfg       *config.Config
	providers []backend.Provider
	engine    *backend.Engine
	journal   *journal.Journal
	recorder  *trackedRecorder
}

// open loads the config and builds every provider. It sends nothing.
func (a *cliApp) open() (*session, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	return a.openConfig(cfg)
}

func (a *cliApp) openConfig(cfg *config.Config) (*session, error) {
	a.secrets.Add(cfg.ServicePasswords()...)
	j, err := a.openJournal(cfg)
	if err != nil {
		return nil, err
	}
	pacer := connect.Pacer(cfg)
	q, err := connect.SharedQuota(cfg, pacer, a.quotaNote, a.logger)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	if q != nil {
		a.closers = append(a.closers, func() { _ = q.Close() })
	}
	providers, err := connect.Open(cfg, backend.Deps{Pacer: pacer, State: j, Logger: a.logger, Secrets: a.secrets})
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	rec := newTrackedRecorder(j)
	// Runs before the journal's closer (closers run last first): an action
	// cut off by Ctrl-C gets to record itself as cancelled.
	a.closers = append(a.closers, func() {
		if !rec.wait(actionDrain) {
			a.logger.Warn("journal closed with an action still running; it will be listed as pending")
		}
	})
	return &session{cfg: cfg, providers: providers, engine: &backend.Engine{Pacer: pacer, Recorder: rec},
		journal: j, recorder: rec}, nil
}

// note tells the operator, once, something quell changed on its own (a
// file's mode): on stderr unless the console owns the screen, and in the log.
func (a *cliApp) note(text string) {
	a.logger.Warn("note", "text", text)
	if !a.screenOwned {
		fmt.Fprintf(a.errOut, "quell: %s\n", textsafe.Clean(text))
	}
}

// quotaNote tells stderr when the shared quota (Redis) is lost and found:
// until it is back, this process paces at a share of each rate.
func (a *cliApp) quotaNote(note string) {
	if a.screenOwned {
		a.logger.Warn("quota", "state", note)
		return
	}
	if note == "" {
		fmt.Fprintln(a.errOut, "quell: shared quota reachable again: pacing through Redis")
		a.logger.Info("quota", "state", "shared")
		return
	}
	fmt.Fprintf(a.errOut, "quell: warning: %s\n", textsafe.Clean(note))
	a.logger.Warn("quota", "state", note)
}

// actionDrain is how long a command waits, on its way out, for a cancelled
// action to write its outcome to the journal.
const actionDrain = 5 * time.Second

// provider finds the app named by --app.
func (s *session) provider(name string) (backend.Provider, error) {
	var names []string
	for _, p := range s.providers {
		if p.App().Name == name {
			return p, nil
		}
		names = append(names, p.App().Name)
	}
	if name == "" {
		return nil, usageErrorf("--app is required; configured apps: %s", strings.Join(names, ", "))
	}
	return nil, usageErrorf("--app %q: no such app in %s; configured apps: %s", name, configName(s.cfg), strings.Join(names, ", "))
}

func configName(cfg *config.Config) string {
	if cfg.Path == "" {
		return "the demo config"
	}
	return cfg.Path
}

// localActor is the OS user running quell. Local use is trusted: the SSH
// server is where roles bite.
func localActor() backend.Actor {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "local"
	}
	return backend.Actor{Name: name, Role: backend.RoleAdmin}
}
