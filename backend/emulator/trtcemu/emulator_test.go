package trtcemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

const (
	numApp = uint64(1400000001)
	strApp = uint64(1400000002)
	other  = uint64(1400000003)
	host   = "trtc.tencentcloudapi.com"
)

var t0 = time.Unix(1700000000, 0)

func newTestEmu(t *testing.T) (*Emulator, *emucore.Env) {
	t.Helper()
	env := emucore.NewEnv(7)
	env.SetClock(func() time.Time { return t0 })
	e := New(env)
	e.AddApp(App{SDKAppID: numApp, SecretID: "AKIDnum", SecretKey: "keynum"})
	e.AddApp(App{SDKAppID: strApp, SecretID: "AKIDnum", SecretKey: "keynum", StringRooms: true})
	e.AddApp(App{SDKAppID: other, SecretID: "AKIDother", SecretKey: "keyother"})
	return e, env
}

// req describes one test request; zero fields take sane defaults.
type req struct {
	action, body        string
	secretID, secretKey string
	ts                  int64
	region, version, ct string
	method              string
}

type answer struct {
	Response map[string]json.RawMessage
}

func (a answer) code() string {
	var e struct{ Code string }
	if raw, ok := a.Response["Error"]; ok {
		_ = json.Unmarshal(raw, &e)
	}
	return e.Code
}

func send(t *testing.T, e *Emulator, r req) answer {
	t.Helper()
	if r.secretID == "" {
		r.secretID, r.secretKey = "AKIDnum", "keynum"
	}
	if r.ts == 0 {
		r.ts = t0.Unix()
	}
	if r.region == "" {
		r.region = "ap-singapore"
	}
	if r.version == "" {
		r.version = apiVersion
	}
	if r.ct == "" {
		r.ct = "application/json"
	}
	if r.method == "" {
		r.method = http.MethodPost
	}
	hr := httptest.NewRequest(r.method, "http://"+host+"/", strings.NewReader(r.body))
	hr.Host = host
	hr.Header.Set("Content-Type", r.ct)
	hr.Header.Set("X-TC-Action", r.action)
	hr.Header.Set("X-TC-Version", r.version)
	if r.region != "-" { // "-": send no X-TC-Region at all
		hr.Header.Set("X-TC-Region", r.region)
	}
	hr.Header.Set("X-TC-Timestamp", strconv.FormatInt(r.ts, 10))
	signed := []string{"content-type", "host"}
	sig := tc3Signature(r.secretKey, "trtc", r.ts, signed, map[string]string{"content-type": r.ct, "host": host}, []byte(r.body))
	date := time.Unix(r.ts, 0).UTC().Format("2006-01-02")
	hr.Header.Set("Authorization", fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s/trtc/tc3_request, SignedHeaders=content-type;host, Signature=%s", r.secretID, date, sig))
	w := httptest.NewRecorder()
	e.ServeHTTP(w, hr)
	if w.Code != http.StatusOK {
		t.Fatalf("HTTP %d, want 200 always", w.Code)
	}
	var a answer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, w.Body.String())
	}
	if _, ok := a.Response["RequestId"]; !ok {
		t.Fatalf("answer has no RequestId: %s", w.Body.String())
	}
	return a
}

