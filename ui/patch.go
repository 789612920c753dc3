package ui

import (
	"slices"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/ui/list"
	"github.com/quell-console/quell/views"
)

// patchApplied shows an action's effect at once, before the vendor's lists
// catch up: the rows of the users it reached are patched in place (they keep
// their place and are marked changed) and the screens' data updated, so a
// tab switch shows the same. The refresh that follows confirms or corrects.
func (m *Model) patchApplied(pa *pendingAction, applied []string) {
	if len(applied) == 0 {
		return
	}
	reached := make(map[string]bool, len(applied))
	for _, u := range applied {
		reached[u] = true
	}
	for _, s := range m.stack {
		if s.appName() != pa.req.App {
			continue
		}
		switch {
		case family(s.kind) == "room" && s.room == pa.req.Room:
			m.patchRoom(s, pa, reached)
		case s.kind == views.Blacklist && s.owner == pa.req.Owner && pa.spec.Kind == backend.ActBlacklistRemove:
			s.data.Blacklist = slices.DeleteFunc(slices.Clone(s.data.Blacklist), func(e backend.BlacklistEntry) bool { return reached[e.UserID] })
			dim(s.list(), applied)
		case s.kind == views.Rooms && pa.spec.Kind == backend.ActDismiss:
			dim(s.list(), applied)
		}
	}
}

// newState is a member after the action, and whether they are still there:
// the action table's own effect (backend.ActionSpec.Apply).
func newState(mem backend.Member, pa *pendingAction, now time.Time) (backend.Member, bool) {
	return pa.spec.Apply(mem, pa.req, now)
}

func (m *Model) patchRoom(s *screen, pa *pendingAction, reached map[string]bool) {
	if pa.spec.RoomEffect != nil {
		s.data.Room = pa.spec.RoomEffect(s.data.Room)
	}
	after := map[string]backend.Member{} // every reached member's new state, gone or not
	updated := map[string]backend.Member{}
	gone := []string{}
	members := make([]backend.Member, 0, len(s.data.Members))
	for _, mem := range s.data.Members {
		if !reached[mem.UserID] {
			members = append(members, mem)
			continue
		}
		now, stays := newState(mem, pa, m.now)
		after[mem.UserID] = now
		if !stays {
			gone = append(gone, mem.UserID)
			continue
		}
		updated[mem.UserID] = now
		members = append(members, now)
	}
	s.data.Members = members
	if s.data.Banned != nil { // keep the vendor's banned list in step: a ban removes, an unban lifts
		banned := make([]backend.Member, 0, len(s.data.Banned))
		seen := map[string]bool{}
		for _, mem := range s.data.Banned {
			seen[mem.UserID] = true
			if reached[mem.UserID] {
				mem, _ = newState(mem, pa, m.now)
				if !mem.BannedUntil.After(m.now) {
					gone = append(gone, mem.UserID)
					continue
				}
			}
			banned = append(banned, mem)
		}
		for id, mem := range after {
			if !seen[id] && mem.BannedUntil.After(m.now) {
				banned = append(banned, mem)
			}
		}
		s.data.Banned = banned
	}
	if s.data.Muted != nil { // keep the vendor's muted list in step, users who left included
		muted := make([]backend.Member, 0, len(s.data.Muted))
		seen := map[string]bool{}
		for _, mem := range s.data.Muted {
			seen[mem.UserID] = true
			if reached[mem.UserID] {
				if mem, _ = newState(mem, pa, m.now); !mem.Muted(m.now) {
					continue
				}
			}
			muted = append(muted, mem)
		}
		for id, mem := range updated {
			if !seen[id] && mem.Muted(m.now) {
				muted = append(muted, mem)
			}
		}
		s.data.Muted = muted
	}
	def, _ := views.Get(s.kind)
	l := s.list()
	for id, mem := range updated {
		rows := def.Rows(&views.Data{Members: []backend.Member{mem}}, m.now)
		l.Patch(id, func(r *list.Row) {
			if len(rows) == 1 {
				*r = rows[0]
				return
			}
			// The row leaves this tab at the next refresh; until then it
			// shows its new state, dimmed.
			r.Data, r.Tone = mem, list.ToneDim
		})
	}
	dim(l, gone)
	for _, k := range s.tabs() {
		if k != s.kind {
			s.dirty[k] = true
		}
	}
}

// dim greys out rows whose subject is gone (kicked, removed, dismissed).
func dim(l *list.Model, ids []string) {
	for _, id := range ids {
		l.Patch(id, func(r *list.Row) { r.Tone = list.ToneDim })
	}
}

// leaveDismissed takes a dismissed room's screens off the stack. Left on
// the members view, the moderator saw the room go stale ("the live room
// does not exist") and could not tell whether the dismiss had worked; now
// they land on the app's rooms, which the load after the action refreshes.
func (m *Model) leaveDismissed(app, room string) {
	kept := m.stack[:1]
	for _, s := range m.stack[1:] {
		if family(s.kind) == "room" && s.appName() == app && s.room == room {
			m.reqs.forget(s.key())
			continue
		}
		kept = append(kept, s)
	}
	m.stack = kept
	m.top().list().SetNow(m.now)
}
