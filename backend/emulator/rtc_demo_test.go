package emulator

import (
	"context"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// The demo's zego-rtc app, from the written config through quell's loader
// and real providers: its watched RTC rooms list with members, a kick of 12
// takes 3 KickoutUser calls, and a closed room is gone.
func TestDemoZegoRTC(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	s := demoServer(t)
	byName, engine := openDemo(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := byName[DemoZegoRTC]
	if p == nil || p.App().RoomKind != backend.RoomZegoRTC {
		t.Fatalf("zego-rtc is not an RTC app: %+v", p)
	}
	if _, ok := p.(backend.Watcher); !ok {
		t.Fatal("RTC rooms cannot be listed, so the app must take :watch")
	}
	rooms, err := p.ListRooms(ctx)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("rooms %v %v", rooms, err)
	}
	for _, r := range rooms {
		if !r.Live || r.Members == 0 {
			t.Errorf("watched demo room %s: live %v, %d members", r.ID, r.Live, r.Members)
		}
	}
	big := rooms[0]
	ms, err := p.ListMembers(ctx, big.ID)
	if err != nil || len(ms) != big.Members || len(ms) <= 200 {
		t.Fatalf("%s: listed %d of %d: %v (the demo's big room takes several pages)", big.ID, len(ms), big.Members, err)
	}

	rec := s.Env().Rec
	before := rec.Calls("zego", "KickoutUser")
	var users []string
	for _, m := range ms[len(ms)-12:] {
		users = append(users, m.UserID)
	}
	admin := backend.Actor{Name: "e2e", Role: backend.RoleAdmin}
	res, err := engine.Run(ctx, p, backend.ActionRequest{Kind: backend.ActKick, Room: big.ID, Users: users, Actor: admin}, nil)
	if err != nil || res.Applied != 12 {
		t.Fatalf("kick: %+v %v", res, err)
	}
	if n := rec.Calls("zego", "KickoutUser") - before; n != 3 {
		t.Fatalf("%d KickoutUser calls for 12 users, want 3", n)
	}
	for _, u := range users {
		if s.Zego().InRTCRoom(DemoZegoRTCAppID, big.ID, u) {
			t.Errorf("%s is still in %s", u, big.ID)
		}
	}

	small := rooms[len(rooms)-1].ID
	if res, err := engine.Run(ctx, p, backend.ActionRequest{Kind: backend.ActDismiss, Room: small, Actor: admin}, nil); err != nil || res.Failed != 0 {
		t.Fatalf("close %s: %+v %v", small, res, err)
	}
	if s.Zego().RTCRoomSize(DemoZegoRTCAppID, small) != 0 {
		t.Fatalf("%s still open", small)
	}
}
