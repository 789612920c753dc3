package trtcemu

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Seed data: what a moderator meets on a busy evening. TRTC user IDs are
// free-form, so besides ordinary and unicode IDs some carry terminal escape
// sequences and bidi overrides, for the console to defuse.

var stringRoomNames = []string{
	"lobby", "stage-1", "stage-2", "Karaoke Night #7", "eu:main@prime", "study_group(42)",
	"town-hall", "{vip}[backstage]", "q&a|live", "Game Night ~ Friday", "dev-standup", "music.box",
	"watch-party=on", "support-room-03", "open mic!", "quiz<night>", "100% chill", "^top^of^the^hour",
	"pair-programming", "language exchange; EN-JA", "book-club", "late-show", "fitness+yoga", "ask-me-anything",
	"the-very-long-room-name-that-fills-all-sixty-four-allowed-bytes0", "night-owls", "coffee-break", "board-games",
	"radio-tower", "concert-hall",
}

var unicodeUsers = []string{
	"李雷", "韩梅梅", "さくら", "김민준", "José_Álvarez", "Ωmega", "Привет_мир", "محمد_علي", "🎧dj_night",
	"Ünïcødé", "ผู้ใช้", "नमस्ते", "Zoë", "😀😀😀", "François", "İstanbul_34", "Ελένη", "אורי",
}

// hostileUsers carry what a hostile client can put in a user ID.
var hostileUsers = []string{
	"\x1b[2J\x1b[31mpwned",
	"\x1b]0;owned by mallory\x07",
	"\x1b]8;;http://evil.example\x1b\\click me\x1b]8;;\x1b\\",
	"\u202egnp.exe",
	"fake\r\nrow",
	"\x1b[1A\x1b[2Kghost",
	"bell\x07\x07\x07",
}

// widthUsers are IDs terminals draw at widths that grapheme libraries get
// wrong (tmux 3.3: नमस्ते 4 cells, x/ansi 3; ❤️ 1, x/ansi 2; 👍🏽 4, x/ansi 2):
// a row padded by the wrong count wraps and scrolls the whole screen. They
// join the last seeded room, WidthRoom, after it is seeded and without the
// random source, so the other rooms and the room count stay as they were.
var widthUsers = []string{
	"नमस्ते", "👩\u200d👩\u200d👧\u200d👦", "❤\ufe0f_fan", "e\u0301cole_e\u0301te\u0301", "中文用户名", "ﷺ",
	"Z\u0324\u0354\u0367a\u0324\u0354l\u0354g\u0324o\u0300", "👍🏽👍🏽", "क्षत्रिय", "🏳\ufe0f\u200d🌈",
	"中文中文中文中文中文", "ผู้ใช้_ไทย", "😀😀😀😀😀😀😀😀",
}

// WidthRoom is the room of the numeric-room app that holds widthUsers: the
// last seeded one (100001 + 29×37).
const WidthRoom = "101074"

// roomSizes are the member counts of the first seeded rooms; the rest get
// 5 to 200. TRTC lists members 100 per page at 20/s, so the largest stays at
// 2,000 (one second of listing).
var roomSizes = []int{2000, 1200, 800, 450, 300}

const seededRooms = 30

// SeedDemo fills the app with a few dozen open rooms, a few finished ones,
// and members of every kind. It is deterministic for a given env seed and
// clock.
func (e *Emulator) SeedDemo(sdkAppID uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[sdkAppID]
	if a == nil {
		return
	}
	now := e.env.Now()
	for i := range seededRooms {
		room := seedRoomID(a, i)
		created := now.Add(-time.Duration(e.env.IntN(20*3600)+60) * time.Second)
		if i < 4 {
			// A finished earlier call of the same room: DescribeRoomInfo lists both.
			old := a.openCall(room, "host_"+room, created.Add(-2*time.Hour))
			old.join(old.owner, old.created, "iOS", "11.6.0.0", "198.51.100.7")
			a.closeCall(old, created.Add(-time.Hour))
		}
		size := 5 + e.env.IntN(196)
		if i < len(roomSizes) {
			size = roomSizes[i]
		}
		users := e.seedUsers(i, size)
		c := a.openCall(room, users[0], created)
		span := now.Sub(created)
		for j, u := range users {
			at := created
			if j > 0 {
				at = created.Add(time.Duration(e.env.Float64() * float64(span)))
			}
			c.join(u, at, devices[e.env.IntN(len(devices))], sdkVersion(e.env.IntN(4)), fmt.Sprintf("203.0.113.%d", e.env.IntN(254)+1))
		}
	}
	// A room that closed an hour ago and did not reopen.
	gone := a.openCall(seedRoomID(a, seededRooms), "host_gone", now.Add(-3*time.Hour))
	gone.join("host_gone", gone.created, "Web", "5.8.0", "198.51.100.9")
	a.closeCall(gone, now.Add(-time.Hour))

	if c := a.open[WidthRoom]; c != nil && !a.StringRooms {
		for k, u := range widthUsers {
			c.join(u, c.created.Add(time.Duration(k+1)*time.Second), devices[k%len(devices)], sdkVersion(k%4), "198.51.100.11")
		}
	}
}

