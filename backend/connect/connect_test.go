package connect

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
)

const testConfig = `apps:
  - name: live-sg
    provider: tencent-chat
    sdk_app_id: 20000001
    admin: administrator
    secret_key: chat-key
    endpoint: http://127.0.0.1:1
    av: trtc-sg
  - name: trtc-sg
    provider: trtc
    sdk_app_id: 1400000001
    region: ap-singapore
    room_ids: string
    secret_id: AKIDtest
    secret_key: trtc-key
    endpoint: http://127.0.0.1:1
    rate_limits: {SetUserBlockedByStrRoomId: 10}
  - name: zego-prod
    provider: zego
    rooms: group
    app_id: 1234567
    server_secret: zego-secret
    operator: admin-bot
    endpoint: http://127.0.0.1:1
    watch: [lobby]
    rate_limits: {MuteGroupMembers: 5}
`

func parse(t *testing.T, text string) *config.Config {
	t.Helper()
	cfg, _, err := config.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestOpenBuildsEveryAppInFileOrder(t *testing.T) {
	ps, err := Open(parse(t, testConfig), backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		prov backend.ProviderKind
		kind backend.RoomKind
	}{
		{"live-sg", backend.TencentChat, backend.RoomChatLive},
		{"trtc-sg", backend.TRTC, backend.RoomTRTCString},
		{"zego-prod", backend.Zego, backend.RoomZIMGroup},
	}
	if len(ps) != len(want) {
		t.Fatalf("%d providers", len(ps))
	}
	for i, w := range want {
		a := ps[i].App()
		if a.Name != w.name || a.Provider != w.prov || a.RoomKind != w.kind {
			t.Errorf("provider %d = %s %s %s, want %+v", i, a.Name, a.Provider, a.RoomKind, w)
		}
	}
	// av names an app further down the file and adds AV block to the Chat rooms.
	chat := ps[0].App()
	if chat.AVApp != "trtc-sg" || !chat.Caps.Can(backend.CapBlockAV) || !chat.Caps.Can(backend.CapUnblockAV) {
		t.Errorf("chat app with av: %+v", chat)
	}
	if _, ok := ps[2].(backend.Watcher); !ok {
		t.Error("zego provider is not a Watcher")
	}
}

func TestPacerFromRateLimits(t *testing.T) {
	p := Pacer(parse(t, testConfig))
	if r := p.Rate("trtc-sg", "SetUserBlockedByStrRoomId", 20); r != 10 {
		t.Errorf("trtc override = %v", r)
	}
	if r := p.Rate("zego-prod", "MuteGroupMembers", 20); r != 5 {
		t.Errorf("zego override = %v", r)
	}
	// Overrides are per app: another app keeps the documented rate.
	if r := p.Rate("live-sg", "SetUserBlockedByStrRoomId", 20); r != 20 {
		t.Errorf("other app = %v", r)
	}
}

func TestOpenErrorsNameTheApp(t *testing.T) {
	// A config built in code (not through Load) can still be wrong.
	cfg := parse(t, testConfig)
	cfg.Apps[1].RoomIDs = "numeric"
	_, err := Open(cfg, backend.Deps{})
	if err == nil || !strings.Contains(err.Error(), "test.yaml:2") || !strings.Contains(err.Error(), "string room IDs") {
		t.Errorf("err = %v", err)
	}
	cfg = parse(t, testConfig)
	cfg.Apps[2].AppID = 0
	_, err = Open(cfg, backend.Deps{})
	if err == nil || !strings.Contains(err.Error(), "app zego-prod") || strings.Contains(err.Error(), "zego-secret") {
		t.Errorf("err = %v", err)
	}
}
