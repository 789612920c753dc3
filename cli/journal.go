package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
	"github.com/quell-console/quell/journal"
	"github.com/quell-console/quell/textsafe"
)

// journalPathFor is where this invocation's journal lives: --journal, else
// the config's `journal:`, else the default under $XDG_STATE_HOME.
func (a *cliApp) journalPathFor(cfg *config.Config) string {
	switch {
	case a.journalPath != "":
		return a.journalPath
	case cfg != nil && cfg.JournalURL != "":
		// A PostgreSQL URL: journal.Open connects to it; the handle's Path
		// shows it without its password.
		return cfg.JournalURL.Reveal()
	case cfg != nil && cfg.Journal != "":
		return cfg.Journal
	}
	return journal.DefaultPath()
}

// openJournal opens the journal once per invocation and closes it when the
// command ends. A corrupt, locked or read-only journal is a usage error
// (exit 2) with the journal's own explanation: nothing was sent.
func (a *cliApp) openJournal(cfg *config.Config) (*journal.Journal, error) {
	if a.jrnl != nil {
		return a.jrnl, nil
	}
	path := a.journalPathFor(cfg)
	// A PostgreSQL password (in the config or --journal) is blanked from
	// everything quell prints, as the vendors' keys are.
	a.secrets.Add(config.URLPasswords(path)...)
	j, err := journal.Open(path)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	a.jrnl = j
	j.SetRedactor(a.secrets)
	for _, n := range j.Notes() {
		a.note(n)
	}
	a.closers = append(a.closers, func() {
		if err := j.Close(); err != nil {
			a.logger.Warn("journal close", "error", err.Error())
		}
	})
	a.logger.Debug("journal", "path", j.Path())
	return j, nil
}

// trackedRecorder is the journal as the engine's Recorder, counting the
// actions begun and not yet finished, so a process can wait for its running
// actions to write their outcome before it closes the journal (an action
// cut off by Ctrl-C or an SSH shutdown is then recorded as cancelled rather
// than left pending).
type trackedRecorder struct {
	backend.Recorder
	mu      sync.Mutex
	running int
	idle    chan struct{} // closed while running == 0
}

func newTrackedRecorder(r backend.Recorder) *trackedRecorder {
	t := &trackedRecorder{Recorder: r, idle: make(chan struct{})}
	close(t.idle)
	return t
}

func (t *trackedRecorder) Begin(req backend.ActionRequest, plan *backend.Plan) (string, error) {
	t.mu.Lock()
	if t.running == 0 {
		t.idle = make(chan struct{})
	}
	t.running++
	t.mu.Unlock()
	id, err := t.Recorder.Begin(req, plan)
	if err != nil {
		t.done()
	}
	return id, err
}

func (t *trackedRecorder) Finish(id string, res *backend.Result) error {
	defer t.done()
	return t.Recorder.Finish(id, res)
}

func (t *trackedRecorder) done() {
	t.mu.Lock()
	t.running--
	if t.running == 0 {
		close(t.idle)
	}
	t.mu.Unlock()
}

// Since passes the journal's activity through, so the console can use the
// engine's Recorder as its ActivityLog.
func (t *trackedRecorder) Since(seq int64) ([]backend.Activity, int64, error) {
	if al, ok := t.Recorder.(backend.ActivityLog); ok {
		return al.Since(seq)
	}
	return nil, seq, nil
}

// wait blocks until no action is running or d has passed, and reports
// whether everything finished.
func (t *trackedRecorder) wait(d time.Duration) bool {
	t.mu.Lock()
	idle := t.idle
	t.mu.Unlock()
	select {
	case <-idle:
		return true
	case <-time.After(d):
		return false
	}
}

// journalFlags are the filters of `quell journal`.
type journalFlags struct {
	app, room, user, actor, since string
	pending                       bool
}

