package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/quell-console/quell/config"
)

// Seeding the demo (rooms of up to 20,000 members) takes a while under
// -race, so the tests that only read share one started demo server.
var (
	sharedOnce sync.Once
	shared     *Server
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		_ = shared.Close()
	}
	os.Exit(code)
}

func demoServer(t *testing.T) *Server {
	t.Helper()
	sharedOnce.Do(func() {
		s := New(Options{Seed: 1, Demo: true})
		if _, err := s.Start("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		shared = s
	})
	if shared == nil {
		t.Fatal("demo server did not start")
	}
	if u := shared.URL(); !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Fatalf("url %q", u)
	}
	return shared
}

func TestConfigNamesEveryDemoAppAndLoads(t *testing.T) {
	s := demoServer(t)
	path := filepath.Join(t.TempDir(), "config.yaml")
	// An existing, world-readable file must come out owner-only.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteConfig(path); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("config mode %v, want 0600", st.Mode().Perm())
	}
	data, _ := os.ReadFile(path)

	var raw struct {
		Refresh string           `yaml:"refresh"`
		Apps    []map[string]any `yaml:"apps"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("not YAML: %v\n%s", err, data)
	}
	var names []string
	for _, a := range raw.Apps {
		names = append(names, a["name"].(string))
		if a["endpoint"] != s.URL() {
			t.Errorf("%s endpoint %v, want %s", a["name"], a["endpoint"], s.URL())
		}
	}
	want := []string{DemoTRTC, DemoTRTCAV, DemoChatLive, DemoChatGroups, DemoZegoRooms, DemoZegoGroups, DemoZegoRTC}
	if !slices.Equal(names, want) {
		t.Fatalf("apps %v, want %v", names, want)
	}

	cfg, _, err := config.Load(path)
	if err != nil {
		t.Fatalf("quell's own loader rejects the config: %v\n%s", err, data)
	}
	byName := map[string]config.App{}
	for _, a := range cfg.Apps {
		byName[a.Name] = a
	}
	checks := []struct {
		ok   bool
		what string
	}{
		{byName[DemoTRTC].RoomIDs == "numeric" && byName[DemoTRTC].Region == DemoRegion, "trtc-demo numeric in ap-singapore"},
		{byName[DemoTRTCAV].RoomIDs == "string" && byName[DemoTRTCAV].SDKAppID == DemoTRTCAVSDKAppID, "trtc-av string rooms"},
		{byName[DemoChatLive].AV == DemoTRTCAV && byName[DemoChatLive].Admin == DemoChatAdmin, "chat-live av: trtc-av"},
		{byName[DemoChatGroups].Rooms == "group", "chat-groups rooms: group"},
		{byName[DemoChatLive].SecretKey.Reveal() == DemoChatLiveSecretKey, "chat-live key inline"},
		{byName[DemoZegoRooms].Operator == DemoZegoOperator && len(byName[DemoZegoRooms].Watch) > 0, "zego-rooms operator and watch"},
		{len(byName[DemoZegoGroups].Watch) == 0, "zego-groups lists its groups (QueryAppGroupList): no watch"},
		{byName[DemoZegoGroups].ServerSecret.Reveal() == DemoZegoGroupsSecret, "zego-groups secret inline"},
		{byName[DemoZegoRTC].Rooms == "rtc" && byName[DemoZegoRTC].Operator == "" &&
			len(byName[DemoZegoRTC].Watch) > 0 && slices.Equal(byName[DemoZegoRTC].Watch, s.Zego().DemoRTCRooms(DemoZegoRTCAppID)),
			"zego-rtc: rooms: rtc watching the demo RTC rooms"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("config: want %s", c.what)
		}
	}
}

func TestWriteConfigBeforeStartFails(t *testing.T) {
	s := New(Options{})
	if err := s.WriteConfig(filepath.Join(t.TempDir(), "c.yaml")); err == nil {
		t.Fatal("wrote a config pointing nowhere")
	}
	if !strings.Contains(s.ConfigYAML(), unstartedURL) {
		t.Fatal("unstarted config does not point at port 0")
	}
}

// Unsigned requests reach each vendor's emulator and come back in that
// vendor's own error envelope.
func TestRoutingReachesEachVendor(t *testing.T) {
	s := demoServer(t)
	rec := s.Env().Rec
	trtcBefore, zegoBefore := rec.Calls("trtc", "DescribeRoomInfo"), rec.Calls("zego", "QueryRoomUserList")
	client := &http.Client{Timeout: 5 * time.Second}
	do := func(req *http.Request) map[string]any {
		t.Helper()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: HTTP %d %s", req.URL, resp.StatusCode, body)
		}
		var out map[string]any
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("%s: not JSON: %s", req.URL, body)
		}
		return out
	}

	chatReq, _ := http.NewRequest(http.MethodPost, s.URL()+"/v4/group_open_http_svc/get_appid_group_list?sdkappid=1400200002&identifier=administrator&usersig=bogus&random=1&contenttype=json", strings.NewReader(`{}`))
	chat := do(chatReq)
	if chat["ActionStatus"] != "FAIL" || chat["ErrorCode"] == nil || chat["ErrorCode"].(float64) == 0 {
		t.Fatalf("chat answered %v", chat)
	}

	trtcReq, _ := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(`{"SdkAppId":1400100001}`))
	trtcReq.Header.Set("Content-Type", "application/json")
	trtcReq.Header.Set("X-TC-Action", "DescribeRoomInfo")
	trtcReq.Header.Set("X-TC-Version", "2019-07-22")
	trtcReq.Header.Set("X-TC-Region", DemoRegion)
	trtcReq.Header.Set("X-TC-Timestamp", "1700000000")
	trtc := do(trtcReq)
	resp, _ := trtc["Response"].(map[string]any)
	apiErr, _ := resp["Error"].(map[string]any)
	if code, _ := apiErr["Code"].(string); !strings.HasPrefix(code, "AuthFailure") || resp["RequestId"] == "" {
		t.Fatalf("trtc answered %v", trtc)
	}

	zegoReq, _ := http.NewRequest(http.MethodGet, s.URL()+"/?Action=QueryRoomUserList&AppId=1700000001&RoomId=lobby", nil)
	zego := do(zegoReq)
	if code, _ := zego["Code"].(float64); code < 100000000 || code >= 100000100 || zego["RequestId"] == nil {
		t.Fatalf("zego answered %v, want a gateway auth code", zego)
	}

	if rec.Calls("trtc", "DescribeRoomInfo") != trtcBefore+1 || rec.Calls("zego", "QueryRoomUserList") != zegoBefore+1 {
		t.Fatalf("recorder: %v", rec.Summary())
	}
}

func TestLiveRoomsAreMirroredIntoTheAVApp(t *testing.T) {
	s := demoServer(t)
	rooms := s.Chat().LiveRooms(DemoChatLiveSDKAppID)
	if len(rooms) == 0 {
		t.Fatal("no live rooms seeded")
	}
	for _, r := range rooms {
		if !s.TRTC().RoomOpen(DemoTRTCAVSDKAppID, r.ID) {
			t.Fatalf("live room %q not open on %s", r.ID, DemoTRTCAV)
		}
		if len(r.Members) > 0 && !s.TRTC().InRoom(DemoTRTCAVSDKAppID, r.ID, r.Members[len(r.Members)-1]) {
			t.Fatalf("member of %q missing from the AV room", r.ID)
		}
	}
	for range 5 {
		s.Churn()
	}
	for _, r := range s.Chat().LiveRooms(DemoChatLiveSDKAppID) {
		if !s.TRTC().RoomOpen(DemoTRTCAVSDKAppID, r.ID) {
			t.Fatalf("after churn, live room %q not open on %s", r.ID, DemoTRTCAV)
		}
		for _, u := range r.Members {
			if !s.TRTC().InRoom(DemoTRTCAVSDKAppID, r.ID, u) {
				t.Fatalf("after churn, %q of %q missing from the AV room", u, r.ID)
			}
		}
	}
}

func TestChurnStopsOnClose(t *testing.T) {
	s := New(Options{Churn: true})
	// Every churn tick reads the clock first; nothing else does here (no
	// request is sent before Close), so a read is a recorded tick.
	ticked := make(chan struct{}, 1)
	s.Env().SetClock(func() time.Time {
		select {
		case ticked <- struct{}{}:
		default:
		}
		return time.Now()
	})
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ticked:
	case <-time.After(ChurnEvery + 5*time.Second):
		t.Fatal("the churn never ticked")
	}
	if !churnRunning() {
		t.Fatal("churnRunning does not see the running churn loop, so it cannot see one left after Close")
	}
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not stop the churn")
	}
	// Close waited for the churn goroutine; it must be gone, not merely
	// quiet for a while.
	for deadline := time.Now().Add(5 * time.Second); churnRunning(); {
		if time.Now().After(deadline) {
			t.Fatal("the churn goroutine outlived Close")
		}
		runtime.Gosched()
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Fatal("restarted a closed server")
	}
	if _, err := http.Get(s.URL() + "/?Action=QueryRoomUserList"); err == nil {
		t.Fatal("still serving after Close")
	}
}

// churnRunning reports whether any goroutine is in a Server's churn loop.
func churnRunning() bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:runtime.Stack(buf, true)]), "emulator.(*Server).churn(")
}
