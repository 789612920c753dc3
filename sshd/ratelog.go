package sshd

import (
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Lines a second (and burst) the sign-in log writes before it only counts:
// 20,000 strangers connecting must not fill the disk or bury the lines of
// real operators.
const (
	signInLogRate  = 5
	signInLogBurst = 20
)

// rateLog logs what strangers can trigger at will (refused connections,
// failed sign-ins) at a bounded rate; what it drops it counts, and says how
// many once a second while dropping.
type rateLog struct {
	log   *slog.Logger
	lim   *rate.Limiter
	every time.Duration

	mu         sync.Mutex
	suppressed int
	summary    *time.Timer
}

func newRateLog(l *slog.Logger) *rateLog {
	return &rateLog{log: l, lim: rate.NewLimiter(signInLogRate, signInLogBurst), every: time.Second}
}

// Warn logs msg, or counts it when over the rate.
func (r *rateLog) Warn(msg string, args ...any) {
	if r.lim.Allow() {
		r.log.Warn(msg, args...)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.suppressed++
	if r.summary == nil {
		r.summary = time.AfterFunc(r.every, r.flush)
	}
}

// flush writes how many lines were dropped since the last summary.
func (r *rateLog) flush() {
	r.mu.Lock()
	n := r.suppressed
	r.suppressed, r.summary = 0, nil
	r.mu.Unlock()
	if n > 0 {
		r.log.Warn("sign-in log lines suppressed", "count", n, "limit_per_second", signInLogRate)
	}
}
