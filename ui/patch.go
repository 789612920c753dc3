package ui

import (
	"github.com/quell-console/quell/ui/list"
	"github.com/quell-console/quell/views"
)

// patchApplied shows an action's effect at once, before the vendor's lists
// catch up: each view of the action's app says what changed in its data
// (views.Def.Patch); the rows of the users it reached are patched in place
// (they keep their place and are marked changed), so a tab switch shows the
// same. The refresh that follows confirms or corrects.
func (m *Model) patchApplied(pa *pendingAction, applied []string) {
	if len(applied) == 0 {
		return
	}
	reached := make(map[string]bool, len(applied))
	for _, u := range applied {
		reached[u] = true
	}
	a := views.Applied{Req: pa.req, Reached: reached, Now: m.now}
	for _, s := range m.stack {
		def := s.def()
		if s.appName() != pa.req.App || def.Patch == nil {
			continue
		}
		p, ok := def.Patch(&s.data, s.target, a)
		if !ok {
			continue
		}
		l := s.list()
		// The patched countdowns start at m.now; drawn against the list's
		// older tick, a 10-minute mute read "10m01s" until the refresh
		// (which, for a large room, merges off the update loop and lands
		// later).
		l.SetNow(m.now)
		for id, c := range p.Changed {
			rows := def.Rows(&c.Data, m.now)
			l.Patch(id, func(r *list.Row) {
				if len(rows) == 1 {
					*r = rows[0]
					return
				}
				// The row leaves this tab at the next refresh; until then it
				// shows its new state, dimmed.
				r.Data, r.Tone = c.Subject, list.ToneDim
			})
		}
		dim(l, p.Gone)
		for _, k := range s.tabs() {
			if k != s.kind {
				s.dirty[k] = true
			}
		}
	}
}

// dim greys out rows whose subject is gone (kicked, removed, dismissed).
func dim(l *list.Model, ids []string) {
	for _, id := range ids {
		l.Patch(id, func(r *list.Row) { r.Tone = list.ToneDim })
	}
}
