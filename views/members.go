package views

import (
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

// Members is every member of a room: the first tab of a room.
const Members Kind = "members"

var membersView = func() Def {
	d := roomTab(Members, "members")
	d.Columns = memberColumns
	d.Empty = "no members in this room"
	d.Rows = func(d *Data, now time.Time) []list.Row { return memberRows(d.Members, now) }
	d.TabLabel, d.Notice = membersTab, membersCap
	d.Commands = []Command{
		{Name: "room", Arg: "ID", Help: "open a room of the current app, or APP/ID of any (a unique prefix will do)",
			Complete: RoomArgs,
			Target:   func(h Here, arg string) (Target, error) { return ResolveRoom(h, arg) }},
		{Name: "members", Help: "all members of the current room",
			Target: func(h Here, _ string) (Target, error) { return needRoom("members", h) }},
	}
	return d
}()

// memberColumns are the columns of a tab listing members in the room (all
// of them, or the new ones): role, joined and every state.
func memberColumns() []list.Column {
	return userColumns(
		list.Column{Title: "ROLE", Min: 6, Flex: 1},
		list.Column{Title: "JOINED", Min: 6, Right: true, Live: liveAgo(joinedAt),
			Less: func(a, b *list.Row) bool { return timeLess(joinedAt(b), joinedAt(a)) }},
		mutedCol("MUTED"),
		bannedCol("BANNED"),
		list.Column{Title: "AV BLOCK", Min: 8},
	)
}

// memberRows are members as rows under memberColumns.
func memberRows(members []backend.Member, now time.Time) []list.Row {
	rows := make([]list.Row, len(members))
	for i, m := range members {
		rows[i] = MemberRow(m, now, clean(m.Role), stamp(m.JoinedAt),
			maybeMark(stamp(m.MutedUntil), m, backend.UnsureMute), stamp(m.BannedUntil),
			maybeMark(avCell(m.AVBlock), m, backend.UnsureAV))
	}
	return rows
}

// membersTab is the members tab's label: "members 1,000 of 19,976" when the
// vendor listed only part of the room, else "members N" for the n rows.
func membersTab(d *Data, n int) string {
	if !d.MemberCount.Capped {
		return "members " + strconv.Itoa(n)
	}
	return "members " + backend.Thousands(len(d.Members)) + " of " + backend.Thousands(d.MemberCount.Total)
}

// membersCap says why a capped member list is short ("the vendor lists at
// most 1,000"); "" when it is complete: a capped list must never pass for
// the room.
func membersCap(d *Data) string {
	if !d.MemberCount.Capped || d.MemberCount.Limit <= 0 {
		return ""
	}
	return "the vendor lists at most " + backend.Thousands(d.MemberCount.Limit)
}
