package tencentchat

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

// fuzzTransport answers the first `left` requests with body, in HTTP 200,
// and fails the rest: every list reads one or two fuzzed pages, never pages
// on forever.
type fuzzTransport struct {
	body []byte
	left int
}

var errFuzzDone = errors.New("no more answers")

func (f *fuzzTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	if f.left <= 0 {
		return nil, errFuzzDone
	}
	f.left--
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r,
		Body: io.NopCloser(bytes.NewReader(f.body)), ContentLength: int64(len(f.body))}, nil
}

// noWait lifts every documented rate so the pacer never sleeps in a fuzz run.
func noWait() *backend.Pacer {
	calls := []string{"black_list_get", "black_list_add", "black_list_delete", "get_appid_group_list", "get_group_info",
		"get_group_member_info", "get_group_muted_account", "get_group_ban_member", "get_member_list", "get_members",
		"get_muted_member_list", "get_room_info", "get_room_list", "get_banned_member_list"}
	rates := map[string]float64{}
	for _, c := range calls {
		rates[c] = 1e12
	}
	return backend.NewPacer(rates)
}

// FuzzChatDecode feeds one answer to every Chat list and the blacklist edit
// (the per-item ResultItem decoder), on a live-room app and a group app:
// truncated JSON, huge arrays, wrong types and nulls must end in an error or
// a result, never a panic.
func FuzzChatDecode(f *testing.F) {
	for _, seed := range []string{
		`{"ActionStatus":"OK","ErrorCode":0,"RequestId":"r"}`,
		`{"ActionStatus":"OK","ErrorCode":0,"Response":{"Next":"","RoomList":[{"RoomId":"r","RoomName":"n","CreateTime":1700000000,"ViewCount":5}]}}`,
		`{"ActionStatus":"OK","ErrorCode":0,"Response":{"Next":"n2","MemberCount":3,"MemberList":[{"Member_Account":"a"},{"Member_Account":"b"}]}}`,
		`{"ActionStatus":"OK","ErrorCode":0,"Response":{"MutedAccountList":[{"Member_Account":"a","MutedUntil":4294967295}]}}`,
		`{"ActionStatus":"OK","ErrorCode":0,"TotalCount":2,"GroupIdList":[{"GroupId":"@TGS#1"},{"GroupId":"g2"}],"Next":7}`,
		`{"ActionStatus":"OK","ErrorCode":0,"GroupInfo":[{"GroupId":"g","ErrorCode":0,"Type":"Public","MemberNum":2,"MuteAllMember":"On"}]}`,
		`{"ActionStatus":"OK","ErrorCode":0,"MemberNum":2,"MemberList":[{"Member_Account":"a","Role":"Owner","JoinTime":1,"MuteUntil":-1}]}`,
		`{"ActionStatus":"OK","ErrorCode":0,"ShuttedUinList":[{"Member_Account":"a","ShuttedUntil":99999999999999}]}`,
		`{"ActionStatus":"OK","ErrorCode":0,"BlackListItem":[{"To_Account":"x","AddBlackTimeStamp":1}],"StartIndex":1,"CurruentSequence":3}`,
		`{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"To_Account":"x","ResultCode":30001,"ResultInfo":"\u001b[2J"}],"Fail_Account":["x"]}`,
		`{"ActionStatus":"OK","ErrorCode":0,"BannedAccountList":[{"Member_Account":"a","BannedUntil":1}],"NextOffset":1}`,
		`{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"sig expired"}`,
		`{"ActionStatus":"OK","ErrorCode":0,"MemberList":"not a list","MemberNum":"two"}`,
		`{"ActionStatus":"OK","ErrorCode":0,"Response":null}`,
		`{"ActionStatus":"OK","ErrorCode":0,"MemberList":[` + strings.Repeat(`{"Member_Account":"a"},`, 2000) + `{}]}`,
		`{"ActionStatus":"OK","ErrorCode":0,"GroupIdList":[{"GroupId":"g"`,
		`[]`, `null`, ``, `{"ErrorCode":1e400}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, group := range []bool{false, true} {
			tr := &fuzzTransport{body: body, left: 3}
			c, err := New(Options{Name: "chat", SDKAppID: wireApp, Admin: wireAdmin, SecretKey: wireKey,
				Endpoint: "http://chat.invalid/", Group: group},
				backend.Deps{Pacer: noWait(), HTTP: &http.Client{Transport: tr}, Now: func() time.Time { return t1 }})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			room := "r"
			if group {
				room = "@TGS#1"
			}
			_, _ = c.ListRooms(ctx)
			tr.left = 3
			_, _, _ = c.ListMembersCounted(ctx, room)
			tr.left = 3
			_, _ = c.ListMuted(ctx, room)
			tr.left = 3
			_, _ = c.ListBanned(ctx, room)
			tr.left = 3
			_, _ = c.RoomInfo(ctx, room)
			tr.left = 3
			_, _ = c.ListBlacklist(ctx, "owner")
			tr.left = 1
			res := c.blacklistExec("black_list_add", "owner")(ctx, []string{"x", "y"})
			for u := range res.Failed {
				if u != "x" && u != "y" {
					t.Fatalf("a failure for %q, who was not in the call", u)
				}
			}
			cancel()
		}
	})
}

// FuzzUserSigDecode: any text offered as a UserSig (the emulator reads
// them from the query string) is refused with the server's code or
// accepted only when its HMAC verifies; and a UserSig quell makes for any
// identifier verifies back to it.
func FuzzUserSigDecode(f *testing.F) {
	good, _ := UserSig(wireKey, wireApp, wireAdmin, t1, time.Hour)
	for _, s := range []string{good, good[:len(good)/2], "", "***", "eJw_", "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUqWRmampoawUVLMnNBYuaoaosz05WslHzKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWq5AAEAAP--38Mx-A__"} {
		f.Add(s, wireAdmin)
	}
	f.Fuzz(func(t *testing.T, sig, identifier string) {
		id, err := VerifyUserSig(sig, wireKey, wireApp, t1)
		if err == nil && id == "" {
			t.Fatalf("VerifyUserSig(%q) accepted an empty identifier", sig)
		}
		if err != nil {
			if _, ok := err.(*SigError); !ok {
				t.Fatalf("VerifyUserSig(%q): %T is not a SigError", sig, err)
			}
		}
		if identifier == "" {
			return
		}
		made, err := UserSig(wireKey, wireApp, identifier, t1, time.Hour)
		if err != nil {
			return
		}
		if back, err := VerifyUserSig(made, wireKey, wireApp, t1); err != nil || back != identifier {
			t.Fatalf("UserSig for %q verifies as %q, %v", identifier, back, err)
		}
	})
}

// FuzzValidateUserID: what the Chat validators accept fits Chat's limits.
func FuzzValidateUserID(f *testing.F) {
	for _, s := range []string{"alice", "@TGS#2C5SZEAEF", "", "a\x00", "\x1b]0;x\x07", "群", strings.Repeat("u", 33), strings.Repeat("r", 49)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidUserID(id) == "" && backend.IDProblem(id, MaxUserIDBytes) != "" {
			t.Fatalf("ValidUserID accepted %q", id)
		}
		if ValidRoomID(id, false) == "" && backend.IDProblem(id, MaxRoomIDBytes) != "" {
			t.Fatalf("ValidRoomID(live) accepted %q", id)
		}
		if ValidRoomID(id, true) == "" {
			for i := 0; i < len(id); i++ {
				if id[i] < 0x20 || id[i] > 0x7e {
					t.Fatalf("ValidRoomID(group) accepted %q", id)
				}
			}
		}
	})
}
