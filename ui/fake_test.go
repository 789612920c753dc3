package ui

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/quell-console/quell/backend"
)

// testNow is the fixed clock of every test: goldens must not depend on when
// they run.
var testNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

// fakeApp is a provider with in-memory vendor state: its plans change that
// state, so a test can assert what an action applied.
type fakeApp struct {
	app   backend.App
	batch int

	mu        sync.Mutex
	rooms     []backend.Room
	members   map[string][]backend.Member // room → members (without mute/block state)
	muted     map[string]map[string]time.Time
	blocks    map[string]map[string]backend.AVBlock
	blacklist map[string]map[string]time.Time // owner → user → since
	dismissed []string
	kicked    []string
	fail      map[string]*backend.VendorError // user → the error every call for them answers
	listErr   error                           // makes every list call fail
	calls     int
	// gate, when set, makes every action call wait for a token (or its
	// context), so a test can stop a bulk action half way.
	gate chan struct{}
}

func newFakeApp(name string, provider backend.ProviderKind, caps backend.Capabilities) *fakeApp {
	return &fakeApp{
		app:       backend.App{Name: name, Provider: provider, RoomKind: backend.RoomChatGroup, Caps: caps},
		batch:     20,
		members:   map[string][]backend.Member{},
		muted:     map[string]map[string]time.Time{},
		blocks:    map[string]map[string]backend.AVBlock{},
		blacklist: map[string]map[string]time.Time{},
		fail:      map[string]*backend.VendorError{},
	}
}

func allCaps() backend.Capabilities {
	return backend.NewCapabilities([]backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapListMuted,
		backend.CapMute, backend.CapUnmute, backend.CapBlockAV, backend.CapUnblockAV, backend.CapKick, backend.CapDismiss,
		backend.CapBlacklist, backend.CapBlacklistEdit}, nil)
}

func (f *fakeApp) App() backend.App { return f.app }

