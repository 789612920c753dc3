package tencentchat_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/tencentchat"
)

// Issue #7 point 10, done when: "a Chat live member list over 1,000 says so".
// get_member_list lists at most 1,000 members (providers.md §2;
// https://www.tencentcloud.com/document/product/1047/61232): the list says
// how many of how many it shows, and actions still take any user ID.
func TestLiveMemberListOver1000SaysSo(t *testing.T) {
	w := newWorld(t)
	big := w.emu.AddLiveRoom(itApp, "big", 19976)
	c := w.client(t, false, itKey)
	ctx := context.Background()
	ms, count, err := backend.ListMembersCounted(ctx, c, "big")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1000 || count.Total != 19976 || !count.Capped || count.Limit != 1000 || count.Why == "" {
		t.Fatalf("%d members, count %+v", len(ms), count)
	}
	if got, want := count.Note(len(ms)), "1,000 of 19,976 shown — the vendor lists at most 1,000"; got != want {
		t.Fatalf("note %q, want %q", got, want)
	}
	listed := map[string]bool{}
	for _, m := range ms {
		listed[m.UserID] = true
	}
	var unlisted string
	for _, u := range big {
		if !listed[u] {
			unlisted = u
			break
		}
	}
	run(t, c, backend.ActionRequest{Kind: backend.ActMute, Room: "big", Users: []string{unlisted}, Duration: time.Minute})
	if w.emu.MutedUntil(itApp, "big", unlisted).IsZero() {
		t.Fatal("a user the vendor does not list could not be muted")
	}

	small := w.emu.AddLiveRoom(itApp, "small", 40)
	ms, count, err = c.ListMembersCounted(ctx, "small")
	if err != nil || len(ms) != len(small) || count.Capped || count.Total != 40 || count.Note(len(ms)) != "" {
		t.Fatalf("small room: %d members, %+v, %v", len(ms), count, err)
	}
}

// Point 7: a live room's ViewCount is its total views, never its members.
func TestLiveRoomsShowViewsNotMembers(t *testing.T) {
	w := newWorld(t)
	w.emu.AddLiveRoom(itApp, "r", 40) // 40 members, 60 views
	rooms, err := w.client(t, false, itKey).ListRooms(context.Background())
	if err != nil || len(rooms) != 1 {
		t.Fatalf("%+v %v", rooms, err)
	}
	if r := rooms[0]; r.Members != -1 || !r.ViewsKnown || r.Views != 60 {
		t.Fatalf("room %+v: views must not pass for members", r)
	}
}

// Point 8: paging under a moving ViewCount repeats rooms; each shows once.
func TestLiveRoomPagingUnderMovingViewCount(t *testing.T) {
	w := newWorld(t)
	for _, id := range strings.Fields("r01 r02 r03 r04 r05 r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20 r21 r22 r23 r24 r25") {
		w.emu.AddLiveRoom(itApp, id, 4)
	}
	for i, id := range strings.Fields("r01 r02 r03 r04 r05 r06 r07 r08 r09 r10 r11 r12 r13 r14 r15 r16 r17 r18 r19 r20 r21 r22 r23 r24 r25") {
		w.emu.SetViews(itApp, id, 1000-i)
	}
	// After the first page, r25 jumps to the top: r20 slides onto page two.
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		w.env.Middleware(w.emu).ServeHTTP(rec, r)
		if strings.HasSuffix(r.URL.Path, "/get_room_list") {
			once.Do(func() { w.emu.SetViews(itApp, "r25", 5000) })
		}
		for k, v := range rec.Header() {
			rw.Header()[k] = v
		}
		rw.WriteHeader(rec.Code)
		_, _ = rw.Write(rec.Body.Bytes())
	}))
	defer srv.Close()
	c, err := tencentchat.New(tencentchat.Options{Name: "it", SDKAppID: itApp, Admin: itAdmin, SecretKey: itKey, Endpoint: srv.URL},
		backend.Deps{Pacer: backend.NewPacer(nil)})
	if err != nil {
		t.Fatal(err)
	}
	rooms, err := c.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range rooms {
		if seen[r.ID] {
			t.Fatalf("room %s listed twice", r.ID)
		}
		seen[r.ID] = true
	}
	if !seen["r20"] || len(rooms) != 24 { // r25 moved onto a page already read: skipped, as on the cloud
		t.Fatalf("listed %d rooms", len(rooms))
	}
	if w.env.Rec.Calls("chat", "get_room_list") != 2 {
		t.Fatalf("%d get_room_list calls", w.env.Rec.Calls("chat", "get_room_list"))
	}
}

// Point 8 through the emulator: a Community group lists every member with
// Next; Offset is refused (10004) as the vendor does not support it.
func TestCommunityGroupAgainstEmulator(t *testing.T) {
	w := newWorld(t)
	w.emu.AddGroup(itApp, "@TGS#2COMMUNITY", "Community", 450)
	c := w.client(t, true, itKey)
	ms, count, err := c.ListMembersCounted(context.Background(), "@TGS#2COMMUNITY")
	if err != nil || len(ms) != 450 || count.Total != 450 || count.Capped {
		t.Fatalf("%d members, %+v, %v", len(ms), count, err)
	}
	if n := w.env.Rec.Rejected("chat", "get_group_member_info", "10004"); n != 0 {
		t.Fatalf("%d pages refused", n)
	}
}
