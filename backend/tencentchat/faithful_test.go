package tencentchat

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Issue #7 point 9. A full blocklist is 30013 (ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT,
// "黑名单数已达系统上限"); 30010 is the friend list's limit (Chat's server error
// codes, https://cloud.tencent.com/document/product/269/1671, and the SDK's
// V2TIMErrorCode.h).
func TestBlocklistFullIs30013(t *testing.T) {
	full := vendorError("black_list_add", 30013, "Err_SNS_BlackListAdd_Count_Exceed", "", "r")
	if !strings.Contains(full.Meaning, "blocklist is full") || full.Retryable {
		t.Errorf("30013: %+v", full)
	}
	friends := vendorError("black_list_add", 30010, "", "", "r")
	if strings.Contains(friends.Meaning, "blocklist") || !strings.Contains(friends.Meaning, "friend") {
		t.Errorf("30010 is the friend list's limit, not the blocklist's: %+v", friends)
	}
}

// The fragile rule: per-user ResultCode 30001 means both "already / not in
// the blocklist" (done) and "invalid parameter" (failed); only ResultInfo
// tells them apart (black_list_add sample, https://cloud.tencent.com/document/product/269/3718;
// FAQ on 30001, https://www.tencentcloud.com/document/product/1047/34457).
// One row per wording the docs and the emulator use.
func TestBlacklist30001ByWording(t *testing.T) {
	cases := []struct {
		code int
		info string
		done bool
	}{
		{30001, "Err_SNS_BlackListAdd_Already_Exist", true}, // black_list_add sample
		{30001, "Err_SNS_BlackListDelete_Not_Exist", true},  // removing a user not in the list
		{30001, "", true}, // no wording: the FAQ's list/unlist cases
		{30001, "Err_SNS_BlackListAdd_Invalid_Param", false},                       // "invalid parameter" as the sample names it
		{30001, "invalid parameter: From_Account", false},                          // plain wording
		{30001, "Err_SNS_BlackListAdd_Invalid_Param: cannot block oneself", false}, // the emulator's self-block
		{30001, "INVALID request", false},                                          // case does not matter
		{30002, "Err_SNS_BlackListAdd_SdkAppId_Illegal", false},                    // another code is never a no-op
		{30013, "Err_SNS_BlackListAdd_Count_Exceed", false},
		{0, "", false}, // success is not a "no-op failure"
	}
	for _, c := range cases {
		if got := blacklistNoop(c.code, c.info); got != c.done {
			t.Errorf("%d %q: no-op %v, want %v", c.code, c.info, got, c.done)
		}
	}
}

// Issue #7 point 8: Community groups page get_group_member_info with Limit +
// Next ("" first, "" = done), never Offset ("社群目前不支持分页获取",
// https://cloud.tencent.com/document/product/269/1617); every page is
// deduped by user ID.
func TestCommunityMembersPageWithNext(t *testing.T) {
	page := func(from, to int, next string) string {
		var b strings.Builder
		for i := from; i < to; i++ {
			if i > from {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"Member_Account":"u%03d"}`, i)
		}
		return ok(`,"MemberNum":250,"Next":"` + next + `","MemberList":[` + b.String() + `]`)
	}
	c, f := newWireClient(t, true, map[string][]string{
		"/v4/group_open_http_svc/get_group_info": {ok(`,"GroupInfo":[{"GroupId":"cg","ErrorCode":0,"Type":"Community","MemberNum":250}]`)},
		// The second page repeats u199: the list moved between the calls.
		"/v4/group_open_http_svc/get_group_member_info": {page(0, 200, "144115265295492787"), page(199, 250, "")},
	})
	ms, count, err := c.ListMembersCounted(context.Background(), "cg")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 250 || count.Total != 250 || count.Capped {
		t.Fatalf("%d members, count %+v", len(ms), count)
	}
	want := []string{`{"GroupId":"cg","Limit":200,"Next":""}`, `{"GroupId":"cg","Limit":200,"Next":"144115265295492787"}`}
	var got []string
	for _, g := range f.got {
		if strings.HasSuffix(g.path, "/get_group_member_info") {
			got = append(got, g.body)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("bodies\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Live rooms come sorted by a moving ViewCount: a room repeated on the next
// page is listed once; each live room shows its views, not as members.
func TestLiveRoomListDedupedAndViewsNotMembers(t *testing.T) {
	c, _ := newWireClient(t, false, map[string][]string{
		"/v4/live_engine_http_srv/get_room_list": {
			live(`{"Next":"2","RoomList":[{"RoomId":"a","ViewCount":900},{"RoomId":"b","ViewCount":800}]}`),
			live(`{"Next":"","RoomList":[{"RoomId":"b","ViewCount":801},{"RoomId":"c","ViewCount":10}]}`)},
	})
	rooms, err := c.ListRooms(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rooms) != 3 || rooms[0].ID != "a" || rooms[1].ID != "b" || rooms[2].ID != "c" {
		t.Fatalf("rooms %+v", rooms)
	}
	if r := rooms[0]; r.Members != -1 || !r.ViewsKnown || r.Views != 900 {
		t.Fatalf("ViewCount is views, not members: %+v", r)
	}
}

// Every paged list dedupes by user ID: black_list_get pages by StartIndex,
// which shifts when the list changes between pages.
func TestBlacklistPagesDeduped(t *testing.T) {
	c, _ := newWireClient(t, false, map[string][]string{
		"/v4/sns/black_list_get": {
			ok(`,"BlackListItem":[{"To_Account":"x"},{"To_Account":"y"}],"StartIndex":2,"CurruentSequence":3`),
			ok(`,"BlackListItem":[{"To_Account":"y"},{"To_Account":"z"}],"StartIndex":0,"CurruentSequence":3`)},
	})
	bl, err := c.ListBlacklist(context.Background(), "o")
	if err != nil || len(bl) != 3 {
		t.Fatalf("blacklist %+v %v", bl, err)
	}
}