func (f *fakeApp) ListRooms(context.Context) ([]backend.Room, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.listErr != nil {
		return nil, f.listErr
	}
	var out []backend.Room
	for _, r := range f.rooms {
		if !contains(f.dismissed, r.ID) {
			r.Members = len(f.members[r.ID])
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fakeApp) ListMembers(_ context.Context, room string) ([]backend.Member, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.listErr != nil {
		return nil, f.listErr
	}
	var out []backend.Member
	for _, m := range f.members[room] {
		m.AVBlock = f.blocks[room][m.UserID]
		out = append(out, m)
	}
	return out, nil
}

func (f *fakeApp) ListMuted(_ context.Context, room string) ([]backend.Member, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.listErr != nil {
		return nil, f.listErr
	}
	var out []backend.Member
	for u, t := range f.muted[room] {
		out = append(out, backend.Member{UserID: u, MutedUntil: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out, nil
}

func (f *fakeApp) ListBlacklist(_ context.Context, owner string) ([]backend.BlacklistEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []backend.BlacklistEntry
	for u, t := range f.blacklist[owner] {
		out = append(out, backend.BlacklistEntry{Owner: owner, UserID: u, Since: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out, nil
}

var fakeCalls = map[backend.ActionKind]string{
	backend.ActMute: "forbid_send_msg", backend.ActUnmute: "forbid_send_msg", backend.ActBlock: "SetUserBlocked",
	backend.ActUnblock: "SetUserBlocked", backend.ActKick: "delete_group_member", backend.ActBlacklistAdd: "black_list_add",
	backend.ActBlacklistRemove: "black_list_delete", backend.ActDismiss: "destroy_group",
}

func (f *fakeApp) Plan(req backend.ActionRequest) (*backend.Plan, error) {
	p := &backend.Plan{Call: fakeCalls[req.Kind], BatchSize: f.batch}
	switch req.Kind {
	case backend.ActMute:
		p.Params = fmt.Sprintf("MuteTime %d", int(req.Duration.Seconds()))
		if req.Forever {
			p.Params = "MuteTime 4294967295"
		}
	case backend.ActDismiss:
		p.BatchSize = 0
	}
	p.Exec = func(ctx context.Context, users []string) backend.BatchResult {
		if f.gate != nil {
			select {
			case <-f.gate:
			case <-ctx.Done():
				return backend.BatchResult{Err: ctx.Err()}
			}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls++
		rid := fmt.Sprintf("req-%d", f.calls)
		res := backend.BatchResult{RequestID: rid, Failed: map[string]*backend.VendorError{}}
		if req.Kind == backend.ActDismiss {
			f.dismissed = append(f.dismissed, req.Room)
			return res
		}
		for _, u := range users {
			if ve := f.fail[u]; ve != nil {
				e := *ve
				e.RequestID = rid
				res.Failed[u] = &e
				continue
			}
			f.apply(req, u)
		}
		return res
	}
	return p, nil
}

func (f *fakeApp) apply(req backend.ActionRequest, u string) {
	room := req.Room
	switch req.Kind {
	case backend.ActMute:
		if f.muted[room] == nil {
			f.muted[room] = map[string]time.Time{}
		}
		until := backend.Forever
		if !req.Forever {
			until = testNow.Add(req.Duration)
		}
		f.muted[room][u] = until
	case backend.ActUnmute:
		delete(f.muted[room], u)
	case backend.ActBlock:
		if f.blocks[room] == nil {
			f.blocks[room] = map[string]backend.AVBlock{}
		}
		f.blocks[room][u] = req.AVMode
	case backend.ActUnblock:
		delete(f.blocks[room], u)
	case backend.ActKick:
		f.kicked = append(f.kicked, u)
		var keep []backend.Member
		for _, m := range f.members[room] {
			if m.UserID != u {
				keep = append(keep, m)
			}
		}
		f.members[room] = keep
	case backend.ActBlacklistAdd:
		if f.blacklist[req.Owner] == nil {
			f.blacklist[req.Owner] = map[string]time.Time{}
		}
		f.blacklist[req.Owner][u] = testNow
	case backend.ActBlacklistRemove:
		delete(f.blacklist[req.Owner], u)
	}
}

// snapshot reads vendor state under the lock.
func (f *fakeApp) snapshot(read func(f *fakeApp)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	read(f)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// seedFake is the data most tests use: one chat app with two rooms, a
// handful of members (one with a hostile name), a mute and a block.
func seedFake() *fakeApp {
	f := newFakeApp("chat-eu", backend.TencentChat, allCaps())
	f.rooms = []backend.Room{
		{ID: "lobby", Name: "The Lobby", Live: true, CreatedAt: testNow.Add(-3 * time.Hour), Owner: "host1", Views: 1523, ViewsKnown: true},
		{ID: "arena", Name: "Arena \x1b[31mred\x1b[0m", Live: false, CreatedAt: testNow.Add(-50 * time.Hour), Owner: "host2"},
	}
	f.members["lobby"] = []backend.Member{
		{UserID: "alice", Name: "Alice", Role: "Member", JoinedAt: testNow.Add(-42 * time.Minute)},
		{UserID: "bob", Name: "Bob", Role: "Admin", JoinedAt: testNow.Add(-2 * time.Hour)},
		{UserID: "carol", Name: "Carol\x1b]0;pwned\x07", Role: "Member", JoinedAt: testNow.Add(-5 * time.Minute)},
		{UserID: "dave", Name: "Dave", Role: "Member", JoinedAt: testNow.Add(-30 * time.Second)},
	}
	f.muted["lobby"] = map[string]time.Time{"bob": testNow.Add(9*time.Minute + 5*time.Second)}
	f.blocks["lobby"] = map[string]backend.AVBlock{"dave": backend.AVVideo}
	f.blacklist["host1"] = map[string]time.Time{"mallory": testNow.Add(-26 * time.Hour), "trent": testNow.Add(-3 * time.Minute)}
	for i := 0; i < 40; i++ {
		f.members["arena"] = append(f.members["arena"], backend.Member{UserID: fmt.Sprintf("fan%02d", i), Name: fmt.Sprintf("Fan %d", i)})
	}
	return f
}

// testRenderer draws without colour, with a dark background, whatever the
// terminal running the tests.
func testRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func testOptions(providers ...backend.Provider) Options {
	return Options{
		Providers: providers,
		Engine:    &backend.Engine{Pacer: backend.NewPacer(nil), MaxInFlight: 1, Now: func() time.Time { return testNow }},
		Actor:     backend.Actor{Name: "mod", Role: backend.RoleAdmin},
		Renderer:  testRenderer(),
		Refresh:   time.Hour, // tests refresh by hand, so screens stay put
		Now:       func() time.Time { return testNow },
	}
}
