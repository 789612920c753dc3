package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// actionFlags are what every action command shares.
type actionFlags struct {
	app, room string
	// skipInvalid acts on the valid users and reports the others as failed
	// (invalid-id) instead of refusing the whole list (splitInvalid).
	skipInvalid bool
}

// actionCommands are the headless action commands, made from the action
// table: a new action needs no hand-written command. Each gets --app, --room
// (or --owner for a blacklist), a flag per parameter the table declares, and
// --yes when its confirmation is typed (dismiss). Commands named "blacklist
// add" become subcommands of `quell blacklist`, whose `list` is not an action.
func (a *cliApp) actionCommands() []*cobra.Command {
	var top []*cobra.Command
	parents := map[string]*cobra.Command{"blacklist": a.blacklistCommand()}
	for spec := range backend.Actions() {
		if spec.Command == "" {
			continue
		}
		parent, name, sub := strings.Cut(spec.Command, " ")
		if !sub {
			top = append(top, a.actionCommand(spec, spec.Command))
			continue
		}
		p := parents[parent]
		if p == nil {
			p = &cobra.Command{Use: parent, Short: parent + " actions", Args: noArgs,
				RunE: func(*cobra.Command, []string) error { return usageErrorf("%s needs a subcommand", parent) }}
			parents[parent] = p
		}
		p.AddCommand(a.actionCommand(spec, name))
	}
	for _, p := range []string{"blacklist"} {
		top = append(top, parents[p])
	}
	return top
}

// actionCommand is one action's command, named name.
func (a *cliApp) actionCommand(spec backend.ActionSpec, name string) *cobra.Command {
	var f actionFlags
	var owner, length, reason string
	var audio, video, yes bool
	use := []string{name, "--app APP"}
	if spec.NeedsOwner {
		use = append(use, "--owner USER")
	} else {
		use = append(use, "--room ROOM")
	}
	if spec.Takes(backend.ParamDuration) {
		use = append(use, "--for DURATION")
	}
	if spec.Takes(backend.ParamAVMode) {
		use = append(use, "[--audio | --video]")
	}
	if spec.Takes(backend.ParamReason) {
		use = append(use, "[--reason TEXT]")
	}
	if spec.TypeToConfirm {
		use = append(use, "--yes")
	}
	if spec.TakesUsers {
		use = append(use, "USER...")
	}
	cmd := &cobra.Command{
		Use:   strings.Join(use, " "),
		Short: spec.Help,
		RunE: func(cmd *cobra.Command, args []string) error {
			req := backend.ActionRequest{Kind: spec.Kind, Owner: owner, Reason: reason}
			if spec.NeedsOwner && owner == "" {
				return usageErrorf("--owner is required: a blacklist belongs to a user")
			}
			if spec.Takes(backend.ParamDuration) {
				if length == "" {
					return usageErrorf("--for is required: %s", backend.LengthExamples)
				}
				d, forever, err := parseMuteFor(length)
				if err != nil {
					return classify(err)
				}
				req.Duration, req.Forever = d, forever
			}
			if spec.Takes(backend.ParamAVMode) {
				switch {
				case audio && video:
					return usageErrorf("--audio and --video together are the default: give neither to block both")
				case audio:
					req.AVMode = backend.AVAudio
				case video:
					req.AVMode = backend.AVVideo
				}
			}
			if spec.TypeToConfirm && !yes {
				return usageErrorf("%s: %s; run it again with --yes", spec.Kind, spec.Help)
			}
			if !spec.TakesUsers {
				if len(args) > 0 {
					return usageErrorf("%s acts on the room and takes no users: remove %q", spec.Kind, args[0])
				}
				return a.runAction(cmd.Context(), f, req)
			}
			return a.userAction(cmd, args, f, req)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.app, "app", "", "app name from the config")
	if spec.NeedsOwner {
		fl.StringVar(&owner, "owner", "", "the user whose blacklist this is")
	} else {
		fl.StringVar(&f.room, "room", "", "room ID")
	}
	if spec.Takes(backend.ParamDuration) {
		fl.StringVar(&length, "for", "", "how long: "+backend.LengthExamples)
	}
	if spec.Takes(backend.ParamAVMode) {
		fl.BoolVar(&audio, "audio", false, spec.Name+" audio only")
		fl.BoolVar(&video, "video", false, spec.Name+" video only")
	}
	if spec.Takes(backend.ParamReason) {
		fl.StringVar(&reason, "reason", "", "why, as the vendor keeps or shows it")
	}
	if spec.TypeToConfirm {
		fl.BoolVar(&yes, "yes", false, "confirm: "+spec.NoUndo)
	}
	if spec.TakesUsers {
		fl.BoolVar(&f.skipInvalid, "skip-invalid", false,
			"act on the valid user IDs and list the invalid ones as failed (invalid-id), instead of refusing them all")
	}
	return cmd
}

// blacklistCommand is `quell blacklist`: its list, and the blacklist actions
// of the table added by actionCommands.
func (a *cliApp) blacklistCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "blacklist",
		Short: "list, add to or remove from a user's blacklist",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("blacklist needs a subcommand: list, add or remove")
		},
	}
	cmd.AddCommand(a.blacklistListCommand())
	return cmd
}

