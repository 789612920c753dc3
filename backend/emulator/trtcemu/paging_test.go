package trtcemu

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestDescribeRoomInfoTotalIsThisPage: Total counts the records on the page
// ("返回当页数据总数", tencentcloud-sdk-go
// tencentcloud/trtc/v20190722/models.go DescribeRoomInfoResponseParams), and
// a request missing PageNumber or PageSize gets the first 10 rows ("其中一个
// 不填均默认返回10条数据").
func TestDescribeRoomInfoTotalIsThisPage(t *testing.T) {
	e, _ := newTestEmu(t)
	for i := range 130 {
		e.AddRoom(numApp, fmt.Sprint(1000+i), []string{"host"})
	}
	window := fmt.Sprintf(`"SdkAppId":1400000001,"StartTime":%d,"EndTime":%d`, t0.Unix()-3600, t0.Unix())
	cases := []struct {
		name        string
		paging      string
		total, rows int
	}{
		{"first page of 100", `,"PageNumber":0,"PageSize":100`, 100, 100},
		{"second page of 100", `,"PageNumber":1,"PageSize":100`, 30, 30},
		{"no paging", ``, 10, 10},
		{"PageSize only", `,"PageSize":100`, 10, 10},
		{"PageNumber only", `,"PageNumber":1`, 10, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := send(t, e, req{action: "DescribeRoomInfo", body: "{" + window + c.paging + "}"})
			if code := a.code(); code != "" {
				t.Fatal(code)
			}
			var total int
			var list []json.RawMessage
			_ = json.Unmarshal(a.Response["Total"], &total)
			_ = json.Unmarshal(a.Response["RoomList"], &list)
			if total != c.total || len(list) != c.rows {
				t.Fatalf("Total %d with %d rows, want %d with %d", total, len(list), c.total, c.rows)
			}
		})
	}
}

// TestDescribeUserInfoLeaveTsIsNowWhilePresent: LeaveTs is the current time
// for a user still in the room ("用户没有退房则返回当前时间", models.go
// UserInformation) and the leave time for one who left; Finished tells them
// apart.
func TestDescribeUserInfoLeaveTsIsNowWhilePresent(t *testing.T) {
	e, _ := newTestEmu(t)
	e.AddRoom(numApp, "77", []string{"stays", "goes"})
	if c := send(t, e, req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":77,"UserIds":["goes"]}`}).code(); c != "" {
		t.Fatal(c)
	}
	comm := e.apps[numApp].calls[0].commID
	a := send(t, e, req{action: "DescribeUserInfo", body: fmt.Sprintf(`{"SdkAppId":1400000001,"CommId":%q,"StartTime":%d,"EndTime":%d,"PageNumber":0,"PageSize":100}`,
		comm, t0.Unix()-3600, t0.Unix())})
	if c := a.code(); c != "" {
		t.Fatal(c)
	}
	var list []struct {
		UserId   string
		LeaveTs  int64
		Finished bool
	}
	_ = json.Unmarshal(a.Response["UserList"], &list)
	if len(list) != 2 {
		t.Fatalf("users %+v", list)
	}
	for _, u := range list {
		switch {
		case u.UserId == "stays" && (u.LeaveTs != t0.Unix() || u.Finished):
			t.Errorf("present user %+v: want LeaveTs = now, Finished false", u)
		case u.UserId == "goes" && (u.LeaveTs == 0 || !u.Finished):
			t.Errorf("departed user %+v: want a LeaveTs and Finished true", u)
		}
	}
}
