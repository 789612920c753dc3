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
	p.mu.Unlock()
	return l.Wait(ctx)
}
