package emucore

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// A timed-out request is carried out, but its client never hears back: it
// gives up on its own timeout, as with a vendor that applied a call and
// lost the answer.
func TestTimeoutFaultAppliesThenNeverAnswers(t *testing.T) {
	env := NewEnv(1)
	env.SetFaults(Faults{TimeoutRate: 1})
	var served atomic.Int32
	srv := httptest.NewServer(env.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte("ok"))
	})))
	defer srv.Close()
	client := &http.Client{Timeout: 200 * time.Millisecond}
	start := time.Now()
	resp, err := client.Get(srv.URL)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("a timed-out request was answered")
	}
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("client error %v, want its own timeout", err)
	}
	if served.Load() != 1 || env.Rec.Faults("timeout") != 1 {
		t.Errorf("served %d times, %d timeouts recorded; want the request carried out once", served.Load(), env.Rec.Faults("timeout"))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// A client that never gives up is cut off after TimeoutHold.
func TestTimeoutFaultHoldIsBounded(t *testing.T) {
	env := NewEnv(1)
	env.SetFaults(Faults{TimeoutRate: 1, TimeoutHold: 50 * time.Millisecond})
	srv := httptest.NewServer(env.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("a timed-out request was answered")
	}
}

func TestInBurst(t *testing.T) {
	env := NewEnv(1)
	base := time.Unix(1_700_000_000, 0) // a whole number of seconds
	cases := []struct {
		f    Faults
		at   time.Duration
		want bool
	}{
		{Faults{}, 0, false},
		{Faults{BurstEvery: time.Second, BurstFor: 200 * time.Millisecond}, 0, true},
		{Faults{BurstEvery: time.Second, BurstFor: 200 * time.Millisecond}, 199 * time.Millisecond, true},
		{Faults{BurstEvery: time.Second, BurstFor: 200 * time.Millisecond}, 200 * time.Millisecond, false},
		{Faults{BurstEvery: time.Second, BurstFor: 200 * time.Millisecond}, 1100 * time.Millisecond, true},
		{Faults{BurstEvery: time.Second}, 0, false},
	}
	for i, c := range cases {
		env.SetFaults(c.f)
		if got := env.InBurst(base.Add(c.at)); got != c.want {
			t.Errorf("case %d: InBurst at +%v = %t, want %t", i, c.at, got, c.want)
		}
	}
	if n := env.Rec.Faults("rate-limit"); n != 3 {
		t.Errorf("%d rate-limit faults recorded, want 3", n)
	}
}
