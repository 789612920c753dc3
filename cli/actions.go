package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// actionFlags are what every action command shares.
type actionFlags struct {
	app, room string
}

func (f *actionFlags) bind(cmd *cobra.Command, room bool) {
	cmd.Flags().StringVar(&f.app, "app", "", "app name from the config")
	if room {
		cmd.Flags().StringVar(&f.room, "room", "", "room ID")
	}
}

func (a *cliApp) actionCommands() []*cobra.Command {
	var mute struct {
		actionFlags
		dur string
	}
	muteCmd := &cobra.Command{
		Use:   "mute --app APP --room ROOM --for DURATION USER...",
		Short: "stop users sending messages for a time (90s, 10m, 2h, 7d or forever)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if mute.dur == "" {
				return usageErrorf("--for is required: 90s, 10m, 2h, 7d or forever")
			}
			d, forever, err := parseMuteFor(mute.dur)
			if err != nil {
				return classify(err)
			}
			return a.userAction(cmd, args, mute.actionFlags, backend.ActionRequest{Kind: backend.ActMute, Duration: d, Forever: forever})
		},
	}
	mute.bind(muteCmd, true)
	muteCmd.Flags().StringVar(&mute.dur, "for", "", "how long: 90s, 10m, 2h, 7d or forever")

	var block struct {
		actionFlags
		audio, video bool
	}
	blockCmd := &cobra.Command{
		Use:   "block --app APP --room ROOM [--audio | --video] USER...",
		Short: "block users' audio and video (or only one of them)",
		RunE: func(cmd *cobra.Command, args []string) error {
			mode := backend.AVAll
			switch {
			case block.audio && block.video:
				return usageErrorf("--audio and --video together are the default: give neither to block both")
			case block.audio:
				mode = backend.AVAudio
			case block.video:
				mode = backend.AVVideo
			}
			return a.userAction(cmd, args, block.actionFlags, backend.ActionRequest{Kind: backend.ActBlock, AVMode: mode})
		},
	}
	block.bind(blockCmd, true)
	blockCmd.Flags().BoolVar(&block.audio, "audio", false, "block audio only")
	blockCmd.Flags().BoolVar(&block.video, "video", false, "block video only")

	simple := func(kind backend.ActionKind, use, short string) *cobra.Command {
		var f actionFlags
		cmd := &cobra.Command{
			Use:   use,
			Short: short,
			RunE: func(cmd *cobra.Command, args []string) error {
				return a.userAction(cmd, args, f, backend.ActionRequest{Kind: kind})
			},
		}
		f.bind(cmd, true)
		return cmd
	}
	return []*cobra.Command{
		muteCmd,
		simple(backend.ActUnmute, "unmute --app APP --room ROOM USER...", "let muted users send messages again"),
		blockCmd,
		simple(backend.ActUnblock, "unblock --app APP --room ROOM USER...", "lift users' audio/video block"),
		simple(backend.ActKick, "kick --app APP --room ROOM USER...", "remove users from a room"),
	}
}

func (a *cliApp) dismissCommand() *cobra.Command {
	var f actionFlags
	var yes bool
	cmd := &cobra.Command{
		Use:   "dismiss --app APP --room ROOM --yes",
		Short: "close a room and remove everyone from it (cannot be undone)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !yes {
				return usageErrorf("dismiss removes everyone from the room and closes it; it cannot be undone: run it again with --yes")
			}
			return a.runAction(cmd.Context(), f, backend.ActionRequest{Kind: backend.ActDismiss})
		},
	}
	f.bind(cmd, true)
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm the dismissal")
	return cmd
}

func (a *cliApp) blacklistCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "blacklist",
		Short: "list, add to or remove from a user's blacklist",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("blacklist needs a subcommand: list, add or remove")
		},
	}
	edit := func(kind backend.ActionKind, use, short string) *cobra.Command {
		var f actionFlags
		var owner string
		c := &cobra.Command{
			Use:   use,
			Short: short,
			RunE: func(cmd *cobra.Command, args []string) error {
				if owner == "" {
					return usageErrorf("--owner is required: a blacklist belongs to a user")
				}
				return a.userAction(cmd, args, f, backend.ActionRequest{Kind: kind, Owner: owner})
			},
		}
		f.bind(c, false)
		c.Flags().StringVar(&owner, "owner", "", "the user whose blacklist this is")
		return c
	}
	cmd.AddCommand(a.blacklistListCommand(),
		edit(backend.ActBlacklistAdd, "add --app APP --owner USER USER...", "add users to the owner's blacklist"),
		edit(backend.ActBlacklistRemove, "remove --app APP --owner USER USER...", "remove users from the owner's blacklist"))
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
	if a.readOnly {
		return usageErrorf("%s changes vendor state and --read-only is set: nothing was sent", req.Kind)
	}
	spec, _ := backend.Spec(req.Kind)
	p, err := a.openApp(f.app)
	if err != nil {
		return err
	}
	if !spec.NeedsOwner && f.room == "" {
		return usageErrorf("--room is required")
	}
	req.App, req.Room, req.Actor = f.app, f.room, localActor()
	engine := a.sess.engine
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
		"not_attempted", res.NotAttempted, "calls", res.Calls)
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
	if res.Failed+res.NotAttempted > 0 || res.Applied < len(res.Outcomes) {
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
	Results []resultJSON `json:"results"`
}

type resultJSON struct {
	User      string `json:"user"`
	OK        bool   `json:"ok"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// actionJSONOf counts users not attempted (after a cancellation) as failed:
// applied + failed is always the number of users.
func actionJSONOf(req backend.ActionRequest, res *backend.Result) actionJSON {
	room := req.Room
	if spec, _ := backend.Spec(req.Kind); spec.NeedsOwner {
		room = ""
	}
	out := actionJSON{Action: string(req.Kind), App: req.App, Room: room, Results: make([]resultJSON, 0, len(res.Outcomes))}
	for _, o := range res.Outcomes {
		r := resultJSON{User: o.User, OK: o.Status == backend.Applied, RequestID: o.RequestID}
		if r.OK {
			out.Applied++
		} else {
			out.Failed++
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
	if err == nil {
		_, err = fmt.Fprintf(w, " — %s on app %s (%s × %d)\n", textsafe.Clean(where), req.App, res.Call, res.Calls)
	}
	return err
}
