package zegoemu

import (
	"slices"
	"sort"
	"time"
)

// forever marks a mute with Duration -1.
var forever = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// app is one ZEGO app's state. Every field is guarded by Emulator.mu.
type app struct {
	id        uint64
	secret    string
	users     map[string]string // registered user ID → UserName
	userOrder []string          // registration order, for deterministic picks
	rooms     map[string]*room
	groups    map[string]*group
	blacklist map[string]map[string]int64 // owner → user → UpdateTime (ms)
	nonces    map[string]time.Time        // recently used SignatureNonces
	seq       uint64                      // join order shared by rooms and groups

	demoRooms, demoGroups []string // what SeedDemo created, in order

	rtcRooms     map[string]*room // RTC (Express) rooms: apart from ZIM's, as at ZEGO
	demoRTCRooms []string         // what SeedRTCDemo opened, in order
}

func newApp(a App) *app {
	return &app{id: a.AppID, secret: a.ServerSecret, users: map[string]string{}, rooms: map[string]*room{},
		groups: map[string]*group{}, blacklist: map[string]map[string]int64{}, nonces: map[string]time.Time{}}
}

func (a *app) register(id, name string) {
	if _, ok := a.users[id]; ok {
		if name != "" {
			a.users[id] = name
		}
		return
	}
	if name == "" {
		name = id
	}
	a.users[id] = name
	a.userOrder = append(a.userOrder, id)
}

// members is a join-ordered member list: paging cursors are join sequence
// numbers, so a page stays stable while others join and leave.
type members struct {
	list []member // ordered by seq
	at   map[string]uint64
}

type member struct {
	seq  uint64
	id   string
	role int // groups: 1 owner, 2 admin, 3 member
}

func (m *members) has(id string) bool { _, ok := m.at[id]; return ok }

func (m *members) add(seq uint64, id string, role int) bool {
	if m.at == nil {
		m.at = map[string]uint64{}
	}
	if m.has(id) {
		return false
	}
	m.at[id] = seq
	m.list = append(m.list, member{seq: seq, id: id, role: role})
	return true
}

func (m *members) remove(id string) bool {
	seq, ok := m.at[id]
	if !ok {
		return false
	}
	delete(m.at, id)
	i := sort.Search(len(m.list), func(i int) bool { return m.list[i].seq >= seq })
	m.list = slices.Delete(m.list, i, i+1)
	return true
}

// after returns up to n members joined after seq, and the cursor for the
// next page (0 when this page ends the list).
func (m *members) after(seq uint64, n int) ([]member, uint64) {
	i := sort.Search(len(m.list), func(i int) bool { return m.list[i].seq > seq })
	end := min(i+n, len(m.list))
	page := m.list[i:end]
	if end >= len(m.list) || len(page) == 0 {
		return page, 0
	}
	return page, page[len(page)-1].seq
}

func (m *members) role(id string) int {
	seq, ok := m.at[id]
	if !ok {
		return 0
	}
	i := sort.Search(len(m.list), func(i int) bool { return m.list[i].seq >= seq })
	return m.list[i].role
}

func (m *members) setRole(id string, role int) {
	seq, ok := m.at[id]
	if !ok {
		return
	}
	i := sort.Search(len(m.list), func(i int) bool { return m.list[i].seq >= seq })
	m.list[i].role = role
}

type room struct {
	id string
	members
}

type group struct {
	id    string
	name  string // GroupName; attacker-controlled in the real cloud
	mutes map[string]time.Time
	// allMuted: MuteGroup with IsAllMuted until then (zero: not muted)
	allMuted time.Time
	members
}

func (a *app) nextSeq() uint64 { a.seq++; return a.seq }

func (a *app) room(id string) *room {
	r := a.rooms[id]
	if r == nil {
		r = &room{id: id}
		a.rooms[id] = r
	}
	return r
}

func (a *app) group(id string) *group {
	g := a.groups[id]
	if g == nil {
		g = &group{id: id, mutes: map[string]time.Time{}}
		a.groups[id] = g
	}
	return g
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// App is a ZEGO app the emulator serves.
type App struct {
	AppID        uint64
	ServerSecret string
}

// AddApp adds (or resets) an app with no users, rooms or groups.
func (e *Emulator) AddApp(a App) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.apps[a.AppID] = newApp(a)
}

