package backend

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// ReadPolicy is how a vendor read (one page of a list, a room's info) meets
// the vendor's transient answers: gateway 5xx, dropped connections, timeouts,
// rate limits and internal errors. It is the engine's policy for actions
// (bounded attempts, exponential backoff with jitter, each attempt paced),
// kept in one place so the headless list commands and the console's
// refresh, which both read through the providers, behave alike. A read,
// unlike an action, changes nothing, so retrying it is always safe.
type ReadPolicy struct {
	Attempts int           // calls per read, the first included (default DefaultMaxAttempts)
	Base     time.Duration // first backoff (default DefaultBaseBackoff)
	Max      time.Duration // longest backoff (default DefaultMaxBackoff)
}

// Do makes one read: pace waits for the vendor's rate (every attempt draws
// on the same budget as any other call), call makes the request. A
// transient failure is tried again after a backoff, up to Attempts calls;
// any other error, or ctx ending, returns at once. The last error is
// returned as is, so the caller still explains the vendor's code.
func (p ReadPolicy) Do(ctx context.Context, pace func(context.Context) error, call func(context.Context) error) error {
	attempts := orDefault(p.Attempts, DefaultMaxAttempts)
	base, ceil := orDefault(p.Base, DefaultBaseBackoff), orDefault(p.Max, DefaultMaxBackoff)
	var err error
	for attempt := 1; ; attempt++ {
		if pace != nil {
			if perr := pace(ctx); perr != nil {
				if err != nil { // ctx ended while waiting to retry: the vendor's answer says more
					return err
				}
				return perr
			}
		}
		err = call(ctx)
		if err == nil || attempt >= attempts || ctx.Err() != nil || !RetryableRead(err) {
			return err
		}
		t := time.NewTimer(backoffDelay(attempt, base, ceil))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
	}
}

// RetryableRead reports whether a failed read is worth another call:
// Retryable, plus a gateway's 5xx or 429 that came without a vendor envelope.
func RetryableRead(err error) bool {
	if Retryable(err) {
		return true
	}
	var he *HTTPStatusError
	return errors.As(err, &he) && (he.Status >= 500 || he.Status == 429)
}

// backoffDelay is the pause before retry n (1-based): exponential from base,
// capped at ceil, with "equal jitter" (half fixed, half random) so that
// calls failing together do not retry together.
func backoffDelay(n int, base, ceil time.Duration) time.Duration {
	d := base
	for k := 1; k < n && d < ceil; k++ {
		d *= 2
	}
	d = min(d, ceil)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
