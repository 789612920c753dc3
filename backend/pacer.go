package backend

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// paceMargin stretches the interval between calls a little beyond 1/N so that
// network jitter between send and arrival never lets the vendor's one-second
// window see N+1 calls.
const paceMargin = 1.05

// Pacer holds one token bucket per app, call and scope, shared by every
// caller in the process (the console, SSH sessions, headless commands), so
// that together they stay under the vendor's per-app rate.
//
// Each bucket has burst 1: a bucket with a larger burst that starts full lets
// up to 2N calls into the first second, which the vendors reject.
type Pacer struct {
	mu        sync.Mutex
	limiters  map[string]*rate.Limiter
	overrides map[string]float64 // "app/call" or "call" → calls per second
	// shared, when set, is a quota shared with other quell processes (see
	// SharedLimiter); the local bucket still spaces this process's calls.
	shared SharedLimiter
}

// SharedLimiter is a rate limiter shared by several quell processes, such as
// the Redis quota (backend/quota). The pacer asks it once per call, after
// its own bucket, with the bucket's key and the effective rate.
type SharedLimiter interface {
	// Wait blocks until one more call on key may go, keeping every caller
	// of every process together under perSecond in any one-second window,
	// or ctx ends.
	Wait(ctx context.Context, key string, perSecond float64) error
	// Degraded is "" while the limiter is shared, else a short note for
	// the status bar on what the process does instead.
	Degraded() string
}

// SetShared makes every bucket also draw from s; nil goes back to the
// in-process buckets alone.
func (p *Pacer) SetShared(s SharedLimiter) {
	p.mu.Lock()
	p.shared = s
	p.mu.Unlock()
}

// Degraded is the shared limiter's note ("" when shared or not in use).
func (p *Pacer) Degraded() string {
	if p == nil {
		return ""
	}
	p.mu.Lock()
	s := p.shared
	p.mu.Unlock()
	if s == nil {
		return ""
	}
	return s.Degraded()
}

// NewPacer returns a pacer; overrides maps "app/call" (or "call" for every
// app) to a rate that replaces the documented one.
func NewPacer(overrides map[string]float64) *Pacer {
	return &Pacer{limiters: map[string]*rate.Limiter{}, overrides: overrides}
}

// Rate is the effective calls-per-second for app's call.
func (p *Pacer) Rate(app, call string, documented float64) float64 {
	if r, ok := p.overrides[app+"/"+call]; ok && r > 0 {
		return r
	}
	if r, ok := p.overrides[call]; ok && r > 0 {
		return r
	}
	return documented
}

// Interval is the time between two calls at the effective rate.
func (p *Pacer) Interval(app, call string, documented float64) time.Duration {
	r := p.Rate(app, call, documented)
	if r <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / r * paceMargin)
}

// Wait blocks until app may make one more call of call (scope narrows the
// bucket, e.g. to one group), or ctx ends.
func (p *Pacer) Wait(ctx context.Context, app, call, scope string, documented float64) error {
	every := p.Interval(app, call, documented)
	if every <= 0 {
		return ctx.Err()
	}
	key := app + "/" + call + "/" + scope
	p.mu.Lock()
	l, ok := p.limiters[key]
	if !ok {
		l = rate.NewLimiter(rate.Every(every), 1)
		p.limiters[key] = l
	}
	shared := p.shared
	p.mu.Unlock()
	if err := l.Wait(ctx); err != nil {
		return err
	}
	if shared == nil {
		return nil
	}
	return shared.Wait(ctx, key, p.Rate(app, call, documented))
}
