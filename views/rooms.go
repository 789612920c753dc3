package views

import (
	"context"
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

// Rooms is an app's rooms.
const Rooms Kind = "rooms"

func roomOf(r *list.Row) backend.Room { room, _ := r.Data.(backend.Room); return room }

var roomsView = Def{
	Kind:  Rooms,
	Title: "rooms",
	// A room action (dismiss) takes the room under the cursor.
	Scope:    keys.ScopeRoom,
	RoomRows: true,
	Heading: func(t Target, _ *Data) string {
		return "Rooms of " + clean(t.App) + " — enter opens a room"
	},
	Columns: func() []list.Column {
		return []list.Column{
			{Title: "ROOM", Min: 10, Flex: 2, Less: func(a, b *list.Row) bool { return roomOf(a).ID < roomOf(b).ID }},
			{Title: "NAME", Min: 10, Flex: 3},
			{Title: "MEMBERS", Min: 7, Right: true, Less: func(a, b *list.Row) bool { return roomOf(a).Members < roomOf(b).Members }},
			// Chat live rooms count views (ViewCount: every visit since the
			// room opened), not members; they get their own column so one
			// never passes for the other (providers.md §2).
			{Title: "VIEWS", Min: 5, Right: true, Less: func(a, b *list.Row) bool { return roomOf(a).Views < roomOf(b).Views }},
			{Title: "LIVE", Min: 4},
			{Title: "AGE", Min: 5, Right: true, Less: func(a, b *list.Row) bool { return timeLess(roomOf(b).CreatedAt, roomOf(a).CreatedAt) },
				Live: liveAgo(func(r *list.Row) time.Time { return roomOf(r).CreatedAt })},
			{Title: "OWNER", Min: 8, Flex: 1},
		}
	},
	Empty: "no rooms: none is open on this app (ZEGO ZIM-room apps list only watched rooms: `:watch ROOM`)",
	Rows: func(d *Data, _ time.Time) []list.Row {
		rows := make([]list.Row, len(d.Rooms))
		for i, r := range d.Rooms {
			members, views := "", ""
			if r.Members >= 0 {
				members = strconv.Itoa(r.Members)
			}
			if r.ViewsKnown {
				views = strconv.Itoa(r.Views)
			}
			live := ""
			if r.Live {
				live = "●"
			}
			id, name, owner := clean(r.ID), clean(r.Name), clean(r.Owner)
			rows[i] = list.Row{
				ID:     r.ID,
				Cells:  []string{id, name, members, views, live, stamp(r.CreatedAt), owner},
				Search: id + " " + name + " " + owner,
				Data:   r,
			}
		}
		return rows
	},
	Under: func(Target) (Kind, Target) { return Apps, Target{} },
	Load: func(ctx context.Context, src Source) (Fill, error) {
		rooms, err := src.Provider.ListRooms(ctx)
		return func(d *Data) { d.Rooms = rooms }, err
	},
	Open: func(t Target, r *list.Row) (Kind, Target, bool) {
		return Members, Target{App: t.App, Room: r.ID}, true
	},
	Commands: []Command{
		{Name: "app", Arg: "NAME", Help: "open an app's rooms (a unique prefix will do)", Complete: appNames,
			Target: func(h Here, arg string) (Target, error) {
				app, err := ResolveApp(h, arg)
				return Target{App: app}, err
			}},
		{Name: "rooms", Help: "rooms of the current app",
			Target: func(h Here, _ string) (Target, error) { return Target{App: h.App}, needApp("rooms", h) }},
	},
	// A dismissed room stays, greyed out, until the refresh drops it.
	Patch: func(_ *Data, _ Target, a Applied) (Patched, bool) {
		if spec, ok := backend.Spec(a.Req.Kind); !ok || !spec.EndsRoom {
			return Patched{}, false
		}
		return Patched{Gone: reachedIDs(a)}, true
	},
}
