package backend

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// paceMargin stretches the interval between calls a little beyond 1/N so that
// jitter between a call leaving the pacer and reaching the vendor never lets
// the vendor's one-second window see N+1 calls: N calls span 1.08 s, so
// arrivals may wander 80 ms. 5% (50 ms) was not enough on a busy machine:
// with the CPU shared four ways, 21 TRTC arrivals came within 1.002 s, and
// on CI one call was rejected.
const paceMargin = 1.08

// Pacer holds one token bucket per quota, call and scope, shared by every
// caller in the process (the console, SSH sessions, headless commands), so
// that together they stay under the vendor's rate. The quota is the app's
// own unless a plan names a shared Budget (TRTC counts per API key and
// region, so two apps on one key share it).
//
// Each bucket has burst 1: a bucket with a larger burst that starts full lets
// up to 2N calls into the first second, which the vendors reject.
type Pacer struct {
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	// released holds when each bucket let its last calls go, read from the
	// clock at that moment: see release.
	released  map[string][]time.Time
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
	return &Pacer{limiters: map[string]*rate.Limiter{}, released: map[string][]time.Time{}, overrides: overrides}
}

// BucketKey is the one place a limiter's key is computed: every caller that
// draws on the same vendor quota for call (and scope) must get the same
// key, and callers on different quotas different keys.
//
// With no budget the quota is app's own: "app/call/scope". With a budget
// (from Budget) the app does not matter: "budget/call/scope". Budgets hold a
// ':' and app names never do, so the two never collide. The key never holds
// a secret (Budget fingerprints it), so it may be logged or stored in a
// shared limiter.
func BucketKey(app, budget, call, scope string) string {
	owner := app
	if budget != "" {
		owner = budget
	}
	return owner + "/" + call + "/" + scope
}

// Budget names a vendor quota counted per credential rather than per app,
// e.g. Budget("trtc", "trtc.tencentcloudapi.com", secretID). Tencent Cloud
// API 3.0 counts a rate limit per API + access region + (sub-)account key
// ("API + 接入地域 + 子账号", https://cloud.tencent.com/document/product/1278/109059),
// so apps on one SecretId share it. The access region is where the endpoint
// resolves ("请求解析到云 API 服务器的所在地域,非产品或接口实际提供服务的地域"),
// not X-TC-Region: callers pass the endpoint's host. The credential appears
// only as a short SHA-256 fingerprint.
func Budget(vendor, access, credential string) string {
	return vendor + ":" + access + ":" + Fingerprint(credential)
}

// Fingerprint is a short, stable, non-reversible tag for a secret: enough to
// tell two keys apart in a bucket key, never enough to recover one.
func Fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:6])
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
	return interval(p.Rate(app, call, documented))
}

// interval is the time between two calls at r calls a second, margin
// included; 0 for no limit.
func interval(r float64) time.Duration {
	if r <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / r * paceMargin)
}

// Wait blocks until app may make one more call of call (scope narrows the
// bucket, e.g. to one group), or ctx ends. It paces on app's own quota.
func (p *Pacer) Wait(ctx context.Context, app, call, scope string, documented float64) error {
	return p.WaitBudget(ctx, app, "", call, scope, documented)
}

// WaitBudget is Wait on the quota budget names (see Budget; "" = app's own).
// app's rate overrides ("app/call") still set the pace; when apps sharing a
// budget pace differently the bucket keeps the slowest, so no override is
// exceeded.
func (p *Pacer) WaitBudget(ctx context.Context, app, budget, call, scope string, documented float64) error {
	r := p.Rate(app, call, documented)
	every := interval(r)
	if every <= 0 {
		return ctx.Err()
	}
	key := BucketKey(app, budget, call, scope)
	limit := rate.Every(every)
	p.mu.Lock()
	l, ok := p.limiters[key]
	if !ok {
		l = rate.NewLimiter(limit, 1)
		p.limiters[key] = l
	} else if limit < l.Limit() {
		l.SetLimit(limit)
	}
	shared := p.shared
	p.mu.Unlock()
	if err := l.Wait(ctx); err != nil {
		return err
	}
	if shared != nil {
		if err := shared.Wait(ctx, key, r); err != nil {
			return err
		}
	}
	return p.release(ctx, key, every, max(1, int(r)))
}

// release lets a call go only if the last n calls the bucket let go left at
// least n intervals ago, measured on the clock as each call actually leaves
// (n is the whole number of calls the rate allows in a second, at least 1).
// The token bucket spaces reservations, but callers that overlap reserve
// their slots ahead and sleep: one that wakes late (a GC pause, a loaded
// machine) leaves close to the calls reserved after it, and n+1 calls could
// reach the vendor inside one of its one-second windows. Measuring over n
// calls rather than one pushes later calls back only when lateness really
// bunched them, so ordinary timer lateness does not add up call after call.
func (p *Pacer) release(ctx context.Context, key string, every time.Duration, n int) error {
	span := time.Duration(n) * every
	for {
		p.mu.Lock()
		now := time.Now()
		ts := p.released[key]
		var wait time.Duration
		if len(ts) >= n {
			wait = ts[len(ts)-n].Add(span).Sub(now)
		}
		if wait <= 0 {
			ts = append(ts, now)
			if len(ts) > n {
				ts = ts[len(ts)-n:]
			}
			p.released[key] = ts
			p.mu.Unlock()
			return nil
		}
		p.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
