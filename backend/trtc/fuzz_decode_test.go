package trtc

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

// fuzzTransport answers the first `left` requests with body (under the
// SDK, through quell's statusTransport) and fails the rest.
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
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Request: r,
		Body: io.NopCloser(bytes.NewReader(f.body)), ContentLength: int64(len(f.body))}, nil
}

// FuzzTRTCDecode feeds one answer to the room and member lists and to an
// action, through the SDK's own decoding: truncated JSON, huge arrays,
// wrong types and nulls end in an error or a result, never a panic.
func FuzzTRTCDecode(f *testing.F) {
	for _, s := range []string{
		`{"Response":{"RequestId":"r"}}`,
		`{"Response":{"Total":2,"RoomList":[{"CommId":"c1","RoomString":"42","CreateTime":1700000000,"DestroyTime":0,"IsFinished":false,"UserId":"o"}],"RequestId":"r"}}`,
		`{"Response":{"Total":1,"UserList":[{"RoomStr":"42","UserId":"a","JoinTs":1700000000,"LeaveTs":1700000100,"Finished":false}],"RequestId":"r"}}`,
		`{"Response":{"Total":1,"UserList":null,"RequestId":"r"}}`,
		`{"Response":{"Error":{"Code":"InternalError.UserNotExist","Message":"gone"},"RequestId":"r"}}`,
		`{"Response":{"Total":"2","RoomList":"none"}}`,
		`{"Response":{"Total":18446744073709551615,"UserList":[{"JoinTs":-1,"LeaveTs":1e30}]}}`,
		`{"Response":{"RoomList":[` + strings.Repeat(`{"CommId":"c","RoomString":"42"},`, 2000) + `{}]}}`,
		`{"Response":{"RoomList":[{"CommId":"c"`, `null`, ``, `{"Response":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for _, str := range []bool{false, true} {
			tr := &fuzzTransport{body: body, left: 3}
			c, err := New(Options{Name: "trtc-fuzz", SDKAppID: 1400000001, Region: "ap-singapore", StringRoomIDs: str,
				SecretID: "AKIDtest", SecretKey: "keytest", Endpoint: "http://trtc.invalid"},
				backend.Deps{HTTP: &http.Client{Transport: tr}, Now: func() time.Time { return fixedNow },
					Pacer: backend.NewPacer(map[string]float64{"DescribeRoomInfo": 1e12, "DescribeUserInfo": 1e12})})
			if err != nil {
				t.Fatal(err)
			}
			_, _ = c.ListRooms(ctx)
			tr.left = 3
			_, _ = c.ListMembers(ctx, "42")
			tr.left = 1
			plan, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "42", Users: []string{"a"}})
			if err != nil {
				t.Fatal(err)
			}
			_ = plan.Exec(ctx, []string{"a"})
		}
	})
}
