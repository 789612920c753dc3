package chatemu

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// roster is an ordered member set with O(1) add, remove and lookup, big
// enough for a 20,000-member group. Removal moves the last member into the
// hole, as a real server's order is not stable either.
type roster struct {
	ids    []string
	idx    map[string]int
	joined map[string]int64
}

func newRoster() *roster { return &roster{idx: map[string]int{}, joined: map[string]int64{}} }

func (r *roster) add(id string, at int64) bool {
	if _, ok := r.idx[id]; ok {
		return false
	}
	r.idx[id] = len(r.ids)
	r.ids = append(r.ids, id)
	r.joined[id] = at
	return true
}

func (r *roster) remove(id string) bool {
	i, ok := r.idx[id]
	if !ok {
		return false
	}
	last := len(r.ids) - 1
	r.ids[i] = r.ids[last]
	r.idx[r.ids[i]] = i
	r.ids = r.ids[:last]
	delete(r.idx, id)
	delete(r.joined, id)
	return true
}

func (r *roster) has(id string) bool { _, ok := r.idx[id]; return ok }
func (r *roster) len() int           { return len(r.ids) }

type liveRoom struct {
	ID, Name, Owner string
	Created         int64
	seq             int // creation order, the tie-break of get_room_list
	members         *roster
	muted           map[string]int64 // user → MutedUntil (unix s)
	banned          map[string]int64 // user → BannedUntil
	msgDisabled     bool

	// views is ViewCount: how many times the room was viewed (every join
	// counts), not who is in it; get_room_list sorts by it.
	views int
}

type group struct {
	ID, Name, Type, Owner string
	Created               int64
	seq                   int // creation order, the get_appid_group_list cursor
	members               *roster
	roles                 map[string]string
	// muted outlives membership: forbid_send_msg survives leave and rejoin.
	muted   map[string]int64
	muteAll bool
	// banned: ban_group_member removes the users and keeps them out until
	// the ban ends.
	banned map[string]int64
}

type blocklist struct {
	order []string
	since map[string]int64
}

// appState is everything one SDKAppID holds.
type appState struct {
	App
	live       map[string]*liveRoom
	liveOrder  []string
	groups     map[string]*group
	groupOrder []string
	black      map[string]*blocklist
	destroyed  map[string]bool // dismissed group IDs: 10010 rather than 10015
	serial     int             // for cursors and generated IDs
}

// name is the current field name, or its older spelling for a LegacyNames app.
func (a *appState) name(current, legacy string) string {
	if a.LegacyNames {
		return legacy
	}
	return current
}

func newAppState(a App) *appState {
	return &appState{App: a, live: map[string]*liveRoom{}, groups: map[string]*group{},
		black: map[string]*blocklist{}, destroyed: map[string]bool{}}
}

func (a *appState) addLive(r *liveRoom) {
	if old, ok := a.live[r.ID]; ok {
		r.seq = old.seq
	} else {
		a.serial++
		r.seq = a.serial
		a.liveOrder = append(a.liveOrder, r.ID)
	}
	a.live[r.ID] = r
}

func (a *appState) removeLive(id string) {
	delete(a.live, id)
	a.liveOrder = without(a.liveOrder, id)
}

func (a *appState) addGroup(g *group) {
	if old, ok := a.groups[g.ID]; ok {
		g.seq = old.seq
	} else {
		a.serial++
		g.seq = a.serial
		a.groupOrder = append(a.groupOrder, g.ID)
	}
	delete(a.destroyed, g.ID)
	a.groups[g.ID] = g
}

func (a *appState) removeGroup(id string) {
	delete(a.groups, id)
	a.destroyed[id] = true
	a.groupOrder = without(a.groupOrder, id)
}

func without(s []string, v string) []string {
	for i, x := range s {
		if x == v {
			return append(s[:i:i], s[i+1:]...)
		}
	}
	return s
}

func newLiveRoom(id, name, owner string, created int64) *liveRoom {
	return &liveRoom{ID: id, Name: name, Owner: owner, Created: created, members: newRoster(),
		muted: map[string]int64{}, banned: map[string]int64{}}
}

func newGroup(id, name, typ, owner string, created int64) *group {
	g := &group{ID: id, Name: name, Type: typ, Owner: owner, Created: created, members: newRoster(),
		roles: map[string]string{}, muted: map[string]int64{}, banned: map[string]int64{}}
	g.members.add(owner, created)
	g.roles[owner] = "Owner"
	return g
}

