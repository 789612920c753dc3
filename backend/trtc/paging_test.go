package trtc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// TestListRooms130OpenRooms is issue #7's "a TRTC app with 130 open rooms
// lists all 130": the emulator answers Total as the records on each page
// (100, then 30), so a client that stops at len(all) >= Total lists 100.
func TestListRooms130OpenRooms(t *testing.T) {
	rig := newEmuRig(t)
	for i := range 130 {
		rig.emu.AddRoom(emuNumeric, fmt.Sprint(5000+i), []string{"host", fmt.Sprintf("guest-%d", i)})
	}
	c := rig.client(t, "num", emuNumeric, "emukey")
	rooms, err := c.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != 130 {
		t.Fatalf("listed %d rooms, want 130", len(rooms))
	}
	if n := rig.env.Rec.Calls("trtc", "DescribeRoomInfo"); n != 2 {
		t.Fatalf("%d DescribeRoomInfo calls, want 2 (100 + a short page of 30)", n)
	}
	// The room on the second page has its CommId: members list at once.
	members, err := c.ListMembers(context.Background(), "5129")
	if err != nil || len(members) != 2 {
		t.Fatalf("members of the 130th room: %v %v", members, err)
	}
}

// TestCommIDLookupPagesPastTotal: looking up one room's CommId pages the
// same way. Its open call is on the second page although the first page's
// Total (its own 100 records) equals what was read so far.
func TestCommIDLookupPagesPastTotal(t *testing.T) {
	c, ws, _ := newWire(t, true)
	page := func(from, n int, open bool) string {
		var b strings.Builder
		fmt.Fprintf(&b, `{"Response":{"Total":%d,"RoomList":[`, n)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fin := "true"
			if open && i == n-1 {
				fin = "false"
			}
			fmt.Fprintf(&b, `{"CommId":"c%d","RoomString":"busy","CreateTime":%d,"IsFinished":%s}`, from+i, 1699990000+from+i, fin)
		}
		b.WriteString(`],"RequestId":"r"}}`)
		return b.String()
	}
	ws.answers["DescribeRoomInfo"] = []string{page(0, 100, false), page(100, 3, true)}
	ws.answers["DescribeUserInfo"] = []string{`{"Response":{"Total":1,"UserList":[{"UserId":"u1","JoinTs":1699999000,"LeaveTs":1700000000,"Finished":false}],"RequestId":"r"}}`}
	members, err := c.ListMembers(context.Background(), "busy")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 1 || members[0].UserID != "u1" {
		t.Fatalf("members %+v", members)
	}
	if !strings.Contains(ws.seen[2].body, `"CommId":"c102"`) {
		t.Fatalf("DescribeUserInfo asked about %s, want the open call c102", ws.seen[2].body)
	}
}

// TestStillIn: Finished decides; without it LeaveTs at about now means the
// user is still in the room (UserInformation.LeaveTs, models.go).
func TestStillIn(t *testing.T) {
	now := time.Unix(1700000000, 0)
	u64 := func(v uint64) *uint64 { return &v }
	yes, no := true, false
	cases := []struct {
		name string
		u    userInformation
		in   bool
	}{
		{"finished false", userInformation{LeaveTs: u64(1699990000), Finished: &no}, true},
		{"finished true, LeaveTs now", userInformation{LeaveTs: u64(1700000000), Finished: &yes}, false},
		{"no Finished, LeaveTs now", userInformation{LeaveTs: u64(1700000000)}, true},
		{"no Finished, LeaveTs a few seconds behind", userInformation{LeaveTs: u64(1699999995)}, true},
		{"no Finished, LeaveTs an hour ago", userInformation{LeaveTs: u64(1699996400)}, false},
		{"no Finished, no LeaveTs", userInformation{}, true},
	}
	for _, tc := range cases {
		if got := stillIn(tc.u, now); got != tc.in {
			t.Errorf("%s: stillIn %v, want %v", tc.name, got, tc.in)
		}
	}
}

// TestMembersWithLeaveTsNow: the emulator sends LeaveTs = now for present
// users; they are listed, the kicked one is not.
func TestMembersWithLeaveTsNow(t *testing.T) {
	rig := newEmuRig(t)
	rig.emu.AddRoom(emuNumeric, "6001", []string{"a", "b", "c"})
	c := rig.client(t, "num", emuNumeric, "emukey")
	run(t, c, backend.ActionRequest{Kind: backend.ActKick, Room: "6001", Users: []string{"b"}})
	members, err := c.ListMembers(context.Background(), "6001")
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 2 || members[0].UserID == "b" || members[1].UserID == "b" {
		t.Fatalf("members %+v", members)
	}
	if _, err := c.ListMembers(context.Background(), "6999"); !errors.Is(err, ErrRoomNotOpen) {
		t.Fatalf("unknown room: %v", err)
	}
}
