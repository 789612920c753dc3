package chatemu

import "fmt"

// Stir moves a group or live room along faster than Churn, for soak tests:
// n members leave, n new ones join (so the room keeps its size) and n
// members are muted for 2 to 30 seconds; mutes that have ended are
// dropped (a mute outlives its user's leaving, as forbid_send_msg does, so
// only its end bounds the list). Each call's joiners are new users, never seen before, as in a
// big room where people come and go all the time. It reports whether the
// room exists.
func (e *Emulator) Stir(sdkAppID uint64, room string, n int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return false
	}
	var members *roster
	var muted map[string]int64
	roles := map[string]string{} // a live room has none: a scratch map
	keep := ""
	switch {
	case a.groups[room] != nil:
		g := a.groups[room]
		members, muted, roles, keep = g.members, g.muted, g.roles, g.Owner
	case a.live[room] != nil:
		members, muted = a.live[room].members, a.live[room].muted
	default:
		return false
	}
	t := e.env.Now().Unix()
	expire(muted, t)
	for range n {
		if members.len() > 1 {
			if u := members.ids[e.env.IntN(members.len())]; u != keep {
				members.remove(u)
				delete(roles, u)
			}
		}
		e.stirred++
		u := fmt.Sprintf("%s-s%07d", room, e.stirred)
		members.add(u, t)
		roles[u] = "Member"
		if members.len() > 0 {
			muted[members.ids[e.env.IntN(members.len())]] = t + 2 + int64(e.env.IntN(29))
		}
	}
	return true
}