func (a *cliApp) journalCommand() *cobra.Command {
	var f journalFlags
	cmd := &cobra.Command{
		Use:   "journal [--app A] [--room R] [--user U] [--actor NAME] [--since 24h] [--pending] [-o table|json|csv]",
		Short: "list and export the journal of every action; --pending lists actions cut off by a crash",
		Long: "Lists the actions every quell process on this host recorded: who, when, where, what and each user's outcome.\n" +
			"--pending lists actions whose process died before every user was confirmed; `quell journal resume ID` finishes one.",
		Args:        noArgs,
		Annotations: map[string]string{csvAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			j, err := a.journalOnly()
			if err != nil {
				return err
			}
			if f.pending {
				if f.app != "" || f.room != "" || f.user != "" || f.actor != "" || f.since != "" {
					return usageErrorf("--pending lists every pending action: give it without filters")
				}
				ps, err := j.Pending()
				if err != nil {
					return &exitError{code: exitFailed, err: err}
				}
				return writePending(a.out, ps, a.output)
			}
			filter, err := f.filter(time.Now())
			if err != nil {
				return err
			}
			acts, err := j.Query(filter)
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			if err := journal.Write(a.out, acts, a.output); err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.app, "app", "", "only actions on this app")
	fl.StringVar(&f.room, "room", "", "only actions in this room")
	fl.StringVar(&f.user, "user", "", "only actions that touched this user (and only this user's outcomes)")
	fl.StringVar(&f.actor, "actor", "", "only actions by this operator")
	fl.StringVar(&f.since, "since", "", "only actions started in this last span (90m, 24h, 7d) or since a time (2006-01-02 or RFC 3339)")
	fl.BoolVar(&f.pending, "pending", false, "list actions cut off before every user was confirmed")
	cmd.AddCommand(a.resumeCommand())
	return cmd
}

// filter turns the flags into a journal filter; now anchors --since spans.
func (f journalFlags) filter(now time.Time) (journal.Filter, error) {
	out := journal.Filter{App: f.app, Room: f.room, User: f.user, Actor: f.actor}
	if f.since == "" {
		return out, nil
	}
	s := strings.TrimSpace(f.since)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			out.Since = t
			return out, nil
		}
	}
	d, forever, err := parseMuteFor(s)
	if err != nil || forever || d <= 0 {
		return out, usageErrorf("--since %q: write a span such as 90m, 24h or 7d, or a time such as 2006-01-02 or 2006-01-02T15:04:05Z", f.since)
	}
	out.Since = now.Add(-d)
	return out, nil
}

// journalOnly opens the journal for commands that send nothing: --journal
// needs no config; otherwise the config's `journal:` is read when a config
// exists, and the default path is used when none does.
func (a *cliApp) journalOnly() (*journal.Journal, error) {
	if a.journalPath != "" {
		return a.openJournal(nil)
	}
	path := a.configPath
	if path == "" {
		path = config.DefaultPath()
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && a.configPath == "" {
		return a.openJournal(nil)
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, err
	}
	return a.openJournal(cfg)
}

func (a *cliApp) resumeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "resume ID",
		Short: "run a pending action again for only the users it did not reach",
		Long: "Re-runs a pending action (see `quell journal --pending`) for the users not yet applied — those never\n" +
			"confirmed and those that failed — with the same duration, mode, owner and reason, as the current OS user.",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("resume takes one action ID (see quell journal --pending)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.resume(cmd.Context(), args[0])
		},
	}
}

// resume rebuilds the action from the journal and runs it through the same
// path as every headless action; only a run that was not cancelled marks the
// original as resumed, so a resume cut short leaves it pending.
func (a *cliApp) resume(ctx context.Context, id string) error {
	s, err := a.open()
	if err != nil {
		return err
	}
	a.sess = s
	j := s.journal
	// The claim keeps every other process — on this host or another
	// sharing the journal — from resuming it too while this one runs.
	if err := j.Claim(id); err != nil {
		if errors.Is(err, journal.ErrClaimed) || errors.Is(err, journal.ErrUnknownAction) {
			return &exitError{code: exitUsage, err: err}
		}
		if err := mustBePending(j, id); err != nil {
			return err
		}
		return &exitError{code: exitUsage, err: err}
	}
	if err := mustBePending(j, id); err != nil {
		return err
	}
	req, err := j.ResumeRequest(id)
	if err != nil {
		if errors.Is(err, journal.ErrUnknownAction) {
			return &exitError{code: exitUsage, err: err}
		}
		return &exitError{code: exitFailed, err: err}
	}
	spec, ok := backend.Spec(req.Kind)
	if !ok {
		return usageErrorf("action %s: unknown kind %q in the journal", id, req.Kind)
	}
	if spec.TakesUsers && len(req.Users) == 0 {
		if err := j.MarkInterrupted(id); err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		fmt.Fprintf(a.out, "action %s: every user was already applied; marked interrupted, nothing sent\n", id)
		return nil
	}
	a.onResult = func(res *backend.Result) {
		if res.Cancelled || res.ID == "" {
			return
		}
		if err := j.MarkResumed(id, res.ID); err != nil {
			printError(a.errOut, err)
		}
	}
	users := len(req.Users)
	a.logger.Info("resume", "action", id, "kind", req.Kind, "app", req.App, "users", users)
	fmt.Fprintf(a.errOut, "resuming %s: %s on app %s for %d user(s)\n", id, req.Kind, req.App, users)
	return a.runAction(ctx, actionFlags{app: req.App, room: req.Room}, req)
}

