package emulator

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/connect"
	"github.com/quell-console/quell/config"
)

// The config the server writes, loaded by quell's loader and opened by
// quell's real providers, reaches every demo app with valid signatures, and
// the engine's actions land in the emulators' state.
func TestRealProvidersAgainstTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	s := demoServer(t)
	byName, engine := openDemo(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	admin := backend.Actor{Name: "e2e", Role: backend.RoleAdmin}

	// Every app that can list rooms lists some; ZEGO members come from its watch list.
	for _, name := range []string{DemoTRTC, DemoTRTCAV, DemoChatLive, DemoChatGroups} {
		rooms, err := byName[name].ListRooms(ctx)
		if err != nil || len(rooms) == 0 {
			t.Fatalf("%s: %d rooms, %v", name, len(rooms), err)
		}
	}
	zegoRoom := s.Zego().DemoRooms(DemoZegoRoomsAppID)[0]
	if ms, err := byName[DemoZegoRooms].ListMembers(ctx, zegoRoom); err != nil || len(ms) == 0 {
		t.Fatalf("%s room %s: %d members, %v", DemoZegoRooms, zegoRoom, len(ms), err)
	}

	// An AV block on a Chat live room goes to trtc-av and shows in the member list.
	live := s.Chat().LiveRooms(DemoChatLiveSDKAppID)[0]
	before, err := byName[DemoChatLive].ListMembers(ctx, live.ID) // Chat lists at most 1000
	if err != nil || len(before) == 0 {
		t.Fatalf("%s room %s: %d members, %v", DemoChatLive, live.ID, len(before), err)
	}
	user := before[len(before)-1].UserID
	res, err := engine.Run(ctx, byName[DemoChatLive], backend.ActionRequest{Room: live.ID, Kind: backend.ActBlock,
		Users: []string{user}, AVMode: backend.AVAudio, Actor: admin}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 1 {
		t.Fatalf("block on %s: %v", DemoChatLive, outcomeErrs(res))
	}
	if got := s.TRTC().AVBlock(DemoTRTCAVSDKAppID, live.ID, user); got != 2 {
		t.Fatalf("emulator IsMute %d for %s, want 2 (audio)", got, user)
	}
	members, err := byName[DemoChatLive].ListMembers(ctx, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	shown := false
	for _, m := range members {
		shown = shown || (m.UserID == user && m.AVBlock == backend.AVAudio)
	}
	if !shown {
		t.Fatalf("the block on %s is not shown in %s's member list", user, live.ID)
	}

	// A mute on a ZEGO group (operator from the config) is applied.
	group := s.Zego().DemoGroups(DemoZegoGroupsAppID)[0]
	gms, err := byName[DemoZegoGroups].ListMembers(ctx, group)
	if err != nil || len(gms) < 2 {
		t.Fatalf("%s group %s: %d members, %v", DemoZegoGroups, group, len(gms), err)
	}
	target := gms[len(gms)-1].UserID
	res, err = engine.Run(ctx, byName[DemoZegoGroups], backend.ActionRequest{Room: group, Kind: backend.ActMute,
		Users: []string{target}, Duration: 10 * time.Minute, Actor: admin}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 1 {
		t.Fatalf("mute on %s: %v", DemoZegoGroups, outcomeErrs(res))
	}
}

func outcomeErrs(res *backend.Result) []string {
	if res == nil {
		return nil
	}
	var out []string
	for _, o := range res.Outcomes {
		if o.Err != nil {
			out = append(out, o.User+": "+o.Err.Error())
		}
	}
	return out
}

// The acceptance numbers, through the real providers and engine.
func TestAcceptanceQuotas(t *testing.T) {
	if testing.Short() {
		t.Skip("talks to the emulator at the documented rates")
	}
	s := demoServer(t)
	byName, engine := openDemo(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	admin := backend.Actor{Name: "e2e", Role: backend.RoleAdmin}
	rec := s.Env().Rec

	t.Run("chat: mute 1200 group members in 3 calls", func(t *testing.T) {
		rooms, err := byName[DemoChatGroups].ListRooms(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var group string
		for _, r := range rooms {
			if r.Members >= 1200 {
				group = r.ID
				break
			}
		}
		if group == "" {
			t.Skip("no demo group with 1200 members")
		}
		ms, err := byName[DemoChatGroups].ListMembers(ctx, group)
		if err != nil || len(ms) < 1200 {
			t.Fatalf("%d members listed, %v", len(ms), err)
		}
		before := rec.Calls("chat", "forbid_send_msg")
		res, err := engine.Run(ctx, byName[DemoChatGroups], backend.ActionRequest{Room: group, Kind: backend.ActMute,
			Users: userIDs(ms[:1200]), Duration: time.Hour, Actor: admin}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if errs := outcomeErrs(res); res.Applied != 1200 || res.Calls != 3 {
			t.Fatalf("applied %d calls %d %v", res.Applied, res.Calls, errs[:min(3, len(errs))])
		}
		if n := rec.Calls("chat", "forbid_send_msg") - before; n != 3 {
			t.Fatalf("emulator received %d forbid_send_msg", n)
		}
	})

	// "Blocking 200 users on TRTC in under 11 s with no rate-limit
	// rejection" runs once, through the real command, in cli's
	// TestDoneWhenBlock200OnTRTC; backend/trtc proves the pacing itself.

	t.Run("zego: blacklist 45 users in 3 calls", func(t *testing.T) {
		room := s.Zego().DemoRooms(DemoZegoRoomsAppID)[0]
		ms, err := byName[DemoZegoRooms].ListMembers(ctx, room)
		if err != nil || len(ms) < 45 {
			t.Fatalf("%d members, %v", len(ms), err)
		}
		before := rec.Calls("zego", "AddUsersToBlacklist")
		res, err := engine.Run(ctx, byName[DemoZegoRooms], backend.ActionRequest{Kind: backend.ActBlacklistAdd,
			Owner: DemoZegoOperator, Users: userIDs(ms[:45]), Actor: admin}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Calls != 3 || res.Applied+res.Failed != 45 {
			t.Fatalf("calls %d applied %d failed %d", res.Calls, res.Applied, res.Failed)
		}
		if n := rec.Calls("zego", "AddUsersToBlacklist") - before; n != 3 {
			t.Fatalf("emulator received %d AddUsersToBlacklist", n)
		}
	})
}

func openDemo(t *testing.T, s *Server) (map[string]backend.Provider, *backend.Engine) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := s.WriteConfig(path); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	pacer := connect.Pacer(cfg)
	providers, err := connect.Open(cfg, backend.Deps{Pacer: pacer, State: backend.NewMemoryState()})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]backend.Provider{}
	for _, p := range providers {
		byName[p.App().Name] = p
	}
	return byName, &backend.Engine{Pacer: pacer}
}

func userIDs(ms []backend.Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.UserID
	}
	return out
}
