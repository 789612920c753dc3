package views

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
)

func TestResolveRoom(t *testing.T) {
	rooms := map[string][]backend.Room{
		"chat-live": {{ID: "live-001"}, {ID: "live-002"}, {ID: "lobby"}},
		"trtc-demo": {{ID: "100038"}},
	}
	h := Here{Apps: []string{"chat-live", "chat-eu", "trtc-demo"}, App: "chat-live",
		RoomsOf: func(app string) []backend.Room { return rooms[app] }}
	none := Here{Apps: h.Apps, RoomsOf: h.RoomsOf}
	for _, tc := range []struct {
		h       Here
		arg     string
		app, rm string
		err     string
	}{
		{h: h, arg: "lobby", app: "chat-live", rm: "lobby"},
		{h: h, arg: "lob", app: "chat-live", rm: "lobby"},         // unique prefix
		{h: h, arg: "live-001", app: "chat-live", rm: "live-001"}, // exact
		{h: h, arg: "live-", err: `could be live-001, live-002`},
		{h: h, arg: "unlisted", app: "chat-live", rm: "unlisted"}, // not loaded: as typed
		{h: h, arg: "trtc/1000", app: "trtc-demo", rm: "100038"},
		{h: none, arg: "trtc-demo/42", app: "trtc-demo", rm: "42"},
		{h: none, arg: "chat/x", err: `app "chat" could be chat-eu, chat-live`},
		{h: none, arg: "lobby", err: "no app is open"},
		{h: none, arg: "nope/lobby", err: `no app named "nope"`},
		{h: h, arg: "a/b", app: "chat-live", rm: "a/b"}, // a room ID with a slash, of the open app
		{h: none, arg: "trtc-demo/", err: "type a room ID"},
	} {
		got, err := ResolveRoom(tc.h, tc.arg)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %+v, %v; want error %q", tc.arg, got, err, tc.err)
			}
			continue
		}
		if err != nil || got.App != tc.app || got.Room != tc.rm {
			t.Errorf("%q = %+v, %v; want %s/%s", tc.arg, got, err, tc.app, tc.rm)
		}
	}
}

func TestResolveApp(t *testing.T) {
	h := Here{Apps: []string{"chat", "chat-live", "trtc-demo"}}
	for arg, want := range map[string]string{"chat": "chat", "chat-": "chat-live", "t": "trtc-demo", "x": "", "ch": ""} {
		got, err := ResolveApp(h, arg)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ResolveApp(%q) = %q, %v; want %q", arg, got, err, want)
		}
	}
}
