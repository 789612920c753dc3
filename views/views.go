// Package views declares quell's screens as data: each view is the one list
// component with its own columns, rows and empty text, and a Def that says
// everything else the console needs of it — its scope, its title, how it
// loads, what enter opens, its tabs, its `:` commands and how an action's
// effect shows in it. The console's router (package ui) asks the Def; it
// never switches on a view's kind. Adding a view is one file here and its
// entry in All.
package views

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
	"github.com/quell-console/quell/ui/theme"
)

// Kind names a view. The names are also the breadcrumb's last part and the
// tab labels.
type Kind string

// All is every view, in the order the `:` commands and tabs list them.
var All = []Def{appsView, roomsView, membersView, mutedView, bannedView, newcomersView, blacklistView, activityView, outcomesView}

// Data is what the views are built from. A load fills the fields its view
// reads; the views of one family (a room's tabs) share one Data.
type Data struct {
	Apps       []backend.App
	Rooms      []backend.Room
	Members    []backend.Member // the room's members, mute state merged in
	Muted      []backend.Member // the vendor's muted list (may hold users who left)
	Banned     []backend.Member // the vendor's banned list (banned users have left); nil when it has none
	Room       backend.Room     // the open room's own state: AllMuted
	Blacklist  []backend.BlacklistEntry
	Activities []backend.Activity
	Activity   *backend.Activity // the one Outcomes shows
	// Own is the data of a view whose data is none of the above, so a new
	// view needs no field here.
	Own any

	// MemberCount is the room's size as the vendor counts it and whether
	// the vendor capped Members (Chat live rooms list at most 1,000).
	MemberCount backend.MemberCount
}

// Size is about how many rows the data makes at most: the longest of its
// lists. The console builds a large first load off the update loop.
func (d *Data) Size() int {
	return max(len(d.Apps), len(d.Rooms), len(d.Members), len(d.Muted), len(d.Banned),
		len(d.Blacklist), len(d.Activities))
}

// Target is what a screen shows: the app, and the room, owner or activity
// within it. Two screens of one family with the same Target show the same
// data.
type Target struct {
	App   string // app name; "" for views across apps
	Room  string
	Owner string // a blacklist's owner
	ActID string // the activity whose outcomes are shown
}

// Source is what a load reads: the screen's target, its app's provider (nil
// for views across apps) and the configured apps.
type Source struct {
	Target   Target
	Provider backend.Provider
	Apps     []backend.App
}

// Fill puts a load's answer into a view's Data; the console applies it in
// Update, so a load never writes state from its goroutine.
type Fill func(d *Data)

// Def is one view. Time cells (countdowns, ages) are list.Column.Live
// cells: the row holds the stable time, the list draws it against its clock.
type Def struct {
	Kind  Kind
	Title string // the breadcrumb's and the tab's label
	// Scope says which actions make sense on the rows (keys.Offered).
	Scope keys.Scope
	// Actions narrows the actions offered on this view; nil offers every
	// action the scope allows.
	Actions []backend.ActionKind
	// RoomRows: the rows are rooms, so a room action takes the room under
	// the cursor rather than the room shown.
	RoomRows bool
	// Family groups views that are tabs of one screen: they share one Data,
	// one load and one request key. "" is the view alone.
	Family string
	// Heading is the line under the header of a view without tabs.
	Heading func(t Target, d *Data) string
	Columns func() []list.Column
	Empty   string
	Rows    func(d *Data, now time.Time) []list.Row
	// TabLabel is the tab's label for n rows; nil: "title n".
	TabLabel func(d *Data, n int) string
	// Notice is what the screen must say about its data before anything
	// else on the tabs line ("the vendor lists at most 1,000"); nil or ""
	// when nothing.
	Notice func(d *Data) string

	// Needs is the app capability the view needs to open at all.
	Needs backend.Capability
	// Under gives the view this one stacks on, and its target: opening
	// this view goes back to that one first (a room's members sit on its
	// app's rooms). nil opens it on top of whatever is shown.
	Under func(t Target) (Kind, Target)
	// Load fetches the view's data. The console runs it in a tea.Cmd with
	// a timeout; Local says it calls nothing and may run in Update.
	Load  func(ctx context.Context, src Source) (Fill, error)
	Local bool
	// FromLog: the data is the activity log (Activities, and Activity for
	// Target.ActID); the console's copy of the log fills it.
	FromLog bool
	// Open says what enter on a row opens; false: nothing.
	Open func(t Target, r *list.Row) (Kind, Target, bool)
	// Detail is the row's subject in full, for the detail pane enter opens
	// on a view without Open; false: the row has none.
	Detail func(r *list.Row, now time.Time) ([]string, bool)
	// Commands are the `:` commands that open this view.
	Commands []Command
	// Patch shows an action's effect in the view's data at once, before
	// the vendor's lists catch up; false when the action does not touch it.
	Patch func(d *Data, t Target, a Applied) (Patched, bool)
}