// app returns the state for sdkAppID, creating an empty one (with no
// credentials until AddApp) so SeedDemo may run first.
func (e *Emulator) app(sdkAppID uint64) *appState {
	a, ok := e.apps[sdkAppID]
	if !ok {
		a = newAppState(App{SDKAppID: sdkAppID})
		e.apps[sdkAppID] = a
	}
	return a
}

// RoomInfo is a live room as the server mirrors it into a TRTC app.
type RoomInfo struct {
	ID      string
	Members []string
}

// LiveRooms lists sdkAppID's live rooms and their members, in creation order.
func (e *Emulator) LiveRooms(sdkAppID uint64) []RoomInfo {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return nil
	}
	out := make([]RoomInfo, 0, len(a.liveOrder))
	for _, id := range a.liveOrder {
		r := a.live[id]
		out = append(out, RoomInfo{ID: id, Members: append([]string(nil), r.members.ids...)})
	}
	return out
}

// MutedUntil is when user's mute in room (a live room or a group) ends:
// zero when not muted or expired. A permanent group mute reads as
// time.Unix(4294967295, 0), as the server reports it.
func (e *Emulator) MutedUntil(sdkAppID uint64, room, user string) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return time.Time{}
	}
	var until int64
	if r := a.live[room]; r != nil {
		until = r.muted[user]
	} else if g := a.groups[room]; g != nil {
		until = g.muted[user]
	}
	if until <= e.env.Now().Unix() {
		return time.Time{}
	}
	return time.Unix(until, 0)
}

// InRoom reports whether user is a member of room (live room or group).
func (e *Emulator) InRoom(sdkAppID uint64, room, user string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return false
	}
	if r := a.live[room]; r != nil {
		return r.members.has(user)
	}
	if g := a.groups[room]; g != nil {
		return g.members.has(user)
	}
	return false
}

// Blacklisted reports whether user is on owner's blocklist.
func (e *Emulator) Blacklisted(sdkAppID uint64, owner, user string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil || a.black[owner] == nil {
		return false
	}
	_, ok := a.black[owner].since[user]
	return ok
}

// RoomExists reports whether room is an open live room or a group.
func (e *Emulator) RoomExists(sdkAppID uint64, room string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	return a != nil && (a.live[room] != nil || a.groups[room] != nil)
}

// AddGroup adds (or replaces) a group of type typ ("Public", "Private",
// "ChatRoom", "AVChatRoom", "Community") with an owner and n-1 more
// members, and returns the members' IDs (owner first). For tests.
func (e *Emulator) AddGroup(sdkAppID uint64, id, typ string, n int) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.app(sdkAppID)
	now := e.env.Now().Unix()
	g := newGroup(id, "group "+id, typ, id+"-owner", now)
	for i := 1; i < n; i++ {
		g.members.add(fmt.Sprintf("%s-m%05d", id, i), now)
		g.roles[g.members.ids[len(g.members.ids)-1]] = "Member"
	}
	a.addGroup(g)
	return append([]string(nil), g.members.ids...)
}

// AddLiveRoom adds (or replaces) a live room with n members and returns
// their IDs. For tests.
func (e *Emulator) AddLiveRoom(sdkAppID uint64, id string, n int) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.app(sdkAppID)
	now := e.env.Now().Unix()
	r := newLiveRoom(id, "room "+id, id+"-host", now)
	for i := range n {
		r.members.add(fmt.Sprintf("%s-v%05d", id, i), now)
	}
	r.views = n + n/2 // viewers who came and went: views are not members
	a.addLive(r)
	return append([]string(nil), r.members.ids...)
}

// BlacklistSize is how many users owner has blocked. For tests.
func (e *Emulator) BlacklistSize(sdkAppID uint64, owner string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil || a.black[owner] == nil {
		return 0
	}
	return len(a.black[owner].order)
}

func appKey(id uint64) string { return strconv.FormatUint(id, 10) }

// sortedKeys lists a map's keys in order, for deterministic answers.
func sortedKeys(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SetViews sets a live room's ViewCount, which orders get_room_list. For
// tests that move a room between pages.
func (e *Emulator) SetViews(sdkAppID uint64, room string, views int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if r := e.app(sdkAppID).live[room]; r != nil {
		r.views = views
	}
}