// with runs f on appID's state under the lock; unknown apps are ignored.
func (e *Emulator) with(appID uint64, f func(a *app)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if a := e.apps[appID]; a != nil {
		f(a)
	}
}

// RegisterUsers registers user IDs (named after themselves) with ZIM.
func (e *Emulator) RegisterUsers(appID uint64, ids ...string) {
	e.with(appID, func(a *app) {
		for _, id := range ids {
			a.register(id, "")
		}
	})
}

// RegisterUser registers one user with a UserName (which may be hostile).
func (e *Emulator) RegisterUser(appID uint64, id, name string) {
	e.with(appID, func(a *app) { a.register(id, name) })
}

// AddRoom creates the ZIM room if needed and joins members (registering them).
func (e *Emulator) AddRoom(appID uint64, roomID string, memberIDs ...string) {
	e.with(appID, func(a *app) {
		r := a.room(roomID)
		for _, id := range memberIDs {
			a.register(id, "")
			r.add(a.nextSeq(), id, 0)
		}
	})
}

// AddGroup creates the group if needed with owner (role 1) and members (role 3).
func (e *Emulator) AddGroup(appID uint64, groupID, owner string, memberIDs ...string) {
	e.with(appID, func(a *app) {
		g := a.group(groupID)
		if owner != "" {
			a.register(owner, "")
			if !g.add(a.nextSeq(), owner, 1) {
				g.setRole(owner, 1)
			}
		}
		for _, id := range memberIDs {
			a.register(id, "")
			g.add(a.nextSeq(), id, 3)
		}
	})
}

// SetGroupRole makes a member an owner (1), admin (2) or member (3), adding them if absent.
func (e *Emulator) SetGroupRole(appID uint64, groupID, user string, role int) {
	e.with(appID, func(a *app) {
		g := a.group(groupID)
		a.register(user, "")
		if !g.add(a.nextSeq(), user, role) {
			g.setRole(user, role)
		}
	})
}

// Blacklisted reports whether user is on owner's blacklist.
func (e *Emulator) Blacklisted(appID uint64, owner, user string) (ok bool) {
	e.with(appID, func(a *app) { _, ok = a.blacklist[owner][user] })
	return ok
}

// AddToBlacklist puts users on owner's blacklist directly (tests, seeding).
func (e *Emulator) AddToBlacklist(appID uint64, owner string, users ...string) {
	now := e.env.Now().UnixMilli()
	e.with(appID, func(a *app) {
		if a.blacklist[owner] == nil {
			a.blacklist[owner] = map[string]int64{}
		}
		for _, u := range users {
			a.blacklist[owner][u] = now
		}
	})
}

// InRoom reports whether user is in the ZIM room.
func (e *Emulator) InRoom(appID uint64, roomID, user string) (ok bool) {
	e.with(appID, func(a *app) {
		if r := a.rooms[roomID]; r != nil {
			ok = r.has(user)
		}
	})
	return ok
}

// InGroup reports whether user is a member of the group.
func (e *Emulator) InGroup(appID uint64, groupID, user string) (ok bool) {
	e.with(appID, func(a *app) {
		if g := a.groups[groupID]; g != nil {
			ok = g.has(user)
		}
	})
	return ok
}

// GroupMutedUntil is when user's mute in the group ends: zero when not
// muted (or expired), year 9999 for Duration -1.
func (e *Emulator) GroupMutedUntil(appID uint64, groupID, user string) (t time.Time) {
	now := e.env.Now()
	e.with(appID, func(a *app) {
		if g := a.groups[groupID]; g != nil {
			if u, ok := g.mutes[user]; ok && u.After(now) {
				t = u
			}
		}
	})
	return t
}

// RoomExists reports whether the ZIM room exists.
func (e *Emulator) RoomExists(appID uint64, roomID string) (ok bool) {
	e.with(appID, func(a *app) { _, ok = a.rooms[roomID] })
	return ok
}

// GroupExists reports whether the group exists.
func (e *Emulator) GroupExists(appID uint64, groupID string) (ok bool) {
	e.with(appID, func(a *app) { _, ok = a.groups[groupID] })
	return ok
}

// RoomSize is the number of users in a ZIM room (-1 when it does not exist).
func (e *Emulator) RoomSize(appID uint64, roomID string) (n int) {
	n = -1
	e.with(appID, func(a *app) {
		if r := a.rooms[roomID]; r != nil {
			n = len(r.list)
		}
	})
	return n
}
