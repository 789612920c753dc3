package zegoemu

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Demo data shape. The lobby is the 20,000-member room the issue asks for.
const (
	demoUsers    = 24000
	demoOperator = "admin-bot"
	demoOwner    = "owner-1"
	lobbySize    = 20000
)

// hostileNames carry terminal escape sequences, bidi overrides and control
// characters: a console that prints them raw can be taken over.
var hostileNames = []string{
	"\x1b[2J\x1b[Hroot@prod:~# ",
	"\x1b]0;you have been owned\x07mallory",
	"\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
	"bob\x1b[8m hidden text",
	"\u202egnp.exe",
	"line1\nline2\rover",
	"\u009b31mred via C1",
	"bell\x07\x07tab\there",
	"\x1b[31;1;5mFLASHING\x1b[0m",
	"\x1bP+q544e\x1b\\dcs",
}

// unicodeNames are ordinary names from many scripts, emoji included.
var unicodeNames = []string{
	"小明", "Zoë Ångström", "محمد", "Дмитрий", "さくら🌸", "👩‍🚀 astronaut", "José", "Nguyễn Văn A",
	"😀😀😀", "Łukasz", "Ελένη", "김민준", "ชัยวัฒน์", "Ölüdeniz", "אברהם", "Ana María",
}

var plainNames = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "wendy"}

// demoUserID is the n-th demo user (1-based).
func demoUserID(n int) string { return fmt.Sprintf("u%05d", n) }

func (e *Emulator) demoName(n int) string {
	switch {
	case n%997 == 0:
		return hostileNames[e.env.IntN(len(hostileNames))]
	case n%501 == 0:
		return strings.Repeat("very-long-display-name-", 8) + fmt.Sprint(n)
	case n%7 == 0:
		return unicodeNames[e.env.IntN(len(unicodeNames))]
	}
	return fmt.Sprintf("%s-%d", plainNames[e.env.IntN(len(plainNames))], n)
}

// SeedDemo fills an app added with AddApp with registered users, ZIM rooms
// (lobby with 20,000 members, stage-1, stage-2, …), groups and blacklists.
// It draws from the env's seeded random source, so a seed gives the same data.
func (e *Emulator) SeedDemo(appID uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[appID]
	if a == nil {
		return
	}
	for n := 1; n <= demoUsers; n++ {
		a.register(demoUserID(n), e.demoName(n))
	}
	a.register(demoOperator, "Moderation bot")
	a.register(demoOwner, "Room owner")

	rooms := []struct {
		id   string
		size int
	}{
		{"lobby", lobbySize},
		{"stage-1", 5 + e.env.IntN(10)},
		{"stage-2", 40 + e.env.IntN(60)},
		{"stage-3", 300 + e.env.IntN(300)},
		{"stage-4", 1200 + e.env.IntN(800)},
		{"stage-5", 3000 + e.env.IntN(2000)},
		{"q&a:live", 20 + e.env.IntN(30)},
	}
	for _, r := range rooms {
		rm := a.room(r.id)
		for _, u := range e.pickUsers(r.size) {
			rm.add(a.nextSeq(), u, 0)
		}
		a.demoRooms = append(a.demoRooms, r.id)
	}

	groups := []struct {
		id, name string
		size     int
	}{
		{"fans-club", "Fans club ⭐", 3000 + e.env.IntN(500)},
		{"moderators", "Moderators", 12},
		{"vip-lounge", "\x1b]0;owned\x07VIP lounge", 200 + e.env.IntN(100)},
		{"beta#testers", "Beta testers", 60},
	}
	for _, g := range groups {
		gr := a.group(g.id)
		gr.name = g.name
		gr.add(a.nextSeq(), demoOwner, 1)
		gr.add(a.nextSeq(), demoOperator, 2)
		for _, u := range e.pickUsers(g.size) {
			gr.add(a.nextSeq(), u, 3)
		}
		a.demoGroups = append(a.demoGroups, g.id)
	}
	// A few standing mutes, one of them permanent.
	fans := a.groups["fans-club"]
	now := e.env.Now()
	for i, m := range fans.list[2:8] {
		until := now.Add(time.Duration(5+i*10) * time.Minute)
		if i == 0 {
			until = forever
		}
		fans.mutes[m.id] = until
	}

	ms := now.UnixMilli()
	for _, owner := range []string{demoOperator, demoUserID(1)} {
		bl := map[string]int64{}
		for i, u := range e.pickUsers(15 + e.env.IntN(20)) {
			if u != owner {
				bl[u] = ms - int64(i)*60_000
			}
		}
		a.blacklist[owner] = bl
	}
}

// pickUsers draws n distinct demo users. Callers hold e.mu.
func (e *Emulator) pickUsers(n int) []string {
	n = min(n, demoUsers)
	if n > demoUsers/2 {
		// Dense rooms: a random rotation of the whole pool, cut to n.
		start := e.env.IntN(demoUsers)
		out := make([]string, n)
		for i := range out {
			out[i] = demoUserID((start+i)%demoUsers + 1)
		}
		return out
	}
	seen := make(map[int]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		k := e.env.IntN(demoUsers) + 1
		if !seen[k] {
			seen[k] = true
			out = append(out, demoUserID(k))
		}
	}
	return out
}

// DemoRooms are the ZIM rooms SeedDemo created, for a config's watch list.
func (e *Emulator) DemoRooms(appID uint64) (ids []string) {
	e.with(appID, func(a *app) { ids = append(ids, a.demoRooms...) })
	return ids
}

// DemoGroups are the groups SeedDemo created, for a config's watch list.
func (e *Emulator) DemoGroups(appID uint64) (ids []string) {
	e.with(appID, func(a *app) { ids = append(ids, a.demoGroups...) })
	return ids
}

// Churn moves the world on: users join and leave rooms and groups, and
// group mutes that ended are lifted. Call it every second or so.
func (e *Emulator) Churn(now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids := make([]uint64, 0, len(e.apps))
	for id := range e.apps {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := e.apps[id]
		if len(a.userOrder) == 0 {
			continue
		}
		for _, rid := range sortedKeys(a.rooms) {
			e.churn(a, &a.rooms[rid].members, 4, 0)
		}
		for _, rid := range sortedKeys(a.rtcRooms) {
			e.churn(a, &a.rtcRooms[rid].members, 3, 2) // audience comes and goes
		}
		for _, gid := range sortedKeys(a.groups) {
			g := a.groups[gid]
			e.churn(a, &g.members, 2, 3)
			for u, until := range g.mutes {
				if !until.After(now) {
					delete(g.mutes, u)
				}
			}
		}
	}
}

// churn makes up to max-1 users leave and as many join. Owners and admins
// stay, and a room never empties by churn alone.
func (e *Emulator) churn(a *app, m *members, max, role int) {
	for range e.env.IntN(max) {
		if len(m.list) <= 2 {
			break
		}
		v := m.list[e.env.IntN(len(m.list))]
		if v.role == 1 || v.role == 2 {
			continue
		}
		m.remove(v.id)
	}
	for range e.env.IntN(max) {
		u := a.userOrder[e.env.IntN(len(a.userOrder))]
		m.add(a.nextSeq(), u, role)
	}
}