// userAction reads the users (arguments or standard input) and runs req.
func (a *cliApp) userAction(cmd *cobra.Command, args []string, f actionFlags, req backend.ActionRequest) error {
	users, err := readUsers(args, a.in)
	if err != nil {
		return err
	}
	req.Users = users
	return a.runAction(cmd.Context(), f, req)
}

// runAction validates req completely (engine.Prepare) before the first
// request, so bad input exits 2 with nothing sent; then runs it and prints
// every user's outcome.
func (a *cliApp) runAction(ctx context.Context, f actionFlags, req backend.ActionRequest) error {
	spec, _ := backend.Spec(req.Kind)
	if a.readOnly && spec.Dangerous {
		return usageErrorf("%s changes vendor state and --read-only is set: nothing was sent", req.Kind)
	}
	p, err := a.openApp(f.app)
	if err != nil {
		return err
	}
	if !spec.NeedsOwner && f.room == "" {
		return usageErrorf("--room is required")
	}
	req.App, req.Room, req.Actor = f.app, f.room, localActor()
	engine := a.sess.engine
	var skipped []backend.UserOutcome
	if f.skipInvalid {
		if req.Users, skipped, err = splitInvalid(engine, p, req); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		if len(skipped) > 0 {
			fmt.Fprintf(a.errOut, "quell: --skip-invalid: %d invalid user IDs skipped, nothing sent for them (code %s below)\n",
				len(skipped), invalidIDCode)
		}
		if len(req.Users) == 0 {
			return a.printResult(spec, req, &backend.Result{Request: req}, skipped)
		}
	}
	plan, err := engine.Prepare(p, req)
	if err != nil {
		// Prepare sends nothing: whatever it refused is the caller's to fix.
		return &exitError{code: exitUsage, err: err}
	}
	a.logger.Info("action", "kind", req.Kind, "app", req.App, "users", len(req.Users), "plan", engine.Describe(plan, len(req.Users)))
	var progress func(backend.Progress)
	if len(req.Users) > 1 && isTerminal(a.errOut) {
		progress = func(pr backend.Progress) {
			fmt.Fprintf(a.errOut, "\r\x1b[K%s: %d/%d done, %d failed, %d calls, ETA %s",
				req.Kind, pr.Applied+pr.Failed, pr.Total, pr.Failed, pr.Calls, shortDuration(pr.ETA))
		}
	}
	res, err := engine.Run(ctx, p, req, progress)
	if progress != nil {
		fmt.Fprint(a.errOut, "\r\x1b[K")
	}
	if err != nil {
		return classify(err)
	}
	if a.onResult != nil {
		a.onResult(res)
	}
	a.logger.Info("action done", "kind", req.Kind, "app", req.App, "applied", res.Applied, "failed", res.Failed,
		"not_attempted", res.NotAttempted, "calls", res.Calls, "skipped_invalid", len(skipped))
	return a.printResult(spec, req, res, skipped)
}

// printResult prints every user's outcome, the users skipped as invalid
// (--skip-invalid) among the failed, and says how the command exits.
func (a *cliApp) printResult(spec backend.ActionSpec, req backend.ActionRequest, res *backend.Result, skipped []backend.UserOutcome) error {
	if len(skipped) > 0 {
		shown := *res // the journal's Result stays as the engine made it
		shown.Outcomes = append(append([]backend.UserOutcome(nil), res.Outcomes...), skipped...)
		shown.Failed += len(skipped)
		res = &shown
	}
	var err error
	if a.output == "json" {
		err = writeJSON(a.out, actionJSONOf(req, res))
	} else {
		err = printActionTable(a.out, spec, req, res)
	}
	if err != nil {
		return classify(err)
	}
	if res.RecordErr != nil {
		return journalFailed(res.RecordErr)
	}
	// Unknown users exit 1 as well: nobody can say they were applied.
	if res.Failed+res.NotAttempted+res.Unknown > 0 || res.Applied < len(res.Outcomes) {
		return &exitError{code: exitFailed}
	}
	return nil
}

type actionJSON struct {
	Action  string       `json:"action"`
	App     string       `json:"app"`
	Room    string       `json:"room"`
	Applied int          `json:"applied"`
	Failed  int          `json:"failed"`
	Unknown int          `json:"unknown"` // sent, no answer, no read-back could tell: may have been applied
	Results []resultJSON `json:"results"`
}