func seedRoomID(a *app, i int) string {
	if !a.StringRooms {
		return strconv.Itoa(100001 + i*37)
	}
	if i < len(stringRoomNames) {
		return stringRoomNames[i]
	}
	return fmt.Sprintf("room-%d", i)
}

func sdkVersion(i int) string {
	return []string{"11.7.0.0", "11.5.0.1", "10.9.0.2", "5.8.3"}[i]
}

// seedUsers makes n distinct user IDs for seeded room i.
func (e *Emulator) seedUsers(i, n int) []string {
	seen := map[string]bool{}
	out := make([]string, 0, n)
	add := func(u string) {
		if !seen[u] && len(out) < n {
			seen[u] = true
			out = append(out, u)
		}
	}
	add(fmt.Sprintf("host_%d", 1000+i))
	if i%5 == 1 { // a few rooms hold the hostile IDs
		for _, u := range hostileUsers {
			add(u)
		}
	}
	for k := 0; len(out) < n; k++ {
		switch r := e.env.IntN(20); {
		case r < 2:
			add(unicodeUsers[e.env.IntN(len(unicodeUsers))])
		case r < 3:
			// long IDs: 32 bytes, the length TRTC recommends at most
			add(fmt.Sprintf("partner_platform_user_%010d", e.env.IntN(1_000_000_000)))
		case r < 10:
			add(fmt.Sprintf("user_%06d", e.env.IntN(1_000_000)))
		default:
			add(fmt.Sprintf("viewer-%d-%d", i, k))
		}
	}
	return out
}

// Churn moves the emulated world one step (about a second): in a few rooms a
// guest joins or a member leaves; now and then a room opens or closes.
func (e *Emulator) Churn(now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids := make([]uint64, 0, len(e.apps))
	for id := range e.apps {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		e.churnApp(e.apps[id], now)
	}
}

func (e *Emulator) churnApp(a *app, now time.Time) {
	rooms := make([]string, 0, len(a.open))
	for r := range a.open {
		rooms = append(rooms, r)
	}
	sort.Strings(rooms)
	if len(rooms) == 0 {
		return
	}
	for range min(3, len(rooms)) {
		c := a.open[rooms[e.env.IntN(len(rooms))]]
		if c == nil {
			continue
		}
		if e.env.Float64() < 0.6 && len(c.members) < 2000 {
			a.guest++
			c.join(fmt.Sprintf("guest_%05d", a.guest), now, devices[e.env.IntN(len(devices))], sdkVersion(e.env.IntN(4)), "192.0.2.1")
		}
		if e.env.Float64() < 0.5 && len(c.members) > 1 {
			members := c.memberIDs()
			if u := members[e.env.IntN(len(members))]; u != c.owner {
				c.leave(u, now)
			}
		}
	}
	switch r := e.env.Float64(); {
	case r < 0.02 && len(rooms) < 60:
		a.guest++
		room := fmt.Sprintf("popup-%d", a.guest)
		if !a.StringRooms {
			room = strconv.Itoa(900000 + a.guest)
		}
		c := a.openCall(room, fmt.Sprintf("guest_%05d", a.guest), now)
		for k := range 3 + e.env.IntN(28) {
			c.join(fmt.Sprintf("guest_%05d_%d", a.guest, k), now, devices[k%len(devices)], sdkVersion(0), "192.0.2.2")
		}
		c.join(c.owner, now, "Android", sdkVersion(0), "192.0.2.3")
	case r < 0.03 && len(rooms) > 10:
		a.closeCall(a.open[rooms[e.env.IntN(len(rooms))]], now)
	}
}
