// Package emucore is what the three vendor emulators share: the clock, the
// recorder of received calls, the per-second rate windows, request IDs and
// the fault knobs.
package emucore

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Faults are the knobs that make the emulator misbehave like a real cloud.
type Faults struct {
	Latency   time.Duration // added to every request
	Jitter    time.Duration // up to this much more, at random
	ErrorRate float64       // share of requests answered with the vendor's internal/busy error code
	HTTP5xx   float64       // share answered 502 with no vendor envelope
	DropRate  float64       // share whose connection is closed with no answer
	// LostAnswerRate is the share applied and then closed with no answer:
	// what a client sees when its timeout ends a call the vendor carried
	// out (the answer of an applied call lost on the way back).
	LostAnswerRate float64
	// TimeoutRate is the share of requests carried out (an action takes
	// effect) whose answer never comes: unlike LostAnswerRate's at-once
	// close, the connection is held until the client gives up (its own
	// timeout), then closed.
	TimeoutRate float64
	// TimeoutHold bounds how long a timed-out request holds its
	// connection when the client never gives up (default 30 s).
	TimeoutHold time.Duration
	// For BurstFor at the start of every BurstEvery (on the emulator's
	// clock), every vendor request is answered with the vendor's own
	// rate-limit code, as when another caller of the app spends its quota.
	BurstEvery, BurstFor time.Duration
	// Echo, when one of EchoEncodings, refuses every authenticated request
	// with its credentials quoted in that encoding (Env.Echo).
	Echo string
}

// Env is shared by every vendor emulator of one server.
type Env struct {
	clock  atomic.Pointer[func() time.Time]
	faults atomic.Pointer[Faults]
	rngMu  sync.Mutex
	rng    *mrand.Rand
	Rec    *Recorder
	Win    *Window

	echoMu sync.Mutex
	echoed []string // credentials quoted by the Echo knob
}

// NewEnv returns an environment on the real clock with no faults.
func NewEnv(seed uint64) *Env {
	e := &Env{rng: mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), Rec: NewRecorder(), Win: NewWindow()}
	now := time.Now
	e.clock.Store(&now)
	e.faults.Store(&Faults{})
	return e
}

// Now is the emulator's clock.
func (e *Env) Now() time.Time { return (*e.clock.Load())() }

// SetClock replaces the clock (tests).
func (e *Env) SetClock(now func() time.Time) { e.clock.Store(&now) }

// Faults returns the current knobs.
func (e *Env) Faults() Faults { return *e.faults.Load() }

// SetFaults replaces the knobs; safe while serving.
func (e *Env) SetFaults(f Faults) { e.faults.Store(&f) }

// Float64 is a random number in [0,1) from the seeded source.
func (e *Env) Float64() float64 {
	e.rngMu.Lock()
	defer e.rngMu.Unlock()
	return e.rng.Float64()
}

// IntN is a random int in [0,n) from the seeded source.
func (e *Env) IntN(n int) int {
	e.rngMu.Lock()
	defer e.rngMu.Unlock()
	return e.rng.IntN(n)
}

// InjectError reports whether this request should get the vendor's
// internal-error answer (the ErrorRate knob). Vendor handlers call it after
// authentication and answer with their own code (TRTC InternalError, Chat
// 70500, ZEGO 1).
func (e *Env) InjectError() bool {
	r := e.Faults().ErrorRate
	return r > 0 && e.Float64() < r
}

// InBurst reports whether now falls in a burst of rate-limit answers (the
// BurstEvery and BurstFor knobs). Vendor handlers call it where they check
// their rate windows and answer as they would over the limit.
func (e *Env) InBurst(now time.Time) bool {
	f := e.Faults()
	if f.BurstEvery <= 0 || f.BurstFor <= 0 || now.UnixNano()%int64(f.BurstEvery) >= int64(f.BurstFor) {
		return false
	}
	e.Rec.Fault("rate-limit")
	return true
}

// RequestID returns a fresh UUID-shaped request ID.
func (e *Env) RequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

// Middleware applies latency, 5xx answers and dropped connections.
func (e *Env) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := e.Faults()
		if d := f.Latency + time.Duration(float64(f.Jitter)*e.Float64()); d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		if f.DropRate > 0 && e.Float64() < f.DropRate {
			e.Rec.Fault("drop")
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		if f.LostAnswerRate > 0 && e.Float64() < f.LostAnswerRate {
			e.Rec.Fault("lost-answer")
			next.ServeHTTP(discard{h: http.Header{}}, r)
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		if f.HTTP5xx > 0 && e.Float64() < f.HTTP5xx {
			e.Rec.Fault("5xx")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
			return
		}
		if f.TimeoutRate > 0 && e.Float64() < f.TimeoutRate {
			e.Rec.Fault("timeout")
			next.ServeHTTP(discard{h: http.Header{}}, r)
			hold := f.TimeoutHold
			if hold <= 0 {
				hold = 30 * time.Second
			}
			t := time.NewTimer(hold)
			defer t.Stop()
			select {
			case <-r.Context().Done():
			case <-t.C:
			}
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		next.ServeHTTP(w, r)
	})
}

// discard is a ResponseWriter that keeps nothing: the answer of a call
// whose answer is to be lost.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
