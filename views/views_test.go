package views

import (
	"slices"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/keys"
	"github.com/quell-console/quell/ui/list"
)

var now = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func TestMergeMuted(t *testing.T) {
	members := []backend.Member{
		{UserID: "alice"},
		{UserID: "bob", MutedUntil: now.Add(time.Hour)},
		{UserID: "carol", MutedUntil: now.Add(time.Minute)},
	}
	muted := []backend.Member{
		{UserID: "alice", MutedUntil: now.Add(10 * time.Minute)},
		{UserID: "bob", MutedUntil: now.Add(time.Minute)}, // earlier than the member list says: kept later
		{UserID: "carol", MutedUntil: now.Add(2 * time.Minute)},
		{UserID: "gone", MutedUntil: now.Add(time.Hour)}, // left the room: not added to members
	}
	got := MergeMuted(members, muted)
	want := map[string]time.Time{"alice": now.Add(10 * time.Minute), "bob": now.Add(time.Hour), "carol": now.Add(2 * time.Minute)}
	if len(got) != 3 {
		t.Fatalf("merged %d members, want 3: %+v", len(got), got)
	}
	for _, m := range got {
		if !m.MutedUntil.Equal(want[m.UserID]) {
			t.Errorf("%s muted until %v, want %v", m.UserID, m.MutedUntil, want[m.UserID])
		}
	}
	if !members[0].MutedUntil.IsZero() {
		t.Error("MergeMuted changed its input")
	}
	if got := MergeMuted(members, nil); &got[0] != &members[0] {
		t.Error("no muted list: members should come back as they are")
	}
}

func TestRemainingRoundsUp(t *testing.T) {
	tests := []struct {
		left time.Duration
		want string
	}{
		{400 * time.Millisecond, "1s"}, // still muted: never "0s"
		{time.Second, "1s"},
		{59*time.Second + time.Millisecond, "1m00s"},
		{10 * time.Minute, "10m00s"},
		{10*time.Minute + 300*time.Millisecond, "10m01s"}, // what a fresh 10m mute reads a moment in
		{9*time.Minute + 5*time.Second, "9m05s"},
		{2*time.Hour + 3*time.Minute, "2h03m"},
		{47*time.Hour + 59*time.Minute + 30*time.Second, "47h59m"}, // past a minute, whole minutes,
		{7 * 24 * time.Hour, "7d00h"},
		{0, ""},
		{-time.Second, ""},
	}
	for _, tt := range tests {
		if got := Remaining(now.Add(tt.left), now); got != tt.want {
			t.Errorf("Remaining(%v) = %q, want %q", tt.left, got, tt.want)
		}
	}
	if got := Remaining(time.Time{}, now); got != "" {
		t.Errorf("zero time = %q", got)
	}
	if got := Remaining(backend.Forever, now); got != "forever" {
		t.Errorf("forever = %q", got)
	}
}

// Each view's scope decides which action keys it offers: a drift here was
// the outcomes view refusing every action.
func TestEachViewsScope(t *testing.T) {
	want := map[Kind]keys.Scope{
		Apps:      keys.ScopeNone,
		Rooms:     keys.ScopeRoom,
		Members:   keys.ScopeUsers | keys.ScopeRoom,
		Newcomers: keys.ScopeUsers | keys.ScopeRoom,
		Muted:     keys.ScopeUsers | keys.ScopeRoom,
		Banned:    keys.ScopeUsers | keys.ScopeRoom,
		Blacklist: keys.ScopeUsers,
		Activity:  keys.ScopeNone,
		Outcomes:  keys.ScopeUsers,
	}
	if len(All) != len(want) {
		t.Errorf("%d views, want %d", len(All), len(want))
	}
	for _, d := range All {
		if got, ok := want[d.Kind]; !ok || got != d.Scope {
			t.Errorf("%s scope = %b, want %b", d.Kind, d.Scope, got)
		}
	}
	mute, _ := backend.Spec(backend.ActMute)
	outcomes, _ := Get(Outcomes)
	caps := backend.NewCapabilities([]backend.Capability{backend.CapMute}, nil)
	if ok, why := keys.Offered(mute, keys.HelpContext{Role: backend.RoleAdmin, Caps: caps, Scope: outcomes.Scope}); !ok {
		t.Errorf("mute refused on outcomes: %s", why)
	}
}

