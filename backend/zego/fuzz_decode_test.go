package zego

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// fuzzTransport answers the first `left` requests with body and fails the
// rest, so a list reads a page or two of fuzz, never pages forever.
type fuzzTransport struct {
	body []byte
	left int
}

func (f *fuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	if f.left <= 0 {
		return nil, errors.New("no more answers")
	}
	f.left--
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
		Body: io.NopCloser(bytes.NewReader(f.body)), ContentLength: int64(len(f.body))}, nil
}

func fastPacer() *backend.Pacer {
	rates := map[string]float64{}
	for _, a := range []string{actQueryBlacklist, actQueryRoomUsers, actQueryGroupMember, actQueryAppGroups,
		actAddBlacklist, actRemoveBlacklist, actDescribeUserList, actDescribeUserNum, actDescribeUserList + " per room",
		"QueryRoomUserNum", "QueryGroupInfo"} {
		rates[a] = 1e12
	}
	return backend.NewPacer(rates)
}

// FuzzZegoDecode feeds one answer to every ZIM and RTC list and to a
// blacklist edit (ErrList): never a panic, and no failure reported for a
// user the call did not name.
func FuzzZegoDecode(f *testing.F) {
	for _, s := range []string{
		`{"Code":0,"Message":"success","RequestId":"r"}`,
		`{"Code":0,"RequestId":"r","Count":2,"NextFlag":"","UserList":[{"UserId":"a","UserName":"A"},{"UserId":"b"}]}`,
		`{"Code":0,"TotalCount":1,"Next":0,"MemberList":[{"UserId":"a","Role":1}]}`,
		`{"Code":0,"GroupIdList":[{"GroupId":"g","GroupName":"n"}],"Next":3}`,
		`{"Code":0,"TotalCount":1,"Next":0,"Blacklist":[{"UserId":"x","UpdateTime":1700000000000}]}`,
		`{"Code":0,"ErrList":[{"UserId":"x","SubCode":660800040},{"UserId":"zz","SubCode":1}]}`,
		`{"Code":0,"Data":{"Marker":"","UserList":[{"UserId":"a","UserRole":1}]}}`,
		`{"Code":0,"Data":{"UserCountList":[{"RoomId":"r","UserCount":"7"}]}}`,
		`{"Code":660300005,"Message":"qps"}`,
		`{"Code":"0","UserList":"none"}`,
		`{"Code":0,"UserList":[` + strings.Repeat(`{"UserId":"u"},`, 2000) + `{}]}`,
		`{"Code":0,"UserList":[{"UserId":"a"`, `null`, ``, `{"Code":1e400}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// Lists retry a retryable code after 200 ms and more: a short
		// deadline ends those retries, so each input takes milliseconds.
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		for _, group := range []bool{false, true} {
			tr := &fuzzTransport{body: body, left: 3}
			deps := backend.Deps{Pacer: fastPacer(), HTTP: &http.Client{Transport: tr}, Now: func() time.Time { return fixedNow }}
			c, err := New(Options{Name: "zg", AppID: 12345, ServerSecret: "9193cc662a4c0ec135ec71fb57194b38",
				Endpoint: "http://zego.invalid", Operator: "admin-bot", Group: group, Watch: []string{"lobby"}}, deps)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = c.ListRooms(ctx)
			tr.left = 3
			_, _ = c.ListMembers(ctx, "lobby")
			tr.left = 3
			_, _ = c.ListMuted(ctx, "lobby")
			tr.left = 3
			_, _ = c.ListBlacklist(ctx, "owner")
			tr.left = 1
			plan := c.planBlacklist(actAddBlacklist, backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "owner", Users: []string{"x", "y"}})
			res := plan.Exec(ctx, []string{"x", "y"})
			for u := range res.Failed {
				if u != "x" && u != "y" {
					t.Fatalf("a failure for %q, who was not in the call", u)
				}
			}
			tr.left = 3
			rtc, err := NewRTC(Options{Name: "rtc", AppID: 12345, ServerSecret: "9193cc662a4c0ec135ec71fb57194b38",
				Endpoint: "http://zego.invalid", Watch: []string{"stage-1"}}, deps)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = rtc.ListRooms(ctx)
			tr.left = 3
			_, _ = rtc.ListMembers(ctx, "stage-1")
		}
	})
}
