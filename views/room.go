package views

import (
	"context"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

// roomFamily is the family of a room's tabs (members, muted, banned): one
// load of the room's members and mutes feeds them all.
const roomFamily = "room"

// roomTab is what a room's tabs share; each tab adds its kind, columns,
// rows and command.
func roomTab(k Kind, title string) Def {
	return Def{
		Kind: k, Title: title, Family: roomFamily,
		Scope:  keys.ScopeUsers | keys.ScopeRoom,
		Under:  func(t Target) (Kind, Target) { return Rooms, Target{App: t.App} },
		Load:   loadRoom,
		Patch:  patchRoom,
		Detail: memberDetail,
	}
}

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

// maybeMark is the "?" after a cell whose state quell sent with no answer
// and the vendor cannot list (backend.Member.Maybe): it may be applied.
func maybeMark(cell string, m backend.Member, kind string) string {
	if m.Maybe == "" || m.MaybeKind != kind {
		return cell
	}
	if cell == "" {
		return "? " + m.Maybe
	}
	return cell + " ?"
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

// until writes an end time as a clock time, or "forever".
func until(t, now time.Time) string {
	if backend.IsForever(t) {
		return "forever"
	}
	return Clock(t, now)
}

// loadRoom lists a room's members and, where the vendor can, its muted
// users; the tabs show both merged.
func loadRoom(ctx context.Context, src Source) (Fill, error) {
	prov, room := src.Provider, src.Target.Room
	listMuted := prov.App().Caps.Can(backend.CapListMuted)
	var members, muted []backend.Member
	var err, mutedErr error
	done := make(chan struct{})
	if listMuted { // both lists at once: the refresh takes the longer, not the sum
		go func() {
			defer close(done)
			muted, mutedErr = prov.ListMuted(ctx, room)
			if muted == nil && mutedErr == nil {
				muted = []backend.Member{}
			}
		}()
	} else {
		close(done)
	}
	var count backend.MemberCount
	members, count, err = backend.ListMembersCounted(ctx, prov, room)
	<-done
	if err == nil {
		err = mutedErr
	}
	var banned []backend.Member // nil when the vendor cannot list bans
	if bl, ok := prov.(backend.BanLister); ok && err == nil && prov.App().Caps.Can(backend.CapListBanned) {
		banned, err = bl.ListBanned(ctx, room)
	}
	var info backend.Room
	if ri, ok := prov.(backend.RoomInfoer); ok && err == nil {
		info, _ = ri.RoomInfo(ctx, room) // only the header's "everyone muted" depends on it
	}
	return func(d *Data) {
		d.Members = MergeMuted(members, muted)
		d.MemberCount = count
		d.Muted = muted // nil when the vendor cannot list mutes
		d.Banned, d.Room = banned, info
	}, err
}

// newState is a member after the action, and whether they are still there:
// the action table's own effect (backend.ActionSpec.Apply).
func newState(mem backend.Member, req backend.ActionRequest, now time.Time) (backend.Member, bool) {
	spec, ok := backend.Spec(req.Kind)
	if !ok {
		return mem, true
	}
	return spec.Apply(mem, req, now)
}

// patchRoom shows an action on a room's users: members reached take their
// new state (kicked ones are gone) and the vendor's muted list is kept in
// step, users who left included.
func patchRoom(d *Data, t Target, a Applied) (Patched, bool) {
	if t.Room != a.Req.Room {
		return Patched{}, false
	}
	reached, now := a.Reached, a.Now
	if spec, ok := backend.Spec(a.Req.Kind); ok && spec.RoomEffect != nil {
		d.Room = spec.RoomEffect(d.Room)
	}
	after := map[string]backend.Member{} // every reached member's new state, gone or not
	updated := map[string]backend.Member{}
	gone := []string{}
	members := make([]backend.Member, 0, len(d.Members))
	for _, mem := range d.Members {
		if !reached[mem.UserID] {
			members = append(members, mem)
			continue
		}
		state, stays := newState(mem, a.Req, now)
		after[mem.UserID] = state
		if !stays {
			gone = append(gone, mem.UserID)
			continue
		}
		updated[mem.UserID] = state
		members = append(members, state)
	}
	d.Members = members
	if d.Banned != nil { // keep the vendor's banned list in step: a ban removes, an unban lifts
		banned := make([]backend.Member, 0, len(d.Banned))
		seen := map[string]bool{}
		for _, mem := range d.Banned {
			seen[mem.UserID] = true
			if reached[mem.UserID] {
				mem, _ = newState(mem, a.Req, now)
				if !mem.BannedUntil.After(now) {
					gone = append(gone, mem.UserID)
					continue
				}
			}
			banned = append(banned, mem)
		}
		for id, mem := range after {
			if !seen[id] && mem.BannedUntil.After(now) {
				banned = append(banned, mem)
			}
		}
		d.Banned = banned
	}
	if d.Muted != nil { // keep the vendor's muted list in step, users who left included
		muted := make([]backend.Member, 0, len(d.Muted))
		seen := map[string]bool{}
		for _, mem := range d.Muted {
			seen[mem.UserID] = true
			if reached[mem.UserID] {
				if mem, _ = newState(mem, a.Req, now); !mem.Muted(now) {
					continue
				}
			}
			muted = append(muted, mem)
		}
		for id, mem := range updated {
			if !seen[id] && mem.Muted(now) {
				muted = append(muted, mem)
			}
		}
		d.Muted = muted
	}
	p := Patched{Changed: make(map[string]Change, len(updated)), Gone: gone}
	for id, mem := range updated {
		p.Changed[id] = Change{Data: Data{Members: []backend.Member{mem}}, Subject: mem}
	}
	return p, true
}
