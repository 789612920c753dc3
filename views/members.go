package views

import (
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
)

func memberOf(r *list.Row) backend.Member { m, _ := r.Data.(backend.Member); return m }

func mutedAt(r *list.Row) time.Time  { return memberOf(r).MutedUntil }
func bannedAt(r *list.Row) time.Time { return memberOf(r).BannedUntil }
func joinedAt(r *list.Row) time.Time { return memberOf(r).JoinedAt }

// MergeMuted copies the vendor's muted list into the members' MutedUntil, so
// the all-members tab shows mutes the member list itself does not carry.
// Members is copied, not changed.
func MergeMuted(members, muted []backend.Member) []backend.Member {
	if len(muted) == 0 {
		return members
	}
	until := make(map[string]time.Time, len(muted))
	for _, m := range muted {
		until[m.UserID] = m.MutedUntil
	}
	out := make([]backend.Member, len(members))
	for i, m := range members {
		if u, ok := until[m.UserID]; ok && u.After(m.MutedUntil) {
			m.MutedUntil = u
		}
		out[i] = m
	}
	return out
}

// MembersTab is the members tab's label: "members 1,000 of 19,976" when the
// vendor listed only part of the room, else "members N" for the n rows.
// MembersCap is the rest of the story ("the vendor lists at most 1,000"),
// "" when the list is complete: a capped list must never pass for the room.
func MembersTab(d *Data, n int) string {
	if !d.MemberCount.Capped {
		return "members " + strconv.Itoa(n)
	}
	return "members " + backend.Thousands(len(d.Members)) + " of " + backend.Thousands(d.MemberCount.Total)
}

// MembersCap says why a capped member list is short; "" when it is not.
func MembersCap(d *Data) string {
	if !d.MemberCount.Capped || d.MemberCount.Limit <= 0 {
		return ""
	}
	return "the vendor lists at most " + backend.Thousands(d.MemberCount.Limit)
}

// MemberTone colours a row by the strongest state the member is in.
func MemberTone(m backend.Member, now time.Time) list.Tone {
	switch {
	case m.BannedUntil.After(now):
		return list.ToneBanned
	case m.AVBlock != backend.AVNone:
		return list.ToneBlocked
	case m.Muted(now):
		return list.ToneMuted
	}
	return list.ToneNormal
}

func avCell(b backend.AVBlock) string {
	if b == backend.AVNone {
		return ""
	}
	return b.String()
}

func userColumns(extra ...list.Column) []list.Column {
	cols := []list.Column{
		{Title: "USER", Min: 10, Flex: 2, Less: func(a, b *list.Row) bool { return memberOf(a).UserID < memberOf(b).UserID }},
		{Title: "NAME", Min: 10, Flex: 2},
	}
	return append(cols, extra...)
}

func mutedCol(title string) list.Column {
	return list.Column{Title: title, Min: 9, Right: true, Live: liveRemaining(mutedAt),
		Less: func(a, b *list.Row) bool { return timeLess(mutedAt(a), mutedAt(b)) }}
}

func bannedCol(title string) list.Column {
	return list.Column{Title: title, Min: 10, Right: true, Live: liveRemaining(bannedAt),
		Less: func(a, b *list.Row) bool { return timeLess(bannedAt(a), bannedAt(b)) }}
}

// MemberRow builds a row of a member view; cells is the view's own part.
func MemberRow(m backend.Member, now time.Time, cells ...string) list.Row {
	id, name := clean(m.UserID), clean(m.Name)
	return list.Row{
		ID:     m.UserID,
		Cells:  append([]string{id, name}, cells...),
		Search: id + " " + name,
		Tone:   MemberTone(m, now),
		Data:   m,
	}
}

var _ = register(Def{
	Kind: Members, Title: "members", Users: true,
	Columns: func() []list.Column {
		return userColumns(
			list.Column{Title: "ROLE", Min: 6, Flex: 1},
			list.Column{Title: "JOINED", Min: 6, Right: true, Live: liveAgo(joinedAt),
				Less: func(a, b *list.Row) bool { return timeLess(joinedAt(b), joinedAt(a)) }},
			mutedCol("MUTED"),
			bannedCol("BANNED"),
			list.Column{Title: "AV BLOCK", Min: 8},
		)
	},
	Empty: "no members in this room",
	Rows: func(d *Data, now time.Time) []list.Row {
		rows := make([]list.Row, len(d.Members))
		for i, m := range d.Members {
			rows[i] = MemberRow(m, now, clean(m.Role), stamp(m.JoinedAt),
				stamp(m.MutedUntil), stamp(m.BannedUntil), avCell(m.AVBlock))
		}
		return rows
	},
})

var _ = register(Def{
	Kind: Muted, Title: "muted", Users: true,
	Columns: func() []list.Column {
		return userColumns(
			mutedCol("MUTED FOR"),
			list.Column{Title: "UNTIL", Min: 11, Less: func(a, b *list.Row) bool { return timeLess(mutedAt(a), mutedAt(b)) }},
			list.Column{Title: "IN ROOM", Min: 7},
		)
	},
	Empty: "nobody is muted in this room",
	Rows: func(d *Data, now time.Time) []list.Row {
		present := make(map[string]backend.Member, len(d.Members))
		for _, m := range d.Members {
			present[m.UserID] = m
		}
		muted := d.Muted
		if muted == nil { // the vendor has no muted list: what the members say
			for _, m := range d.Members {
				if m.Muted(now) {
					muted = append(muted, m)
				}
			}
		}
		rows := make([]list.Row, 0, len(muted))
		for _, m := range muted {
			if !m.Muted(now) {
				continue
			}
			in := ""
			if p, ok := present[m.UserID]; ok {
				in = "yes"
				p.MutedUntil = m.MutedUntil
				m = p
			}
			rows = append(rows, MemberRow(m, now, stamp(m.MutedUntil), until(m.MutedUntil, now), in))
		}
		return rows
	},
})

var _ = register(Def{
	Kind: Banned, Title: "banned", Users: true,
	Columns: func() []list.Column {
		return userColumns(
			bannedCol("BANNED FOR"),
			list.Column{Title: "AV BLOCK", Min: 8},
			mutedCol("MUTED"),
		)
	},
	Empty: "nobody in this room is banned or blocked",
	Rows: func(d *Data, now time.Time) []list.Row {
		var rows []list.Row
		for _, m := range d.Members {
			if !m.BannedUntil.After(now) && m.AVBlock == backend.AVNone {
				continue
			}
			rows = append(rows, MemberRow(m, now, stamp(m.BannedUntil), avCell(m.AVBlock), stamp(m.MutedUntil)))
		}
		return rows
	},
})

// until writes an end time as a clock time, or "forever".
func until(t, now time.Time) string {
	if backend.IsForever(t) {
		return "forever"
	}
	return Clock(t, now)
}
