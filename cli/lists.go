package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// requireCap refuses, before any request, what the app's rooms cannot do.
func requireCap(p backend.Provider, c backend.Capability) error {
	app := p.App()
	if app.Caps.Can(c) {
		return nil
	}
	return &exitError{code: exitUsage, err: fmt.Errorf("app %s (%s) cannot %s: %s", app.Name, app.RoomKind, c, app.Caps.Why(c))}
}

type appJSON struct {
	Name     string   `json:"name"`
	Provider string   `json:"provider"`
	Rooms    string   `json:"rooms"`
	AV       string   `json:"av,omitempty"`
	Can      []string `json:"can"`
}

func (a *cliApp) appsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "apps",
		Short: "configured apps and what each can do",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			out := make([]appJSON, 0, len(s.providers))
			for _, p := range s.providers {
				app := p.App()
				j := appJSON{Name: app.Name, Provider: string(app.Provider), Rooms: string(app.RoomKind), AV: app.AVApp, Can: []string{}}
				for _, c := range backend.AllCapabilities() {
					if app.Caps.Can(c) {
						j.Can = append(j.Can, string(c))
					}
				}
				out = append(out, j)
			}
			if a.output == "json" {
				return writeJSON(a.out, out)
			}
			t := textsafe.NewTable(a.out, "APP", "PROVIDER", "ROOMS", "CAN")
			t.MaxCell = 0 // all quell's own words
			for _, j := range out {
				rooms := j.Rooms
				if j.AV != "" {
					rooms += " (+av " + j.AV + ")"
				}
				t.Row(j.Name, j.Provider, rooms, strings.Join(j.Can, ", "))
			}
			return t.Flush()
		},
	}
}

type roomJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Members *int   `json:"members"`
	// Views is a Chat live room's ViewCount (total views, not members);
	// null where the vendor gives none.
	Views     *int    `json:"views"`
	CreatedAt *string `json:"created_at"`
	Live      bool    `json:"live"`
}

func (a *cliApp) roomsCommand() *cobra.Command {
	var appName string
	cmd := &cobra.Command{
		Use:   "rooms --app APP",
		Short: "the app's rooms",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := a.openApp(appName)
			if err != nil {
				return err
			}
			if err := requireCap(p, backend.CapListRooms); err != nil {
				return err
			}
			rooms, err := p.ListRooms(cmd.Context())
			if err != nil {
				return classify(err)
			}
			if a.output == "json" {
				out := make([]roomJSON, 0, len(rooms))
				for _, r := range rooms {
					j := roomJSON{ID: r.ID, Name: r.Name, CreatedAt: jsonTime(r.CreatedAt), Live: r.Live}
					if r.Members >= 0 {
						n := r.Members
						j.Members = &n
					}
					if r.ViewsKnown {
						v := r.Views
						j.Views = &v
					}
					out = append(out, j)
				}
				return writeJSON(a.out, out)
			}
			t := textsafe.NewTable(a.out, "ROOM", "NAME", "MEMBERS", "VIEWS", "CREATED", "LIVE")
			for _, r := range rooms {
				members, views := "?", "-"
				if r.Members >= 0 {
					members = strconv.Itoa(r.Members)
				}
				if r.ViewsKnown {
					views = strconv.Itoa(r.Views)
				}
				t.Row(r.ID, r.Name, members, views, tableTime(r.CreatedAt), yesNo(r.Live))
			}
			return t.Flush()
		},
	}
	cmd.Flags().StringVar(&appName, "app", "", "app name from the config")
	return cmd
}

type memberJSON struct {
	User        string  `json:"user"`
	Name        string  `json:"name"`
	Role        string  `json:"role"`
	JoinedAt    *string `json:"joined_at"`
	MutedUntil  *string `json:"muted_until"`
	BannedUntil *string `json:"banned_until"`
	AVBlock     string  `json:"av_block"`
}

// membersListJSON is `quell members -o json`: the members, and how much of
// the room they are. A vendor may list only part of a big room (Tencent Chat
// live rooms: at most 1,000 members): truncated says so, with the vendor's
// own total, so a script never takes the list for the whole room.
type membersListJSON struct {
	Members   []memberJSON `json:"members"`
	Shown     int          `json:"shown"`
	Total     *int         `json:"total"`     // the vendor's count of the room's members; null if it gives none
	Truncated bool         `json:"truncated"` // the vendor listed fewer than total, by its own limit
	Limit     *int         `json:"limit"`     // the most the vendor lists; null when no limit applies
	Note      string       `json:"note,omitempty"`
}