func TestTC3Vectors(t *testing.T) {
	cvmBody := `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	if got := sha256Hex([]byte(cvmBody)); got != "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064" {
		t.Fatalf("CVM payload hash %s", got)
	}
	got := tc3Signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", 1551113065, []string{"content-type", "host"},
		map[string]string{"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"}, []byte(cvmBody))
	if got != "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168" {
		t.Errorf("CVM vector: %s", got)
	}
	got = tc3Signature("SECRETKEYEXAMPLE", "trtc", 1700000000, []string{"content-type", "host"},
		map[string]string{"content-type": "application/json", "host": host}, []byte(`{"RoomId":"room-1","SdkAppId":1400000001}`))
	if got != "b90d1f72c3313b3362c15bb50badd391ab44fc4574547d36ca01f056419ca615" {
		t.Errorf("TRTC vector: %s", got)
	}
}

func TestAuthAndTransportErrors(t *testing.T) {
	e, env := newTestEmu(t)
	e.AddRoom(numApp, "42", []string{"alice"})
	body := `{"SdkAppId":1400000001,"RoomId":42}`
	cases := []struct {
		name string
		r    req
		want string
	}{
		{"wrong key", req{action: "DismissRoom", body: body, secretID: "AKIDnum", secretKey: "wrong"}, "AuthFailure.SignatureFailure"},
		{"unknown secret id", req{action: "DismissRoom", body: body, secretID: "AKIDnobody", secretKey: "keynum"}, "AuthFailure.SecretIdNotFound"},
		{"timestamp 6 min old", req{action: "DismissRoom", body: body, ts: t0.Add(-6 * time.Minute).Unix()}, "AuthFailure.SignatureExpire"},
		{"timestamp 6 min ahead", req{action: "DismissRoom", body: body, ts: t0.Add(6 * time.Minute).Unix()}, "AuthFailure.SignatureExpire"},
		{"charset in content type", req{action: "DismissRoom", body: body, ct: "application/json; charset=utf-8"}, "InvalidParameter"},
		{"GET", req{action: "DismissRoom", body: body, method: http.MethodGet}, "UnsupportedProtocol"},
		{"bad region", req{action: "DismissRoom", body: body, region: "ap-tokyo"}, "UnsupportedRegion"},
		{"bad version", req{action: "DismissRoom", body: body, version: "2020-01-01"}, "NoSuchVersion"},
		{"unknown action", req{action: "DescribeEverything", body: body}, "InvalidAction"},
		{"other account's app", req{action: "DismissRoom", body: body, secretID: "AKIDother", secretKey: "keyother"}, "UnauthorizedOperation.SdkAppId"},
		{"no such app", req{action: "DismissRoom", body: `{"SdkAppId":1499999999,"RoomId":42}`}, "FailedOperation.SdkAppIdNotExist"},
		{"unknown field", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":42,"Force":true}`}, "UnknownParameter"},
		{"string for int room", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":"42"}`}, "InvalidParameter"},
		{"int for string room", req{action: "DismissRoomByStrRoomId", body: `{"SdkAppId":1400000002,"RoomId":42}`}, "InvalidParameter"},
		{"missing room", req{action: "DismissRoom", body: `{"SdkAppId":1400000001}`}, "MissingParameter"},
		{"numeric action on string app", req{action: "DismissRoom", body: `{"SdkAppId":1400000002,"RoomId":42}`}, "FailedOperation.RoomNotExist"},
		{"string action on numeric app", req{action: "DismissRoomByStrRoomId", body: `{"SdkAppId":1400000001,"RoomId":"42"}`}, "FailedOperation.RoomNotExist"},
		{"room out of range", req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":4294967295}`}, "InvalidParameter.RoomId"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := send(t, e, c.r).code(); got != c.want {
				t.Fatalf("code %q, want %q", got, c.want)
			}
		})
	}
	if !e.RoomOpen(numApp, "42") {
		t.Fatal("a rejected request changed state")
	}
	if env.Rec.Rejected("trtc", "DismissRoom", "AuthFailure.SignatureFailure") != 1 {
		t.Fatal("rejection not recorded")
	}
}

