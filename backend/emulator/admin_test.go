package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

func getStats(t *testing.T, url string) Stats {
	t.Helper()
	resp, err := http.Get(url + AdminPrefix + "stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("stats: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

func waitStats(t *testing.T, url, what string, cond func(Stats) bool) Stats {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := getStats(t, url)
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s: %+v", what, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func adminPost(t *testing.T, url, name string) int {
	t.Helper()
	resp, err := http.Post(url+AdminPrefix+name, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestStatsCountCallsAndAppliedUsers(t *testing.T) {
	s := New(Options{})
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	st := getStats(t, hs.URL)
	if len(st.Calls)+len(st.Applied)+len(st.AppliedUsers) != 0 || st.InFlight != 0 || st.Holding {
		t.Fatalf("fresh stats: %+v", st)
	}
	s.Env().Rec.Call("chat", "mute_member")
	s.Env().Rec.Applied("chat", "mute_member", "1", "r", "u1")
	s.Env().Rec.Applied("chat", "mute_member", "1", "r", "u2")
	s.Env().Rec.Applied("chat", "mute_member", "1", "r", "u2")
	st = getStats(t, hs.URL)
	if st.Calls["chat/mute_member"] != 1 || st.AppliedUsers["chat/mute_member"] != 2 || st.MaxApplied["chat/mute_member"] != 2 ||
		st.Applied["chat/mute_member"]["1/r/u2"] != 2 {
		t.Fatalf("stats: %+v", st)
	}
	// The admin endpoints bypass the fault knobs: stats answer under any latency.
	s.Env().SetFaults(emucore.Faults{Latency: 10 * time.Second, HTTP5xx: 1})
	start := time.Now()
	if st := getStats(t, hs.URL); st.Calls["chat/mute_member"] != 1 || time.Since(start) > 5*time.Second {
		t.Fatalf("stats under faults: %+v after %s", st, time.Since(start))
	}
	s.Env().SetFaults(emucore.Faults{})
	for _, tc := range []struct {
		method, name string
		want         int
	}{
		{http.MethodPost, "stats", http.StatusMethodNotAllowed},
		{http.MethodGet, "hold", http.StatusMethodNotAllowed},
		{http.MethodGet, "nothing", http.StatusNotFound},
	} {
		req, _ := http.NewRequest(tc.method, hs.URL+AdminPrefix+tc.name, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.name, resp.StatusCode, tc.want)
		}
	}
}

// A held request takes effect only on release; one whose client leaves
// while held never reaches its handler.
func TestHoldAndRelease(t *testing.T) {
	s := New(Options{})
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	if c := adminPost(t, hs.URL, "hold"); c != http.StatusNoContent {
		t.Fatalf("hold: %d", c)
	}
	done := make(chan int, 1)
	go func() {
		resp, err := http.Post(hs.URL+"/v4/live_engine_http_srv/mute_member?sdkappid=1", "application/json",
			strings.NewReader(`{"RoomId":"r","MemberList_Account":["u"],"MuteTime":60}`))
		if err != nil {
			done <- -1
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	waitStats(t, hs.URL, "one held request", func(st Stats) bool { return st.Held == 1 && st.Holding && st.InFlight == 1 })
	if n := s.Env().Rec.Calls("chat", "mute_member"); n != 0 {
		t.Fatalf("a held request reached its handler (%d calls)", n)
	}
	adminPost(t, hs.URL, "release")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("released request never answered")
	}
	if n := s.Env().Rec.Calls("chat", "mute_member"); n != 1 {
		t.Fatalf("released request: %d calls, want 1", n)
	}

	// A client that goes away while held: its request is dropped unanswered.
	adminPost(t, hs.URL, "hold")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL+"/v4/live_engine_http_srv/mute_member?sdkappid=1",
			strings.NewReader(`{"RoomId":"r","MemberList_Account":["v"],"MuteTime":60}`))
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	waitStats(t, hs.URL, "the second request held", func(st Stats) bool { return st.Held == 1 })
	cancel()
	waitStats(t, hs.URL, "the abandoned request dropped", func(st Stats) bool { return st.InFlight == 0 && st.Held == 0 })
	adminPost(t, hs.URL, "release")
	if n := s.Env().Rec.Calls("chat", "mute_member"); n != 1 {
		t.Fatalf("an abandoned held request reached its handler (%d calls)", n)
	}
}