// Every view is whole: a kind of its own, a title, columns and rows that
// agree, a way to get its data, and commands no other view claims.
func TestEveryDefIsComplete(t *testing.T) {
	kinds, cmds := map[Kind]bool{}, map[string]bool{}
	d := &Data{
		Apps:       []backend.App{{Name: "a"}},
		Rooms:      []backend.Room{{ID: "r"}},
		Members:    []backend.Member{{UserID: "u", JoinedAt: now.Add(-time.Minute), MutedUntil: now.Add(time.Minute), AVBlock: backend.AVAudio}},
		Blacklist:  []backend.BlacklistEntry{{UserID: "u"}},
		Activities: []backend.Activity{{ID: "act", Outcomes: []backend.UserOutcome{{User: "u"}}}},
	}
	d.Activity = &d.Activities[0]
	for _, def := range All {
		if kinds[def.Kind] {
			t.Errorf("%s declared twice", def.Kind)
		}
		kinds[def.Kind] = true
		if def.Title == "" || def.Columns == nil || def.Rows == nil || def.Empty == "" {
			t.Errorf("%s lacks a title, columns, rows or empty text", def.Kind)
			continue
		}
		if def.Load == nil && !def.FromLog {
			t.Errorf("%s has no way to load", def.Kind)
		}
		cols := len(def.Columns())
		for _, r := range def.Rows(d, now) {
			if len(r.Cells) != cols {
				t.Errorf("%s row has %d cells for %d columns", def.Kind, len(r.Cells), cols)
			}
		}
		for _, c := range def.Commands {
			if cmds[c.Name] || c.Target == nil {
				t.Errorf(":%s declared twice or without a target", c.Name)
			}
			cmds[c.Name] = true
		}
		if def.Family == "" && def.Heading == nil {
			t.Errorf("%s has neither tabs nor a heading", def.Kind)
		}
	}
	if got := Tabs(Muted, backend.Capabilities{}); !slices.Equal(got, []Kind{Members, Muted, Banned, Newcomers}) {
		t.Errorf("a room's tabs = %v", got)
	}
	noMuteList := backend.NewCapabilities([]backend.Capability{backend.CapListMembers}, nil)
	if got := Tabs(Members, noMuteList); !slices.Equal(got, []Kind{Members, Banned, Newcomers}) {
		t.Errorf("the tabs of a room without a mute list = %v", got)
	}
	withMuteList := backend.NewCapabilities([]backend.Capability{backend.CapListMembers, backend.CapListMuted}, nil)
	if got := Tabs(Members, withMuteList); !slices.Equal(got, []Kind{Members, Muted, Banned, Newcomers}) {
		t.Errorf("the tabs of a room with a mute list = %v", got)
	}
	if got := Tabs(Blacklist, noMuteList); !slices.Equal(got, []Kind{Blacklist}) {
		t.Errorf("blacklist tabs = %v", got)
	}
}

func TestOpenAndCommandsSayWhere(t *testing.T) {
	rooms, _ := Get(Rooms)
	k, tg, ok := rooms.Open(Target{App: "chat"}, &list.Row{ID: "lobby"})
	if !ok || k != Members || tg != (Target{App: "chat", Room: "lobby"}) {
		t.Errorf("enter on a room opens %s %+v", k, tg)
	}
	act, _ := Get(Activity)
	row := &list.Row{ID: "a1", Data: backend.Activity{ID: "a1", App: "chat", Room: "lobby"}}
	if k, tg, _ := act.Open(Target{}, row); k != Outcomes || tg != (Target{App: "chat", Room: "lobby", ActID: "a1"}) {
		t.Errorf("enter on an activity opens %s %+v", k, tg)
	}
	_, bl, _ := CommandView("blacklist")
	if _, err := bl.Target(Here{App: "chat"}, ""); err == nil {
		t.Error(":blacklist with no owner and no user under the cursor accepted")
	}
	if tg, err := bl.Target(Here{App: "chat", User: "alice"}, ""); err != nil || tg.Owner != "alice" {
		t.Errorf(":blacklist on alice = %+v, %v", tg, err)
	}
	_, mem, _ := CommandView("members")
	if _, err := mem.Target(Here{App: "chat"}, ""); err == nil {
		t.Error(":members with no room open accepted")
	}
}

func TestPatchRoomShowsTheEffect(t *testing.T) {
	members, _ := Get(Members)
	d := &Data{
		Members: []backend.Member{{UserID: "alice"}, {UserID: "bob"}},
		Muted:   []backend.Member{{UserID: "gone", MutedUntil: now.Add(time.Hour)}},
	}
	a := Applied{Req: backend.ActionRequest{Kind: backend.ActMute, Room: "lobby", Duration: 10 * time.Minute},
		Reached: map[string]bool{"alice": true}, Now: now}
	if _, ok := members.Patch(d, Target{Room: "other"}, a); ok {
		t.Error("a mute in lobby patched another room")
	}
	p, ok := members.Patch(d, Target{Room: "lobby"}, a)
	if !ok || len(p.Changed) != 1 || !d.Members[0].MutedUntil.Equal(now.Add(10*time.Minute)) || len(d.Muted) != 2 {
		t.Errorf("patched %+v, data %+v", p, d)
	}
	a.Req.Kind = backend.ActKick
	if p, _ := members.Patch(d, Target{Room: "lobby"}, a); !slices.Equal(p.Gone, []string{"alice"}) || len(d.Members) != 1 {
		t.Errorf("kick: gone %v, members %+v", p.Gone, d.Members)
	}
}

// The new tab holds who joined within the window, newest first; a member
// with no join time (a vendor that gives none) is never new.
func TestNewcomerRows(t *testing.T) {
	members := []backend.Member{
		{UserID: "old", JoinedAt: now.Add(-NewcomerWindow - time.Second)},
		{UserID: "edge", JoinedAt: now.Add(-NewcomerWindow)},
		{UserID: "early", JoinedAt: now.Add(-9 * time.Minute)},
		{UserID: "unknown"},
		{UserID: "latest", JoinedAt: now.Add(-time.Second)},
		{UserID: "mid", JoinedAt: now.Add(-5 * time.Minute)},
	}
	var got []string
	for _, r := range newcomerRows(members, now) {
		got = append(got, r.ID)
	}
	if want := []string{"latest", "mid", "early"}; !slices.Equal(got, want) {
		t.Errorf("new = %v, want %v", got, want)
	}
}
