package config

import (
	"strings"
	"testing"
)

func TestZegoRTCRooms(t *testing.T) {
	zego := "name: z\n    provider: zego\n    app_id: 1\n    server_secret: " + leak
	ok := []struct{ name, yaml, endpoint string }{
		{"rtc with default endpoint", app(zego + "\n    rooms: rtc\n    watch: [live-1, \"pk#2\"]"), ""},
		{"rtc on a regional host", app(zego + "\n    rooms: rtc\n    endpoint: https://rtc-api-sgp.zego.im"), "https://rtc-api-sgp.zego.im"},
		{"rtc on the emulator", app(zego + "\n    rooms: rtc\n    endpoint: http://127.0.0.1:8080"), "http://127.0.0.1:8080"},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := parse("c.yaml", []byte(tc.yaml), testEnv)
			if err != nil {
				t.Fatal(err)
			}
			if a := cfg.Apps[0]; a.Rooms != "rtc" || a.Endpoint != tc.endpoint {
				t.Fatalf("app %+v", a)
			}
		})
	}
	bad := []struct{ name, yaml, want string }{
		{"operator on rtc", app(zego + "\n    rooms: rtc\n    operator: admin-bot"),
			"c.yaml:8: apps[0] (z).operator: does not apply to rooms: rtc (RTC kicks and closes take no FromUserId); remove operator from this app"},
		{"rtc on the ZIM host", app(zego + "\n    rooms: rtc\n    endpoint: https://zim-api-fra.zego.im"),
			"c.yaml:8: apps[0] (z).endpoint: \"zim-api-fra.zego.im\" is the ZIM server API, but rooms: rtc needs the RTC one; use https://rtc-api.zego.im"},
		{"zim on the RTC host", app(zego + "\n    endpoint: https://rtc-api.zego.im"),
			"c.yaml:7: apps[0] (z).endpoint: \"rtc-api.zego.im\" is the RTC server API, but rooms: zim needs the ZIM one"},
		{"unknown kind", app(zego + "\n    rooms: express"),
			"c.yaml:7: apps[0] (z).rooms: \"express\" is not a room kind of zego; use zim (the default), group or rtc"},
		{"rtc on tencent-chat", app("name: c\n    provider: tencent-chat\n    sdk_app_id: 1\n    admin: a\n    secret_key: k\n    rooms: rtc"),
			"use live (the default) or group"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parse("c.yaml", []byte(tc.yaml), testEnv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v\nwant %q", err, tc.want)
			}
		})
	}
}
