package trtcemu

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

type roomList struct {
	Total    int
	RoomList []struct {
		CommId, RoomString, UserId string
		CreateTime, DestroyTime    int64
		IsFinished                 bool
	}
}

type userList struct {
	Total    int
	UserList []struct {
		RoomStr, UserId string
		JoinTs, LeaveTs int64
		Finished        bool
	}
}

func decodeInto(t *testing.T, a answer, v any) {
	t.Helper()
	if c := a.code(); c != "" {
		t.Fatalf("error answer %s", c)
	}
	b, _ := json.Marshal(a.Response)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestStateRoundTripStringRooms(t *testing.T) {
	e, env := newTestEmu(t)
	e.AddRoom(strApp, "stage 1", []string{"host", "alice", "bob"})
	blk := func(user string, mute int) string {
		return send(t, e, req{action: "SetUserBlockedByStrRoomId",
			body: fmt.Sprintf(`{"SdkAppId":1400000002,"StrRoomId":"stage 1","UserId":%q,"IsMute":%d}`, user, mute)}).code()
	}
	if c := blk("alice", 3); c != "" {
		t.Fatal(c)
	}
	if e.AVBlock(strApp, "stage 1", "alice") != 3 {
		t.Fatal("video block not applied")
	}
	if c := blk("alice", 0); c != "" || e.AVBlock(strApp, "stage 1", "alice") != 0 {
		t.Fatalf("unblock: %q %d", c, e.AVBlock(strApp, "stage 1", "alice"))
	}
	if c := blk("mallory", 1); c != "FailedOperation.UserNotExist" {
		t.Fatalf("absent user: %q", c)
	}
	if c := blk("bob", 1); c != "" {
		t.Fatal(c)
	}
	if c := send(t, e, req{action: "RemoveUserByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":"stage 1","UserIds":["bob","ghost"]}`}).code(); c != "" {
		t.Fatal(c)
	}
	if e.InRoom(strApp, "stage 1", "bob") || e.AVBlock(strApp, "stage 1", "bob") != 0 {
		t.Fatal("kicked user still in room or still blocked")
	}
	if env.Rec.AppliedUsers("trtc", "RemoveUserByStrRoomId") != 1 {
		t.Fatal("kick of an absent user counted as applied")
	}

	var rooms roomList
	decodeInto(t, send(t, e, req{action: "DescribeRoomInfo", body: fmt.Sprintf(`{"SdkAppId":1400000002,"StartTime":%d,"EndTime":%d,"PageNumber":0,"PageSize":100}`,
		t0.Add(-time.Hour).Unix(), t0.Unix())}), &rooms)
	if rooms.Total != 1 || rooms.RoomList[0].RoomString != "stage 1" || rooms.RoomList[0].IsFinished || rooms.RoomList[0].UserId != "host" {
		t.Fatalf("rooms: %+v", rooms)
	}
	comm := rooms.RoomList[0].CommId
	if comm != fmt.Sprintf("1400000002_stage 1_%d", t0.Unix()) {
		t.Fatalf("CommId %q", comm)
	}

	if c := send(t, e, req{action: "DismissRoomByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":"stage 1"}`}).code(); c != "" {
		t.Fatal(c)
	}
	if e.RoomOpen(strApp, "stage 1") {
		t.Fatal("room open after dismiss")
	}
	if c := blk("alice", 1); c != "FailedOperation.RoomNotExist" {
		t.Fatalf("block in dismissed room: %q", c)
	}
	decodeInto(t, send(t, e, req{action: "DescribeRoomInfo", body: fmt.Sprintf(`{"SdkAppId":1400000002,"StartTime":%d,"EndTime":%d,"PageNumber":0,"PageSize":100}`,
		t0.Add(-time.Hour).Unix(), t0.Unix())}), &rooms)
	if rooms.Total != 1 || !rooms.RoomList[0].IsFinished || rooms.RoomList[0].DestroyTime != t0.Unix() {
		t.Fatalf("dismissed room: %+v", rooms)
	}

	var users userList
	decodeInto(t, send(t, e, req{action: "DescribeUserInfo", body: fmt.Sprintf(`{"SdkAppId":1400000002,"CommId":%q,"StartTime":%d,"EndTime":%d,"PageNumber":0,"PageSize":100}`,
		comm, t0.Add(-time.Hour).Unix(), t0.Unix())}), &users)
	if users.Total != 3 {
		t.Fatalf("users: %+v", users)
	}
	for _, u := range users.UserList {
		if !u.Finished || u.LeaveTs == 0 {
			t.Fatalf("user still marked in a dismissed room: %+v", u)
		}
	}
}