func (a *cliApp) membersCommand() *cobra.Command {
	var appName, room string
	cmd := &cobra.Command{
		Use:   "members --app APP --room ROOM",
		Short: "who is in a room, with their mutes, bans and blocks",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := a.openRoom(appName, room)
			if err != nil {
				return err
			}
			if err := requireCap(p, backend.CapListMembers); err != nil {
				return err
			}
			members, count, err := backend.ListMembersCounted(cmd.Context(), p, room)
			if err != nil {
				return classify(err)
			}
			note := count.Note(len(members))
			if note != "" && count.Why != "" {
				note += " (" + count.Why + ")"
			}
			if a.output == "json" {
				out := membersListJSON{Members: make([]memberJSON, 0, len(members)), Shown: len(members),
					Truncated: count.Capped, Note: note}
				if count.Total >= 0 {
					n := count.Total
					out.Total = &n
				}
				if count.Capped && count.Limit > 0 {
					n := count.Limit
					out.Limit = &n
				}
				for _, m := range members {
					out.Members = append(out.Members, memberJSON{User: m.UserID, Name: m.Name, Role: m.Role, JoinedAt: jsonTime(m.JoinedAt),
						MutedUntil: jsonUntil(m.MutedUntil), BannedUntil: jsonUntil(m.BannedUntil), AVBlock: m.AVBlock.String()})
				}
				return writeJSON(a.out, out)
			}
			now := time.Now()
			t := textsafe.NewTable(a.out, "USER", "NAME", "ROLE", "JOINED", "MUTED UNTIL", "BANNED UNTIL", "AV BLOCK")
			for _, m := range members {
				t.Row(m.UserID, m.Name, dash(m.Role), tableTime(m.JoinedAt), tableUntil(m.MutedUntil, now),
					tableUntil(m.BannedUntil, now), m.AVBlock.String())
			}
			if err := t.Flush(); err != nil {
				return err
			}
			if note != "" {
				// quell's own words: the vendor's Why is a constant of the provider.
				_, err = fmt.Fprintln(a.out, note)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&appName, "app", "", "app name from the config")
	cmd.Flags().StringVar(&room, "room", "", "room ID")
	return cmd
}

type mutedJSON struct {
	User       string  `json:"user"`
	MutedUntil *string `json:"muted_until"`
}

func (a *cliApp) mutedCommand() *cobra.Command {
	var appName, room string
	cmd := &cobra.Command{
		Use:   "muted --app APP --room ROOM",
		Short: "who is muted in a room, and until when",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := a.openRoom(appName, room)
			if err != nil {
				return err
			}
			if err := requireCap(p, backend.CapListMuted); err != nil {
				return err
			}
			muted, err := p.ListMuted(cmd.Context(), room)
			if err != nil {
				return classify(err)
			}
			if a.output == "json" {
				out := make([]mutedJSON, 0, len(muted))
				for _, m := range muted {
					out = append(out, mutedJSON{User: m.UserID, MutedUntil: jsonUntil(m.MutedUntil)})
				}
				return writeJSON(a.out, out)
			}
			now := time.Now()
			t := textsafe.NewTable(a.out, "USER", "MUTED UNTIL")
			for _, m := range muted {
				t.Row(m.UserID, tableUntil(m.MutedUntil, now))
			}
			return t.Flush()
		},
	}
	cmd.Flags().StringVar(&appName, "app", "", "app name from the config")
	cmd.Flags().StringVar(&room, "room", "", "room ID")
	return cmd
}

type blacklistJSON struct {
	User  string  `json:"user"`
	Since *string `json:"since"`
}

func (a *cliApp) blacklistListCommand() *cobra.Command {
	var appName, owner string
	cmd := &cobra.Command{
		Use:   "list --app APP --owner USER",
		Short: "the users on an owner's blacklist",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if owner == "" {
				return usageErrorf("--owner is required: a blacklist belongs to a user")
			}
			p, err := a.openApp(appName)
			if err != nil {
				return err
			}
			if err := requireCap(p, backend.CapBlacklist); err != nil {
				return err
			}
			entries, err := p.ListBlacklist(cmd.Context(), owner)
			if err != nil {
				return classify(err)
			}
			if a.output == "json" {
				out := make([]blacklistJSON, 0, len(entries))
				for _, e := range entries {
					out = append(out, blacklistJSON{User: e.UserID, Since: jsonTime(e.Since)})
				}
				return writeJSON(a.out, out)
			}
			t := textsafe.NewTable(a.out, "USER", "NAME", "SINCE")
			for _, e := range entries {
				t.Row(e.UserID, dash(e.Name), tableTime(e.Since))
			}
			return t.Flush()
		},
	}
	cmd.Flags().StringVar(&appName, "app", "", "app name from the config")
	cmd.Flags().StringVar(&owner, "owner", "", "the user whose blacklist this is")
	return cmd
}

// openApp loads the config and returns the provider for --app.
func (a *cliApp) openApp(appName string) (backend.Provider, error) {
	s, err := a.open()
	if err != nil {
		return nil, err
	}
	a.sess = s
	return s.provider(appName)
}

// openRoom is openApp for commands that also need --room.
func (a *cliApp) openRoom(appName, room string) (backend.Provider, error) {
	p, err := a.openApp(appName)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(room) == "" {
		return nil, usageErrorf("--room is required")
	}
	return p, nil
}

// noArgs rejects positional arguments as a usage error (exit 2).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
