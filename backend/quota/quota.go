// Package quota shares the vendors' rate limits between quell processes
// through Redis. The vendors count calls per app (per credential for TRTC)
// across every caller, so two bastions that each pace at the full rate
// would together send twice what is allowed; with `quota: redis://…` in
// their config every process draws from one GCRA limiter per pacer key,
// kept in Redis by github.com/go-redis/redis_rate/v10.
//
// Each key is a GCRA limiter of one call per interval (1/N and a 4%
// margin) with a tolerance of 15% of an interval (see limit): GCRA
// grants a call only when Redis's clock is within that tolerance of the
// key's theoretical arrival time, and moves that time one interval on, so
// the calls on a key, from whichever process, keep to the schedule on one
// clock (Redis's TIME, not the processes') and no one-second window holds
// more than N.
//
// When Redis cannot be reached the process paces on its own at a share of
// each rate — the rate divided by the number of processes last seen, never
// below one call a second (nor above the rate) — says so through Degraded
// and Notify, and returns to Redis as soon as a probe succeeds.
package quota

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/quell-console/quell/backend"
)

var _ backend.SharedLimiter = (*Quota)(nil)

const (
	// keyPrefix namespaces quell's keys in a Redis that may serve others.
	keyPrefix = "quell:"
	procsKey  = keyPrefix + "procs"
	// beatEvery is how often a process says it is alive, and probes Redis
	// while it is down; procTTL is how long a silent process still counts.
	beatEvery = time.Second
	procTTL   = 10 * time.Second
	// opTimeout bounds each Redis round trip, so a hung server turns into
	// the local share quickly instead of stalling the action.
	opTimeout = 500 * time.Millisecond
	// settle keeps the local share for a while after Redis returns: other
	// processes may still pace locally until their next probe, and their
	// calls are not in Redis.
	settle = 2 * beatEvery
	// assumeProcs is the share used when Redis was never reached: a team
	// config implies at least two processes.
	assumeProcs = 2
)

// Options configure a Quota.
type Options struct {
	// URL is redis://[user:password@]host:port/db or rediss:// for TLS.
	URL string
	// Notify, if set, hears each change between shared and local pacing,
	// with the note Degraded returns ("" when shared again).
	Notify func(note string)
}

// Quota is a backend.SharedLimiter in Redis. Close it when done.
type Quota struct {
	rdb    *redis.Client
	lim    *redis_rate.Limiter
	id     string
	notify func(string)
	now    func() time.Time

	mu          sync.Mutex
	down        bool
	reason      string
	procs       int       // processes seen at the last heartbeat; 0 = never
	settleUntil time.Time // keep the local share as well until then
	local       map[string]*rate.Limiter

	stop chan struct{}
	done chan struct{}
}

// ParseURL checks a quota URL and returns Redis options. Errors name the
// field and the fix and never repeat the URL, which may hold a password.
func ParseURL(raw string) (*redis.Options, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("quota: not a URL; write redis://HOST:PORT/DB or rediss://HOST:PORT/DB (TLS)")
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("quota: scheme %q is not supported; write redis://HOST:PORT/DB or rediss://HOST:PORT/DB (TLS)", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("quota: no host; write redis://HOST:PORT/DB")
	}
	opt, err := redis.ParseURL(raw)
	if err != nil {
		return nil, errors.New("quota: the database number or a query option is not valid; write redis://HOST:PORT/DB with DB a number such as 0")
	}
	return opt, nil
}

// Open connects to Redis and registers this process. A Redis that cannot be
// reached is not an error: the quota starts on the local share, reports it,
// and switches to Redis when it answers. Only a malformed URL fails.
func Open(o Options) (*Quota, error) {
	opt, err := ParseURL(o.URL)
	if err != nil {
		return nil, err
	}
	opt.DialTimeout = opTimeout
	opt.ReadTimeout = opTimeout
	opt.WriteTimeout = opTimeout
	// A failed call goes to the local share at once; retrying would only
	// hold the action up.
	opt.MaxRetries = -1
	rdb := redis.NewClient(opt)
	q := &Quota{
		rdb: rdb, lim: redis_rate.NewLimiter(rdb), id: processID(), notify: o.Notify, now: time.Now,
		local: map[string]*rate.Limiter{}, stop: make(chan struct{}), done: make(chan struct{}),
	}
	q.beat()
	go q.loop()
	return q, nil
}

// processID names this process in the registry: host, pid and randomness,
// so two processes never count as one.
func processID() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Close stops the heartbeat, removes this process from the registry and
// closes the connection.
func (q *Quota) Close() error {
	select {
	case <-q.stop:
		return nil
	default:
	}
	close(q.stop)
	<-q.done
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	_ = q.rdb.ZRem(ctx, procsKey, q.id).Err()
	return q.rdb.Close()
}

func (q *Quota) loop() {
	defer close(q.done)
	t := time.NewTicker(beatEvery)
	defer t.Stop()
	for {
		select {
		case <-q.stop:
			return
		case <-t.C:
			q.beat()
		}
	}
}

// beat registers this process, drops the silent ones and counts the rest;
// while Redis is down it is the probe that brings the quota back.
func (q *Quota) beat() {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	now := q.now()
	var card *redis.IntCmd
	_, err := q.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, procsKey, redis.Z{Score: float64(now.UnixMilli()), Member: q.id})
		p.ZRemRangeByScore(ctx, procsKey, "-inf", fmt.Sprint(now.Add(-procTTL).UnixMilli()))
		card = p.ZCard(ctx, procsKey)
		return nil
	})
	if err != nil {
		q.fail(err)
		return
	}
	q.mu.Lock()
	q.procs = max(1, int(card.Val()))
	q.mu.Unlock()
	q.recover()
}