// Command is one `:` command that opens a view.
type Command struct {
	Name string
	Arg  string // placeholder of its argument, "" when it takes none
	// ArgOptional lets the argument be left out (Target finds it).
	ArgOptional bool
	Help        string
	// Complete offers the arguments the command can take here.
	Complete func(h Here) []string
	// CompleteWord, for a command of several words (`:mute ROOM USER…`),
	// offers the word after those already typed; it replaces Complete.
	CompleteWord func(h Here, before []string) []string
	// Target says what the command opens, or why it cannot here.
	Target func(h Here, arg string) (Target, error)
}

// Here is where the moderator is, for the `:` commands and completion.
type Here struct {
	Apps    []string         // configured app names
	App     string           // the current app; "" when none
	Room    string           // the current room; "" when none
	Rooms   []backend.Room   // the current app's rooms, as loaded
	Members []backend.Member // the current room's members, as loaded
	User    string           // the user under the cursor, on a view of users
	// RoomsOf and MembersOf give what is loaded for any app and room (on
	// the screens still open), for APP/ROOM; nil: only Rooms and Members.
	RoomsOf   func(app string) []backend.Room
	MembersOf func(app, room string) []backend.Member
}

// Applied is an action that reached some users, for Def.Patch.
type Applied struct {
	Req     backend.ActionRequest
	Reached map[string]bool
	Now     time.Time
}

// Patched is what an action changed in a view: rows to redraw, and rows
// whose subject is gone (kicked, removed, dismissed) to grey out.
type Patched struct {
	Changed map[string]Change
	Gone    []string
}

// Change is one row's new state: Data builds it with the view's Rows; when
// the row no longer belongs in the view, it stays until the next refresh,
// dimmed, with Subject as its data.
type Change struct {
	Data    Data
	Subject any
}

// Offers reports whether the view offers action k.
func (d Def) Offers(k backend.ActionKind) bool {
	if d.Actions == nil {
		return true
	}
	for _, a := range d.Actions {
		if a == k {
			return true
		}
	}
	return false
}

// FamilyName is the view's family, or its kind when it stands alone.
func (d Def) FamilyName() string {
	if d.Family != "" {
		return d.Family
	}
	return string(d.Kind)
}

// Get returns the view of kind k.
func Get(k Kind) (Def, bool) {
	for _, d := range All {
		if d.Kind == k {
			return d, true
		}
	}
	return Def{}, false
}

// Tabs are the views of k's family that an app of caps can open, in the
// order of All: a TRTC room has no muted tab (TRTC has no mute, so it
// would only ever say "nobody is muted"). k itself is always among them; a
// view alone is its own only tab. Zero caps (no app) hide nothing.
func Tabs(k Kind, caps backend.Capabilities) []Kind {
	d, _ := Get(k)
	if d.Family == "" {
		return []Kind{k}
	}
	var out []Kind
	for _, o := range All {
		if o.Family == d.Family && (o.Kind == k || o.Needs == "" || caps.Has == nil || caps.Can(o.Needs)) {
			out = append(out, o.Kind)
		}
	}
	return out
}

// Commands is every `:` command that opens a view, in the order of All.
func Commands() []Command {
	var out []Command
	for _, d := range All {
		out = append(out, d.Commands...)
	}
	return out
}

// CommandView is the view command name opens.
func CommandView(name string) (Kind, Command, bool) {
	for _, d := range All {
		for _, c := range d.Commands {
			if c.Name == name {
				return d.Kind, c, true
			}
		}
	}
	return "", Command{}, false
}

// New returns an empty list for view k.
func New(k Kind, st *theme.Styles, km *keys.KeyMap) list.Model {
	d, _ := Get(k)
	l := list.New(d.Columns(), st, km)
	l.SetEmptyText(d.Empty)
	return l
}

// needApp refuses a command that needs an app when none is open.
func needApp(name string, h Here) error {
	if h.App == "" {
		return fmt.Errorf(":%s needs an app: :app NAME first", name)
	}
	return nil
}

// needRoom refuses a command that shows a room when none is open.
func needRoom(name string, h Here) (Target, error) {
	if h.Room == "" {
		return Target{}, fmt.Errorf(":%s shows a room: open one first (:room ID)", name)
	}
	return Target{App: h.App, Room: h.Room}, nil
}

func appNames(h Here) []string { return h.Apps }

func roomIDs(h Here) []string {
	out := make([]string, 0, len(h.Rooms))
	for _, r := range h.Rooms {
		out = append(out, clean(r.ID))
	}
	return out
}

// RoomArgs is what a room argument can be here: the current app's loaded
// room IDs, and APP/ and APP/ROOM for every app (rooms where loaded).
func RoomArgs(h Here) []string {
	out := roomIDs(h)
	if h.Room != "" { // the open room, even when its app's list is not loaded
		out = append(out, clean(h.Room), clean(h.App)+"/"+clean(h.Room))
	}
	for _, app := range h.Apps {
		out = append(out, clean(app)+"/")
		for _, r := range h.roomsOf(app) {
			out = append(out, clean(app)+"/"+clean(r.ID))
		}
	}
	return out
}

func memberIDs(h Here) []string {
	out := make([]string, 0, len(h.Members))
	for _, m := range h.Members {
		out = append(out, clean(m.UserID))
	}
	return out
}

// reachedIDs are the users an action reached, in a stable order.
func reachedIDs(a Applied) []string {
	out := make([]string, 0, len(a.Reached))
	for id := range a.Reached {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
