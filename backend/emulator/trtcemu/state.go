package trtcemu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// app is one SDKAppID's state.
type app struct {
	App
	open  map[string]*call // room ID → the call currently open in it
	calls []*call          // every call, open or finished, oldest first (DescribeRoomInfo)
	guest int              // counter for churned-in user IDs
	// lastCreate remembers the newest create second per room so a room that
	// closes and reopens within one second still gets a distinct CommId.
	lastCreate map[string]int64
}

// call is one life of a room, from creation to dismissal: what TRTC calls a
// "通话" and identifies by CommId.
type call struct {
	room      string
	commID    string
	owner     string
	created   time.Time
	destroyed time.Time // zero while open
	members   map[string]*session
	sessions  []*session // every join, for DescribeUserInfo
	blocks    map[string]int
}

// session is one stay of one user in a call.
type session struct {
	user   string
	join   time.Time
	leave  time.Time // zero while in the room
	device string
	sdk    string
	ip     string
}

// maxSessions bounds a long-lived call's history under churn.
const maxSessions = 20000

func (a *app) openCall(room, owner string, now time.Time) *call {
	if c := a.open[room]; c != nil {
		return c
	}
	sec := now.Unix()
	if last, ok := a.lastCreate[room]; ok && sec <= last {
		sec = last + 1
	}
	a.lastCreate[room] = sec
	c := &call{
		room:    room,
		commID:  fmt.Sprintf("%d_%s_%d", a.SDKAppID, room, sec),
		owner:   owner,
		created: time.Unix(sec, 0),
		members: map[string]*session{},
		blocks:  map[string]int{},
	}
	a.open[room] = c
	a.calls = append(a.calls, c)
	return c
}

func (a *app) closeCall(c *call, now time.Time) {
	for u := range c.members {
		c.leave(u, now)
	}
	c.destroyed = now
	delete(a.open, c.room)
}

func (c *call) join(user string, at time.Time, device, sdk, ip string) {
	if _, in := c.members[user]; in {
		return
	}
	s := &session{user: user, join: at, device: device, sdk: sdk, ip: ip}
	c.members[user] = s
	c.sessions = append(c.sessions, s)
	if len(c.sessions) > maxSessions {
		c.pruneSessions()
	}
}

// leave ends user's stay. TRTC blocks apply to a user's presence in the
// room, so they end with it: the next SetUserBlocked answers UserNotExist.
func (c *call) leave(user string, at time.Time) bool {
	s, in := c.members[user]
	if !in {
		return false
	}
	s.leave = at
	delete(c.members, user)
	delete(c.blocks, user)
	return true
}

// pruneSessions drops the oldest finished stays.
func (c *call) pruneSessions() {
	keep := c.sessions[:0]
	drop := len(c.sessions) - maxSessions/2
	for _, s := range c.sessions {
		if drop > 0 && !s.leave.IsZero() {
			drop--
			continue
		}
		keep = append(keep, s)
	}
	c.sessions = keep
}

func (c *call) memberIDs() []string {
	out := make([]string, 0, len(c.members))
	for u := range c.members {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// AddRoom opens room on the app (or reuses the open one) with members in it,
// joined now. Unknown apps are ignored. For a numeric-room app, room is the
// decimal room number.
func (e *Emulator) AddRoom(sdkAppID uint64, room string, members []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return
	}
	now := e.env.Now()
	owner := ""
	if len(members) > 0 {
		owner = members[0]
	}
	c := a.openCall(room, owner, now)
	for i, u := range members {
		c.join(u, now, devices[i%len(devices)], "11.7.0.0", fmt.Sprintf("203.0.113.%d", i%250+1))
	}
}

// AVBlock is the IsMute in effect for user in room: 0 when not blocked.
func (e *Emulator) AVBlock(sdkAppID uint64, room, user string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c := e.openCallLocked(sdkAppID, room); c != nil {
		return c.blocks[user]
	}
	return 0
}

// InRoom reports whether user is in the open room.
func (e *Emulator) InRoom(sdkAppID uint64, room, user string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c := e.openCallLocked(sdkAppID, room); c != nil {
		_, in := c.members[user]
		return in
	}
	return false
}

// RoomOpen reports whether room is open.
func (e *Emulator) RoomOpen(sdkAppID uint64, room string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.openCallLocked(sdkAppID, room) != nil
}

// Members lists the users in the open room, sorted.
func (e *Emulator) Members(sdkAppID uint64, room string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c := e.openCallLocked(sdkAppID, room); c != nil {
		return c.memberIDs()
	}
	return nil
}

// Rooms lists the open rooms of the app, sorted (for demos and tests).
func (e *Emulator) Rooms(sdkAppID uint64) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return nil
	}
	out := make([]string, 0, len(a.open))
	for r := range a.open {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

func (e *Emulator) openCallLocked(sdkAppID uint64, room string) *call {
	if a := e.apps[sdkAppID]; a != nil {
		return a.open[room]
	}
	return nil
}

// numericRoom reports whether s is a valid TRTC numeric room ID.
func numericRoom(s string) bool {
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n >= 1 && n <= 4294967294 && strconv.FormatUint(n, 10) == s
}

// stringRoomCharset is what TRTC allows in string room IDs besides letters
// and digits.
const stringRoomCharset = " !#$%&()+-:;<=.>?@[]^_{}|~,"

// stringRoom reports whether s is a valid TRTC string room ID.
func stringRoom(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && strings.IndexByte(stringRoomCharset, c) < 0 {
			return false
		}
	}
	return true
}

var devices = []string{"Android", "iOS", "Web", "Windows", "Mac"}