// fail switches to the local share.
func (q *Quota) fail(err error) {
	q.mu.Lock()
	was := q.down
	q.down = true
	q.reason = reason(err)
	if !was {
		// Fresh, empty buckets for the share: a bucket left full by an
		// earlier outage would let a call go right after a Redis grant.
		q.local = map[string]*rate.Limiter{}
	}
	note := q.noteLocked()
	q.mu.Unlock()
	if !was && q.notify != nil {
		q.notify(note)
	}
}

// recover switches back to Redis after a successful round trip.
func (q *Quota) recover() {
	q.mu.Lock()
	was := q.down
	if was {
		q.down = false
		q.settleUntil = q.now().Add(settle)
	}
	q.mu.Unlock()
	if was && q.notify != nil {
		q.notify("")
	}
}

// reason is a short cause without addresses or credentials.
func reason(err error) string {
	s := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(s, "timeout"):
		return "Redis does not answer"
	case strings.Contains(s, "refused"):
		return "Redis refuses connections"
	case strings.Contains(s, "WRONGPASS") || strings.Contains(s, "NOAUTH"):
		return "Redis rejects the credentials"
	}
	return "Redis unreachable"
}

// Degraded is "" while calls are paced through Redis.
func (q *Quota) Degraded() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.down {
		return ""
	}
	return q.noteLocked()
}

func (q *Quota) noteLocked() string {
	n, seen := q.procs, "last seen"
	if n == 0 {
		n, seen = assumeProcs, "assumed"
	}
	return fmt.Sprintf("shared quota down (%s): pacing at 1/%d of each rate (%d processes %s)", q.reason, n, n, seen)
}

// Interval is the spacing the shared limiter keeps between calls on one
// key at perSecond, on average: 1/N stretched by a 4% margin. The
// in-process pacer stretches by 5%, which still bounds each process; across
// processes the margin is a little smaller so that a team together reaches
// within 5% of the vendor's quota (400 TRTC calls in under 21 s; at 5% the
// calls alone take 20.95 s). With 3% and a tolerance of T/5 (19.7 ms left
// for jitter, below) one call in 400 arrived as the 21st of its second on a
// loaded 2-core machine, as with 3.5% and T/6.7 (27.2 ms).
func Interval(perSecond float64) time.Duration {
	if perSecond <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / perSecond * sharedMargin)
}

const sharedMargin = 1.04

// The GCRA limit of one key. With burst 1 a call is allowed only once
// Redis's clock reaches the key's theoretical arrival time (TAT), and the
// next TAT is counted from the moment of the call: a caller that reaches its
// turn late (a busy CPU, a slow network) pushes every later call back, and
// a team of two processes measured 21.5 s for 400 calls instead of 20.5.
// So each call costs `units` units and the burst is `units + slackUnits`: a
// call may come up to slackUnits/units of an interval (τ = 0.15 T) before
// its TAT, which lets a late caller's successor catch up, and nothing more.
// GCRA then admits at most floor((L + τ) / T) + 1 calls in any window of
// length L; at 20/s, T = 52 ms and τ = 7.8 ms give
// floor(1007.8 / 52) + 1 = 20 calls in any second, leaving 32.2 ms for
// arrival jitter before a window could hold 21 (see TestGCRAWindowBound).
const (
	units      = 20
	slackUnits = 3
)

// limit is the redis_rate limit of a key paced at every.
func limit(every time.Duration) redis_rate.Limit {
	return redis_rate.Limit{Rate: units, Burst: units + slackUnits, Period: every}
}

// Wait blocks until one more call on key may go.
func (q *Quota) Wait(ctx context.Context, key string, perSecond float64) error {
	every := Interval(perSecond)
	if every <= 0 {
		return ctx.Err()
	}
	settled := false
	for {
		q.mu.Lock()
		down, settling := q.down, q.now().Before(q.settleUntil)
		q.mu.Unlock()
		if down {
			return q.localWait(ctx, key, every)
		}
		if settling && !settled {
			settled = true
			if err := q.localWait(ctx, key, every); err != nil {
				return err
			}
		}
		rctx, cancel := context.WithTimeout(ctx, opTimeout)
		res, err := q.lim.AllowN(rctx, keyPrefix+key, limit(every), units)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			q.fail(err)
			// The share's buckets start empty (see fail), so this call
			// waits one local interval after the last one.
			return q.localWait(ctx, key, every)
		}
		if res.Allowed > 0 {
			return nil
		}
		if err := sleep(ctx, res.RetryAfter); err != nil {
			return err
		}
	}
}

// sleep waits d or until ctx ends; tests make it late, as a busy machine
// does.
var sleep = func(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// localWait paces key at this process's share of the rate.
func (q *Quota) localWait(ctx context.Context, key string, every time.Duration) error {
	q.mu.Lock()
	n := q.procs
	if n == 0 {
		n = assumeProcs
	}
	iv := ShareInterval(every, n)
	lk := fmt.Sprintf("%s@%d", key, iv)
	l, ok := q.local[lk]
	if !ok {
		// Start empty: the previous call (through Redis, or at another
		// share) may have been a moment ago.
		l = rate.NewLimiter(rate.Every(iv), 1)
		l.Allow()
		q.local[lk] = l
	}
	q.mu.Unlock()
	return l.Wait(ctx)
}

// ShareInterval is the interval between calls for one of procs processes
// sharing a rate of one call per every: procs times longer, but never
// longer than a second unless every itself is (at least one call a second).
func ShareInterval(every time.Duration, procs int) time.Duration {
	if procs < 1 {
		procs = 1
	}
	share := every * time.Duration(procs)
	if every < time.Second {
		share = min(share, time.Second)
	}
	return time.Duration(math.Max(float64(share), float64(every)))
}
