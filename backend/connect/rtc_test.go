package connect

import (
	"testing"

	"github.com/quell-console/quell/backend"
)

func TestOpenZegoRTC(t *testing.T) {
	ps, err := Open(parse(t, `apps:
  - name: zego-rtc
    provider: zego
    rooms: rtc
    app_id: 1234567
    server_secret: zego-secret
    watch: ["live-1", "a-room-id-longer-than-zims-32-byte-limit"]
  - name: zego-zim
    provider: zego
    app_id: 1234567
    server_secret: zego-secret
`), backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	rtc, zim := ps[0].App(), ps[1].App()
	if rtc.RoomKind != backend.RoomZegoRTC || rtc.Provider != backend.Zego || rtc.Caps.Can(backend.CapBlacklist) || !rtc.Caps.Can(backend.CapKick) {
		t.Fatalf("rtc app %+v", rtc)
	}
	if zim.RoomKind != backend.RoomZIMRoom {
		t.Fatalf("zim app %+v", zim)
	}
	if _, ok := ps[0].(backend.Watcher); !ok {
		t.Fatal("an RTC app must take :watch: ZEGO cannot list RTC rooms")
	}
}
