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

// newState is a member after the action, and whether they are still there.
func newState(mem backend.Member, pa *pendingAction, now time.Time) (backend.Member, bool) {
	switch pa.spec.Kind {
	case backend.ActMute:
		mem.MutedUntil = backend.Forever
		if !pa.req.Forever {
			mem.MutedUntil = now.Add(pa.req.Duration)
		}
	case backend.ActUnmute:
		mem.MutedUntil = time.Time{}
	case backend.ActBlock:
		mem.AVBlock = pa.req.AVMode
		if mem.AVBlock == backend.AVNone {
			mem.AVBlock = backend.AVAll
		}
	case backend.ActUnblock:
		mem.AVBlock = backend.AVNone
	case backend.ActKick:
		return mem, false
	}
	return mem, true
}

func (m *Model) patchRoom(s *screen, pa *pendingAction, reached map[string]bool) {
	updated := map[string]backend.Member{}
	gone := []string{}
	members := make([]backend.Member, 0, len(s.data.Members))
	for _, mem := range s.data.Members {
		if !reached[mem.UserID] {
			members = append(members, mem)
			continue
		}
		after, stays := newState(mem, pa, m.now)
		if !stays {
			gone = append(gone, mem.UserID)
			continue
		}
		updated[mem.UserID] = after
		members = append(members, after)
	}
	s.data.Members = members
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
	// The patched countdowns start at m.now; drawn against the list's older
	// tick, a 10-minute mute read "10m01s" until the refresh (which, for a
	// large room, now merges off the update loop and lands later).
	l.SetNow(m.now)
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