// mustBePending refuses to resume an action that is not pending: finished,
// already resumed or dismissed, or still running in a live process.
func mustBePending(j *journal.Journal, id string) error {
	ps, err := j.Pending()
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	for _, p := range ps {
		if p.ID == id {
			return nil
		}
	}
	acts, err := j.Query(journal.Filter{})
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	for _, a := range acts {
		if a.ID == id {
			return usageErrorf("action %s is %s, not pending: nothing to resume (see quell journal --pending)", id, a.Status)
		}
	}
	return usageErrorf("action %s is not in the journal (see quell journal --pending)", id)
}

type pendingJSON struct {
	ID          string   `json:"id"`
	Actor       string   `json:"actor"`
	Fingerprint string   `json:"fingerprint"`
	StartedAt   string   `json:"started_at"`
	App         string   `json:"app"`
	Room        string   `json:"room"`
	Action      string   `json:"action"`
	Params      string   `json:"params"`
	Applied     int      `json:"applied"`
	Failed      int      `json:"failed"`
	Unconfirmed []string `json:"unconfirmed"`
}

// writePending lists pending actions: JSON with every unconfirmed user (for
// scripts), CSV with one row per unconfirmed user, a table with counts.
func writePending(w io.Writer, ps []journal.Pending, format string) error {
	switch format {
	case "json":
		out := make([]pendingJSON, 0, len(ps))
		for _, p := range ps {
			users := p.Unconfirmed
			if users == nil {
				users = []string{}
			}
			out = append(out, pendingJSON{ID: p.ID, Actor: p.Actor.Name, Fingerprint: p.Actor.Fingerprint,
				StartedAt: p.Started.UTC().Format(time.RFC3339), App: p.App, Room: p.Room, Action: string(p.Kind),
				Params: p.Params, Applied: p.Applied, Failed: p.Failed, Unconfirmed: users})
		}
		return writeJSON(w, out)
	case "csv":
		// journal.Write's CSV guards cells against spreadsheet formulas;
		// the pending actions go through it as activities with only their
		// unconfirmed users.
		acts := make([]backend.Activity, 0, len(ps))
		for _, p := range ps {
			acts = append(acts, backend.Activity{ID: p.ID, Actor: p.Actor, Started: p.Started, App: p.App, Room: p.Room,
				Kind: p.Kind, Params: p.Params, Status: "pending", Users: p.Unconfirmed})
		}
		return journal.Write(w, acts, "csv")
	}
	if len(ps) == 0 {
		_, err := fmt.Fprintln(w, "no pending actions")
		return err
	}
	t := textsafe.NewTable(w, "ID", "STARTED", "ACTOR", "APP", "ROOM", "ACTION", "APPLIED", "FAILED", "UNCONFIRMED")
	for _, p := range ps {
		t.Row(p.ID, tableTime(p.Started), p.Actor.Name, p.App, dash(p.Room), string(p.Kind),
			strconv.Itoa(p.Applied), strconv.Itoa(p.Failed), strconv.Itoa(len(p.Unconfirmed)))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "resume one with: quell journal resume ID")
	return err
}

// demoJournal is a journal in a fresh temporary directory for `quell demo`:
// the demo's emulator forgets its world when it stops, so its actions must
// not sit in the real journal as history or offer themselves for resuming.
func demoJournal() (path string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "quell-demo-")
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "journal.db"), func() { _ = os.RemoveAll(dir) }, nil
}
