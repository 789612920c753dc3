package chatemu

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Names for demo rooms: ordinary, unicode, very long, and hostile ones that
// carry terminal escape sequences (clear screen, window title, colours,
// OSC 8 links, bidi overrides) which the console must neutralise.
var liveNames = []string{
	"Friday Night Karaoke 🎤", "深夜电台 · 情感热线", "Торговый стрим: крипта сегодня", "ライブ配信 — 雑談", "Cooking with Mina 🍜",
	"Speedrun practice (any%)", "Lo-fi beats to moderate to", "Q&A with the dev team", "방송 테스트 중입니다", "مباشر: كرة القدم",
	"Yoga @ sunrise 🌅", "Math homework help", strings.Repeat("A very long room name that keeps going ", 8) + "— end",
	"\x1b[2J\x1b[HSYSTEM: session expired, press y", "\x1b]0;pwned\x07Innocent room", "\x1b[31;1mRED ALERT\x1b[0m giveaway",
	"\x1b]8;;http://evil.example/\x07click me\x1b]8;;\x07", "evil\u202eslaer\u202c room", "Tab\tand\nnewline\rname",
	"Guitar lessons 🎸", "News desk (EN)", "Chess blitz arena ♟️", "ASMR rain sounds", "Esports finals watch party 🏆",
	"Late night coding", "Pet cam 🐶", "Language exchange: ES↔EN", "Makeup tutorial 💄", "Stock market open bell",
	"Anime rewatch club", "Travel vlog: Kyoto", "Fitness HIIT 20 min", "Book club — chapter 7", "Retro games marathon",
	"Street food tour 🌮", "Open mic night",
}

var groupNames = []string{
	"Moderators HQ", "产品讨论群", "Fan club ⭐ official", "Support — tier 1", "Beta testers", "Ивенты и турниры",
	"ゲーム部", "The big public square", "Weekend hikers 🥾", "\x1b[2J\x1b[Hgroup wiped", "\x1b]0;owned\x07Study group",
	strings.Repeat("Long group name ", 16), "Parents of 3B", "VIP lounge 💎", "Stream chat (AVChatRoom)", "Announcements only",
	"Trading signals (no spam!)", "Photography tips 📷", "Dev ops on-call", "Community: makers", "Meeting: sprint review",
	"Bidi \u202etxet desrever\u202c group", "Karaoke after party",
}

// liveSizes and groupSizes span 5 to 20,000 members; the rest are drawn.
var liveSizes = []int{20000, 5000, 1500, 1000, 999, 250, 5}
var groupSizes = map[int]int{0: 20000, 1: 5, 2: 3500, 14: 3000} // by index; 14 is the AVChatRoom

var groupTypes = []string{"Public", "Private", "Work", "ChatRoom", "Meeting", "Community", "Public"}

const userPool = 100000

func userID(n int) string { return fmt.Sprintf("u%06d", n%userPool) }

// SeedDemo fills sdkAppID with dozens of live rooms and groups of 5 to
// 20,000 members, mutes, bans and blocklists. It is deterministic for the
// env's seed.
func (e *Emulator) SeedDemo(sdkAppID uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.app(sdkAppID)
	now := e.env.Now()
	for i, name := range liveNames {
		size := 5 + e.env.IntN(400)
		if i < len(liveSizes) {
			size = liveSizes[i]
		}
		id := fmt.Sprintf("live-%03d", i+1)
		r := newLiveRoom(id, name, userID(e.env.IntN(userPool)), now.Add(-time.Duration(e.env.IntN(6*3600))*time.Second).Unix())
		e.fill(r.members, size, r.Created, now)
		r.views = size + e.env.IntN(3*size+1) // everyone who ever came in
		e.sprinkleMutes(r.members.ids, r.muted, now, false)
		for k := 0; k < len(r.members.ids)/200; k++ {
			u := r.members.ids[e.env.IntN(r.members.len())]
			r.members.remove(u)
			r.banned[u] = now.Add(time.Duration(1+e.env.IntN(72)) * time.Hour).Unix()
		}
		a.addLive(r)
	}
	for i, name := range groupNames {
		typ := groupTypes[i%len(groupTypes)]
		if i == 14 {
			typ = typeAVChatRoom
		}
		size, ok := groupSizes[i]
		if !ok {
			size = 5 + e.env.IntN(600)
		}
		g := newGroup(e.groupID(), name, typ, userID(e.env.IntN(userPool)), now.Add(-time.Duration(e.env.IntN(90*24))*time.Hour).Unix())
		e.fill(g.members, size, g.Created, now)
		for j, u := range g.members.ids {
			switch {
			case u == g.Owner:
			case j%97 == 3:
				g.roles[u] = "Admin"
			default:
				g.roles[u] = "Member"
			}
		}
		if i == 3 { // a hostile user ID, shown only after sanitising
			hostile := "mallory\x1b]0;pwned\x07"
			g.members.add(hostile, now.Unix())
			g.roles[hostile] = "Member"
		}
		if typ != "Private" && typ != "Work" {
			e.sprinkleMutes(g.members.ids, g.muted, now, true)
		}
		a.addGroup(g)
	}
	e.seedBlocklists(a, now)
}