type resultJSON struct {
	User      string `json:"user"`
	OK        bool   `json:"ok"`
	Status    string `json:"status"` // applied | failed | unknown | not-attempted
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// actionJSONOf counts users not attempted (after a cancellation) as failed:
// applied + failed + unknown is always the number of users.
func actionJSONOf(req backend.ActionRequest, res *backend.Result) actionJSON {
	room := req.Room
	if spec, _ := backend.Spec(req.Kind); spec.NeedsOwner {
		room = ""
	}
	out := actionJSON{Action: string(req.Kind), App: req.App, Room: room, Results: make([]resultJSON, 0, len(res.Outcomes))}
	for _, o := range res.Outcomes {
		r := resultJSON{User: o.User, OK: o.Status == backend.Applied, Status: string(o.Status), RequestID: o.RequestID}
		switch {
		case r.OK:
			out.Applied++
		case o.Status == backend.Unknown:
			out.Unknown++
		default:
			out.Failed++
		}
		if !r.OK {
			r.Code, r.Message = outcomeCode(o), outcomeMeaning(o)
			if o.Err != nil && o.Err.RequestID != "" && r.RequestID == "" {
				r.RequestID = o.Err.RequestID
			}
		}
		out.Results = append(out.Results, r)
	}
	return out
}

func outcomeCode(o backend.UserOutcome) string {
	switch {
	case o.Err != nil && o.Err.Code != "":
		return o.Err.Code
	case o.Status == backend.NotAttempted:
		return "not-attempted"
	}
	return "failed"
}

// outcomeMeaning is the vendor's own message when it gave one (what a
// script greps for), else quell's explanation.
func outcomeMeaning(o backend.UserOutcome) string {
	switch {
	case o.Err != nil && o.Err.Message != "":
		return o.Err.Message
	case o.Err != nil && o.Err.Meaning != "":
		return o.Err.Meaning
	case o.Status == backend.NotAttempted:
		return "not sent: the action stopped first"
	}
	return ""
}

// unknownMeaning words an Unknown user for the table: what is known is
// that the vendor may have applied it.
func unknownMeaning(o backend.UserOutcome) string {
	s := "unknown — may have been applied: no answer came"
	if o.Err != nil && o.Err.Meaning != "" {
		s += " (" + o.Err.Meaning + ")"
	}
	return s
}

// printActionTable lists each failed user with what to do about it, then a
// one-line summary.
func printActionTable(w io.Writer, spec backend.ActionSpec, req backend.ActionRequest, res *backend.Result) error {
	bad := 0
	for _, o := range res.Outcomes {
		if o.Status != backend.Applied {
			bad++
		}
	}
	if bad > 0 {
		t := textsafe.NewTable(w, "USER", "CODE", "MEANING", "NEXT STEP", "REQUEST ID")
		for _, o := range res.Outcomes {
			if o.Status == backend.Applied {
				continue
			}
			meaning, next, reqID := "", "", o.RequestID
			if o.Err != nil {
				meaning = o.Err.Meaning
				if meaning == "" {
					meaning = o.Err.Message
				}
				next = o.Err.NextStep
				if o.Err.RequestID != "" {
					reqID = o.Err.RequestID
				}
			}
			if o.Status == backend.Unknown {
				meaning = unknownMeaning(o)
				next = "check the user's state; quell journal resume reads it back before sending"
			}
			if o.Status == backend.NotAttempted {
				if meaning == "" {
					meaning = "not sent: the action stopped first"
				}
				if next == "" {
					next = "run it again for this user"
				}
			}
			t.Row(o.User, outcomeCode(o), dash(meaning), dash(next), dash(reqID))
		}
		if err := t.Flush(); err != nil {
			return err
		}
	}
	where := "room " + req.Room
	if spec.NeedsOwner {
		where = "the blacklist of " + req.Owner
	}
	_, err := fmt.Fprintf(w, "%s: %d applied, %d failed", spec.Verb, res.Applied, res.Failed)
	if err == nil && res.NotAttempted > 0 {
		_, err = fmt.Fprintf(w, ", %d not attempted", res.NotAttempted)
	}
	if err == nil && res.Unknown > 0 {
		_, err = fmt.Fprintf(w, ", %d unknown (may have been applied)", res.Unknown)
	}
	if err == nil && res.Call == "" {
		_, err = fmt.Fprintf(w, " — %s on app %s (nothing sent)\n", textsafe.Clean(where), req.App)
	} else if err == nil {
		_, err = fmt.Fprintf(w, " — %s on app %s (%s × %d)\n", textsafe.Clean(where), req.App, res.Call, res.Calls)
	}
	return err
}
