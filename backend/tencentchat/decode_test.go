package tencentchat

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func TestEmptyBodyIsBraces(t *testing.T) {
	c, f := newWireClient(t, true, nil)
	if _, err := c.call(context.Background(), svcGroup, "get_appid_group_list", nil, nil); err != nil {
		t.Fatal(err)
	}
	if f.got[0].body != "{}" {
		t.Fatalf("body %q, want {}", f.got[0].body)
	}
}

func TestLegacyFieldNames(t *testing.T) {
	ctx := context.Background()
	soon := t1.Add(time.Hour).Unix()
	later := t1.Add(2 * time.Hour).Unix()
	itoa := itoa64

	// group members: ShutUpUntil instead of MuteUntil
	c, _ := newWireClient(t, true, map[string][]string{
		"/v4/group_open_http_svc/get_group_info":        {ok(`,"GroupInfo":[{"GroupId":"g","ErrorCode":0,"Type":"Public","ShutUpAllMember":"On"}]`)},
		"/v4/group_open_http_svc/get_group_member_info": {ok(`,"MemberNum":2,"MemberList":[{"Member_Account":"a","ShutUpUntil":` + itoa(soon) + `},{"Member_Account":"b","MuteUntil":` + itoa(later) + `}]`)},
	})
	ms, err := c.ListMembers(ctx, "g")
	if err != nil || len(ms) != 2 || ms[0].MutedUntil.Unix() != soon || ms[1].MutedUntil.Unix() != later {
		t.Fatalf("members %+v err %v", ms, err)
	}

	// muted lists: ShuttedUinList / ShuttedUntil, in both services; 4294967295 → Forever
	for _, group := range []bool{true, false} {
		path, wrap := "/v4/group_open_http_svc/get_group_muted_account", ok
		if !group {
			path, wrap = "/v4/live_engine_http_srv/get_muted_member_list", func(s string) string { return live("{" + strings.TrimPrefix(s, ",") + "}") }
		}
		c, _ := newWireClient(t, group, map[string][]string{path: {wrap(
			`,"ShuttedUinList":[{"Member_Account":"old","ShuttedUntil":` + itoa(soon) + `},{"Member_Account":"gone","ShuttedUntil":1}],` +
				`"MutedAccountList":[{"Member_Account":"new","MutedUntil":4294967295}]`)}})
		ms, err := c.ListMuted(ctx, "r")
		if err != nil || len(ms) != 2 {
			t.Fatalf("group=%v muted %+v err %v (an expired mute must be left out)", group, ms, err)
		}
		if ms[0].UserID != "new" || !backend.IsForever(ms[0].MutedUntil) || ms[1].UserID != "old" || ms[1].MutedUntil.Unix() != soon {
			t.Fatalf("group=%v muted %+v", group, ms)
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestErrorMapping(t *testing.T) {
	retryable := []int{60007, 60011, 60018, 60019, 70050, 10006, 10002, 100001, 70169, 70500, 60008}
	auth := []int{60004, 60005, 60006, 60010, 60025, 60026, 70001, 70003, 70009, 70013, 70014, 70016, 70020, 60016, 60017}
	other := []int{10003, 10004, 10005, 10007, 10010, 10015, 10019, 10059, 100002, 100004, 60015, 60020, 60021}
	isRetry := map[int]bool{}
	for _, c := range retryable {
		isRetry[c] = true
	}
	for _, list := range [][]int{retryable, auth, other} {
		for _, code := range list {
			e := vendorError("forbid_send_msg", code, "info", "", "rid")
			if e.Meaning == "" || e.NextStep == "" {
				t.Errorf("%d: no meaning or next step", code)
			}
			if e.Retryable != isRetry[code] || backend.Retryable(e) != isRetry[code] {
				t.Errorf("%d: retryable %v, want %v", code, e.Retryable, isRetry[code])
			}
			if e.Code != itoa64(int64(code)) || e.Provider != backend.TencentChat || e.RequestID != "rid" {
				t.Errorf("%d: %+v", code, e)
			}
		}
	}
	for _, code := range auth {
		if e := vendorError("x", code, "", "", ""); !strings.Contains(e.NextStep, "check the key, admin and region") {
			t.Errorf("%d: next step %q", code, e.NextStep)
		}
	}
	if e := vendorError("delete_group_member", 10004, "", "", ""); !strings.Contains(e.Meaning, "AVChatRoom") {
		t.Errorf("10004 on delete_group_member does not explain AVChatRoom: %q", e.Meaning)
	}
	if e := vendorError("x", 424242, "raw text", "", ""); e.Message != "raw text" || e.Code != "424242" || e.Retryable {
		t.Errorf("unknown code: %+v", e)
	}
}

func TestEnvelopeFailuresAndTransport(t *testing.T) {
	ctx := context.Background()
	c, _ := newWireClient(t, true, map[string][]string{
		"/v4/group_open_http_svc/destroy_group": {`{"ActionStatus":"FAIL","ErrorCode":10010,"ErrorInfo":"group gone \u001b[2J","ErrorDisplay":"","RequestId":"r-9"}`},
	})
	_, err := c.call(ctx, svcGroup, "destroy_group", map[string]any{"GroupId": "g"}, nil)
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "10010" || ve.RequestID != "r-9" || ve.Retryable {
		t.Fatalf("err %#v", err)
	}
	if strings.ContainsRune(ve.Message, 0x1b) {
		t.Fatalf("vendor message not sanitized: %q", ve.Message)
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>502</html>"))
	}))
	defer bad.Close()
	c2, _ := New(Options{SDKAppID: 1, Admin: "a", SecretKey: "k", Endpoint: bad.URL}, backend.Deps{})
	_, err = c2.call(ctx, svcSNS, "black_list_get", map[string]any{}, nil)
	var he *backend.HTTPStatusError
	if !errors.As(err, &he) || he.Status != 502 || !backend.Retryable(backend.AsVendorError(backend.TencentChat, "x", err)) {
		t.Fatalf("502: %v", err)
	}

	bad.Close() // now nothing listens: the error must not carry the UserSig
	_, err = c2.call(ctx, svcSNS, "black_list_get", nil, nil)
	if err == nil || strings.Contains(err.Error(), "usersig") || strings.Contains(err.Error(), "eJ") {
		t.Fatalf("transport error leaks the query: %v", err)
	}
	if c2.d.HTTP.Timeout <= 3*time.Second {
		t.Fatalf("HTTP timeout %v must exceed the server's 3 s", c2.d.HTTP.Timeout)
	}
}

func TestBlacklistPerUserResults(t *testing.T) {
	c, _ := newWireClient(t, false, map[string][]string{"/v4/sns/black_list_add": {ok(`,"ResultItem":[` +
		`{"To_Account":"fine","ResultCode":0,"ResultInfo":""},` +
		`{"To_Account":"dup","ResultCode":30001,"ResultInfo":"Err_SNS_BlackListAdd_Already_Exist"},` +
		`{"To_Account":"bad","ResultCode":30001,"ResultInfo":"Err_SNS_BlackListAdd_Invalid_Param"},` +
		`{"To_Account":"app","ResultCode":30002,"ResultInfo":"Err_SNS_BlackListAdd_SdkAppId_Illegal"}],` +
		`"Fail_Account":["dup","bad","app","ghost"]`)}})
	p, err := c.Plan(backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "o", Users: []string{"fine", "dup", "bad", "app", "ghost"}})
	if err != nil {
		t.Fatal(err)
	}
	res := p.Exec(context.Background(), []string{"fine", "dup", "bad", "app", "ghost"})
	if res.Err != nil || res.RequestID != "rid-1" {
		t.Fatalf("%+v", res)
	}
	for _, u := range []string{"bad", "app", "ghost"} {
		if res.Failed[u] == nil {
			t.Errorf("%s should have failed", u)
		}
	}
	if res.Failed["fine"] != nil || res.Failed["dup"] != nil || len(res.Failed) != 3 {
		t.Errorf("failed %v: already-in-list counts as done", res.Failed)
	}
	if res.Failed["app"].Code != "30002" {
		t.Errorf("code %s", res.Failed["app"].Code)
	}
}