func TestListLimits(t *testing.T) {
	e, _ := newTestEmu(t)
	span := func(action string, d time.Duration, extra string) string {
		return send(t, e, req{action: action, body: fmt.Sprintf(`{"SdkAppId":1400000001,"StartTime":%d,"EndTime":%d%s}`,
			t0.Add(-d).Unix(), t0.Unix(), extra)}).code()
	}
	if c := span("DescribeRoomInfo", 25*time.Hour, ""); c != "InvalidParameter.QueryScaleOversize" {
		t.Fatalf("room span: %q", c)
	}
	if c := span("DescribeRoomInfo", 24*time.Hour, `,"PageNumber":0,"PageSize":101`); c != "InvalidParameter.PageSizeOversize" {
		t.Fatalf("page size: %q", c)
	}
	if c := span("DescribeUserInfo", 5*time.Hour, `,"CommId":"x"`); c != "InvalidParameter.QueryScaleOversize" {
		t.Fatalf("user span: %q", c)
	}
	if c := span("DescribeUserInfo", 4*time.Hour, `,"CommId":"x","PageNumber":0,"PageSize":100`); c != "" {
		t.Fatalf("4 h user span: %q", c)
	}
}

func TestDescribeUserInfoPages(t *testing.T) {
	e, _ := newTestEmu(t)
	users := make([]string, 250)
	for i := range users {
		users[i] = fmt.Sprintf("u%03d", i)
	}
	e.AddRoom(numApp, "5", users)
	comm := fmt.Sprintf("1400000001_5_%d", t0.Unix())
	var seen []string
	for pg := 0; ; pg++ {
		var page userList
		decodeInto(t, send(t, e, req{action: "DescribeUserInfo", body: fmt.Sprintf(`{"SdkAppId":1400000001,"CommId":%q,"StartTime":%d,"EndTime":%d,"PageNumber":%d,"PageSize":100}`,
			comm, t0.Add(-4*time.Hour).Unix(), t0.Unix(), pg)}), &page)
		for _, u := range page.UserList {
			seen = append(seen, u.UserId)
		}
		if len(page.UserList) < 100 {
			break
		}
	}
	if !slices.Equal(seen, users) {
		t.Fatalf("paged %d users, want 250 in join order", len(seen))
	}
	// Without both paging fields Tencent answers six records.
	var short userList
	decodeInto(t, send(t, e, req{action: "DescribeUserInfo", body: fmt.Sprintf(`{"SdkAppId":1400000001,"CommId":%q,"StartTime":%d,"EndTime":%d,"PageSize":100}`,
		comm, t0.Add(-4*time.Hour).Unix(), t0.Unix())}), &short)
	if len(short.UserList) != 6 {
		t.Fatalf("default page: %d", len(short.UserList))
	}
}

func TestSeedDemoDeterministicAndRealistic(t *testing.T) {
	build := func() *Emulator {
		e, _ := newTestEmu(t)
		e.SeedDemo(numApp)
		e.SeedDemo(strApp)
		return e
	}
	a, b := build(), build()
	for _, app := range []uint64{numApp, strApp} {
		rooms := a.Rooms(app)
		if len(rooms) < 24 || !slices.Equal(rooms, b.Rooms(app)) {
			t.Fatalf("app %d: %d rooms, or not deterministic", app, len(rooms))
		}
		biggest, hostile := 0, false
		for _, r := range rooms {
			if app == strApp && !stringRoom(r) || app == numApp && !numericRoom(r) {
				t.Fatalf("seeded room %q breaks the ID rules", r)
			}
			m := a.Members(app, r)
			if !slices.Equal(m, b.Members(app, r)) {
				t.Fatalf("room %q members differ between runs", r)
			}
			if len(m) < 5 || len(m) > 2000 {
				t.Fatalf("room %q has %d members", r, len(m))
			}
			biggest = max(biggest, len(m))
			for _, u := range m {
				if strings.Contains(u, "\x1b") {
					hostile = true
				}
			}
		}
		if biggest != 2000 || !hostile {
			t.Fatalf("app %d: biggest room %d, hostile IDs %v", app, biggest, hostile)
		}
	}
}

func TestChurnMovesMembers(t *testing.T) {
	e, env := newTestEmu(t)
	e.SeedDemo(numApp)
	before := map[string][]string{}
	for _, r := range e.Rooms(numApp) {
		before[r] = e.Members(numApp, r)
	}
	now := t0
	for range 300 {
		now = now.Add(time.Second)
		e.Churn(now)
	}
	env.SetClock(func() time.Time { return now })
	changed := 0
	for r, m := range before {
		if !slices.Equal(m, e.Members(numApp, r)) {
			changed++
		}
	}
	if changed < 5 {
		t.Fatalf("only %d rooms changed after 300 churn steps", changed)
	}
}
