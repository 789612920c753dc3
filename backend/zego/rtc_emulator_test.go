package zego_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/zego"
)

func (r *rig) rtcClient(t *testing.T, watch ...string) *zego.RTCClient {
	t.Helper()
	c, err := zego.NewRTC(zego.Options{Name: "zrtc", AppID: appID, ServerSecret: secret, Endpoint: r.url, Watch: watch},
		backend.Deps{Pacer: r.pacer, State: r.state})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The test: kicking 12 users from a ZEGO RTC room makes 3
// KickoutUser calls (5 + 5 + 2), and they leave the room.
func TestRTCKick12UsersThreeCalls(t *testing.T) {
	r := newRig(t)
	var users []string
	for i := range 20 {
		users = append(users, fmt.Sprintf("viewer-%02d", i))
	}
	r.emu.AddRTCHosts(appID, "live-1", "host")
	r.emu.AddRTCRoom(appID, "live-1", users...)
	c := r.rtcClient(t, "live-1")
	res, err := r.engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActKick, Room: "live-1",
		Users: users[:12], Reason: "spam", Actor: moderator()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := r.env.Rec.Calls("zego", "KickoutUser"); n != 3 {
		t.Fatalf("%d KickoutUser calls, want 3", n)
	}
	if n := r.env.Rec.MaxApplied("zego", "KickoutUser"); n > 5 {
		t.Fatalf("one call kicked %d users; ZEGO allows 5", n)
	}
	if res.Applied != 12 || res.Failed != 0 {
		t.Fatalf("applied %d failed %d: %+v", res.Applied, res.Failed, res.Outcomes)
	}
	for i, u := range users {
		if r.emu.InRTCRoom(appID, "live-1", u) != (i >= 12) {
			t.Errorf("%s: emulator state disagrees", u)
		}
	}
	ms, err := c.ListMembers(context.Background(), "live-1")
	if err != nil || len(ms) != 9 || ms[0].UserID != "host" || ms[0].Role != "host" {
		t.Fatalf("members after the kick %+v %v", ms, err)
	}
}

func TestRTCListAndCloseThroughEmulator(t *testing.T) {
	r := newRig(t)
	var users []string
	for i := range 230 {
		users = append(users, fmt.Sprintf("u%03d", i))
	}
	r.emu.AddRTCRoom(appID, "big", users...)
	r.emu.AddRTCRoom(appID, "small#1", "a", "b")
	c := r.rtcClient(t, "big", "small#1", "never-opened")

	rooms, err := c.ListRooms(context.Background())
	if err != nil || len(rooms) != 3 || rooms[0].Members != 230 || !rooms[0].Live || rooms[1].Members != 2 || rooms[2].Live {
		t.Fatalf("rooms %+v %v", rooms, err)
	}
	if n := r.env.Rec.Calls("zego", "DescribeUserNum"); n != 1 {
		t.Fatalf("%d DescribeUserNum calls for 3 rooms, want 1", n)
	}
	ms, err := c.ListMembers(context.Background(), "big")
	if err != nil || len(ms) != 230 {
		t.Fatalf("listed %d: %v", len(ms), err)
	}
	// Two pages, paced to ZEGO's 1/s per room: the emulator refused none.
	if n := r.env.Rec.Calls("zego", "DescribeUserList"); n != 2 {
		t.Fatalf("%d DescribeUserList calls, want 2", n)
	}
	if n := r.env.Rec.Rejected("zego", "DescribeUserList", "207"); n != 0 {
		t.Fatalf("%d pages refused for the room's rate", n)
	}

	// Close both rooms: CloseRoom's 1/s is for the whole app, so the second
	// waits rather than being refused.
	for _, room := range []string{"big", "small#1"} {
		res, err := r.engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActDismiss, Room: room, Actor: moderator()}, nil)
		if err != nil || res.Failed != 0 {
			t.Fatalf("close %s: %+v %v", room, res, err)
		}
	}
	if n := r.env.Rec.Rejected("zego", "CloseRoom", "206"); n != 0 {
		t.Fatalf("%d CloseRoom calls refused for the app's 1/s", n)
	}
	if r.emu.RTCRoomSize(appID, "big") != 0 || r.emu.RTCRoomSize(appID, "small#1") != 0 {
		t.Fatal("rooms still open")
	}
	// A closed room is gone: closing it again fails with ZEGO's 5018, and it
	// lists as not live with nobody in it.
	res, err := r.engine.Run(context.Background(), c, backend.ActionRequest{Kind: backend.ActDismiss, Room: "big", Actor: moderator()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outcomes) != 1 || res.Outcomes[0].Err == nil || res.Outcomes[0].Err.Code != "5018" {
		t.Fatalf("closing a closed room: %+v", res.Outcomes)
	}
	rooms, err = c.ListRooms(context.Background())
	if err != nil || rooms[0].Live || rooms[0].Members != 0 {
		t.Fatalf("rooms after close %+v %v", rooms, err)
	}
	if ms, err := c.ListMembers(context.Background(), "big"); err != nil || len(ms) != 0 {
		t.Fatalf("members of a closed room %v %v", ms, err)
	}
}