// fill adds size distinct members joined since created.
func (e *Emulator) fill(r *roster, size int, created int64, now time.Time) {
	start := e.env.IntN(userPool)
	span := max(now.Unix()-created, 1)
	for k := 0; r.len() < size && k < userPool; k++ {
		r.add(userID(start+k*7), created+int64(e.env.IntN(int(span))))
	}
}

// sprinkleMutes mutes about 2% of members for minutes to days; groups also
// get permanent mutes.
func (e *Emulator) sprinkleMutes(ids []string, muted map[string]int64, now time.Time, permanent bool) {
	n := len(ids)/50 + 1
	for k := 0; k < n && len(ids) > 1; k++ {
		u := ids[1+e.env.IntN(len(ids)-1)]
		switch e.env.IntN(4) {
		case 0:
			muted[u] = now.Add(time.Duration(30+e.env.IntN(600)) * time.Second).Unix()
		case 1:
			muted[u] = now.Add(time.Duration(1+e.env.IntN(48)) * time.Hour).Unix()
		case 2:
			muted[u] = now.Add(time.Duration(1+e.env.IntN(30)) * 24 * time.Hour).Unix()
		default:
			if permanent {
				muted[u] = muteForever
			} else {
				muted[u] = now.Add(10 * time.Minute).Unix()
			}
		}
	}
}

func (e *Emulator) seedBlocklists(a *appState, now time.Time) {
	owners := []string{"u000001", "u000042", "streamer_kim", "mod-anna"}
	counts := []int{3, 40, 990, 0}
	for i, owner := range owners {
		bl := &blocklist{since: map[string]int64{}}
		for k := 0; len(bl.order) < counts[i] && k < userPool; k++ {
			u := userID(e.env.IntN(userPool))
			if _, dup := bl.since[u]; dup || u == owner {
				continue
			}
			bl.order = append(bl.order, u)
			bl.since[u] = now.Add(-time.Duration(e.env.IntN(30*24)) * time.Hour).Unix()
		}
		a.black[owner] = bl
	}
}

const groupIDChars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// groupID makes an ID shaped like the cloud's, e.g. @TGS#2C5SZEAEF.
func (e *Emulator) groupID() string {
	var b strings.Builder
	b.WriteString("@TGS#2")
	for range 8 {
		b.WriteByte(groupIDChars[e.env.IntN(len(groupIDChars))])
	}
	return b.String()
}

// Churn moves the world on to now: members join and leave, expired mutes
// and bans go, and now and then a small live room closes and another opens.
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

func (e *Emulator) churnApp(a *appState, now time.Time) {
	t := now.Unix()
	for _, id := range a.liveOrder {
		r := a.live[id]
		r.views += e.churnRoster(r.members, t, "", func(u string) bool { return r.banned[u] > t })
		expire(r.muted, t)
		expire(r.banned, t)
	}
	for _, id := range a.groupOrder {
		g := a.groups[id]
		e.churnRoster(g.members, t, g.Owner, func(u string) bool { return g.banned[u] > t })
		for _, u := range g.members.ids {
			if g.roles[u] == "" {
				g.roles[u] = "Member"
			}
		}
		expire(g.muted, t) // permanent mutes (4294967295) stay
		expire(g.banned, t)
	}
	if len(a.liveOrder) > 0 && e.env.IntN(10) == 0 {
		victim := a.liveOrder[e.env.IntN(len(a.liveOrder))]
		if a.live[victim].members.len() < 100 {
			a.removeLive(victim)
		}
		a.serial++
		name := liveNames[e.env.IntN(len(liveNames))]
		r := newLiveRoom(fmt.Sprintf("live-n%04d", a.serial), name, userID(e.env.IntN(userPool)), t)
		e.fill(r.members, 3+e.env.IntN(40), t, now)
		r.views = r.members.len()
		a.addLive(r)
	}
}

// churnRoster has up to two members leave (never keep, the group owner)
// and up to two join (unless barred). It returns how many joined.
func (e *Emulator) churnRoster(r *roster, t int64, keep string, barred func(string) bool) (joined int) {
	for range e.env.IntN(3) {
		if r.len() <= 1 {
			break
		}
		if u := r.ids[e.env.IntN(r.len())]; u != keep {
			r.remove(u)
		}
	}
	for range e.env.IntN(3) {
		u := userID(e.env.IntN(userPool))
		if (barred == nil || !barred(u)) && r.add(u, t) {
			joined++
		}
	}
	return joined
}

func expire(m map[string]int64, t int64) {
	for u, until := range m {
		if until <= t {
			delete(m, u)
		}
	}
}