func TestBurstOver20PerSecondRejected(t *testing.T) {
	e, env := newTestEmu(t)
	e.AddRoom(numApp, "7", []string{"alice"})
	ok, limited := 0, 0
	for range 25 {
		switch send(t, e, req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":7,"UserId":"alice","IsMute":1}`}).code() {
		case "":
			ok++
		case "RequestLimitExceeded":
			limited++
		}
	}
	if ok != 20 || limited != 5 {
		t.Fatalf("ok %d limited %d, want 20 and 5", ok, limited)
	}
	// Another action has its own window; a second later the window is free.
	if c := send(t, e, req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":7,"UserIds":["nobody"]}`}).code(); c != "" {
		t.Fatalf("other action limited: %s", c)
	}
	env.SetClock(func() time.Time { return t0.Add(1100 * time.Millisecond) })
	if c := send(t, e, req{action: "SetUserBlocked", body: `{"SdkAppId":1400000001,"RoomId":7,"UserId":"alice","IsMute":1}`}).code(); c != "" {
		t.Fatalf("after the window: %s", c)
	}
	if env.Rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded") != 5 {
		t.Fatal("rate rejections not recorded")
	}
}

func TestKickBatchLimit(t *testing.T) {
	e, _ := newTestEmu(t)
	users := make([]string, 11)
	for i := range users {
		users[i] = fmt.Sprintf("u%d", i)
	}
	e.AddRoom(numApp, "9", users)
	list, _ := json.Marshal(users)
	if c := send(t, e, req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":9,"UserIds":` + string(list) + `}`}).code(); c != "InvalidParameter.UserIds" {
		t.Fatalf("11 users: %q", c)
	}
	list, _ = json.Marshal(users[:10])
	if c := send(t, e, req{action: "RemoveUser", body: `{"SdkAppId":1400000001,"RoomId":9,"UserIds":` + string(list) + `}`}).code(); c != "" {
		t.Fatalf("10 users: %q", c)
	}
	if got := e.Members(numApp, "9"); len(got) != 1 || got[0] != "u10" {
		t.Fatalf("members after kick: %v", got)
	}
}

func TestInjectedInternalError(t *testing.T) {
	e, env := newTestEmu(t)
	env.SetFaults(emucore.Faults{ErrorRate: 1})
	if c := send(t, e, req{action: "DismissRoom", body: `{"SdkAppId":1400000001,"RoomId":1}`}).code(); c != "InternalError" {
		t.Fatalf("code %q", c)
	}
}

// TestRateLimitIsPerSecretIdNotPerApp: two apps on AKIDnum share one 20/s
// budget for SetUserBlocked (API 3.0 counts per API + access region + key,
// https://cloud.tencent.com/document/product/1278/109059); the app on
// another key has its own.
func TestRateLimitIsPerSecretIdNotPerApp(t *testing.T) {
	e, env := newTestEmu(t)
	const twin = uint64(1400000004)
	e.AddApp(App{SDKAppID: twin, SecretID: "AKIDnum", SecretKey: "keynum"})
	e.AddRoom(numApp, "7", []string{"alice"})
	e.AddRoom(twin, "7", []string{"alice"})
	e.AddRoom(other, "8", []string{"bob"})
	ok, limited := 0, 0
	for i := range 24 {
		app := numApp
		if i%2 == 1 {
			app = twin
		}
		switch send(t, e, req{action: "SetUserBlocked", body: fmt.Sprintf(`{"SdkAppId":%d,"RoomId":7,"UserId":"alice","IsMute":1}`, app)}).code() {
		case "":
			ok++
		case "RequestLimitExceeded":
			limited++
		}
	}
	if ok != 20 || limited != 4 {
		t.Fatalf("two apps on one key: ok %d limited %d, want 20 and 4", ok, limited)
	}
	if c := send(t, e, req{action: "SetUserBlocked", body: `{"SdkAppId":1400000003,"RoomId":8,"UserId":"bob","IsMute":1}`,
		secretID: "AKIDother", secretKey: "keyother"}).code(); c != "" {
		t.Fatalf("another key's app limited: %s", c)
	}
	if env.Rec.Rejected("trtc", "SetUserBlocked", "RequestLimitExceeded") != 4 {
		t.Fatal("rate rejections not recorded")
	}
}
