package backend

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run is one execution of an action. Workers (one per batch, at most
// MaxInFlight at once) pace, call and retry; every decision about a user goes
// through commit, under mu, so outcomes, counts, the journal and progress
// always agree and progress is never reported twice at once.
type run struct {
	e        *Engine
	ctx      context.Context
	req      ActionRequest
	plan     *Plan
	vendor   ProviderKind
	paceApp  string
	progress func(Progress)

	targets []string // users, or the room for an action that takes none
	noUsers bool

	mu          sync.Mutex
	res         *Result
	decided     []bool
	done        int // targets decided
	calls       int
	batchesLeft int
	stopped     bool // the journal failed: send nothing more
	cancelHit   bool // cancellation cost some target its outcome
}

func (e *Engine) newRun(ctx context.Context, p Provider, req ActionRequest, plan *Plan, progress func(Progress)) *run {
	r := &run{e: e, ctx: ctx, req: req, plan: plan, vendor: p.App().Provider, paceApp: req.App, progress: progress}
	if plan.PaceApp != "" {
		r.paceApp = plan.PaceApp
	}
	r.targets = req.Users
	if plan.BatchSize == 0 {
		r.targets = []string{req.Room}
		r.noUsers = true
	}
	r.res = &Result{Request: req, Call: plan.Call, Params: plan.Params, Started: e.now(),
		Outcomes: make([]UserOutcome, len(r.targets))}
	for i, u := range r.targets {
		r.res.Outcomes[i].User = u
	}
	r.decided = make([]bool, len(r.targets))
	return r
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// processPacer paces engines built without a Pacer. It is one for the whole
// process, like the pacer callers are meant to share, so two such engines
// still stay under a vendor's rate together.
var processPacer = NewPacer(nil)

func (e *Engine) pacer() *Pacer {
	if e.Pacer == nil {
		return processPacer
	}
	return e.Pacer
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// batches splits the undecided target indices into calls of at most
// BatchSize.
func (r *run) batches() [][]int {
	size := r.plan.BatchSize
	if size <= 0 {
		size = len(r.targets)
	}
	var out [][]int
	var b []int
	for i := range r.targets {
		if r.decided[i] { // confirmed by a read-back before sending (recheck)
			continue
		}
		b = append(b, i)
		if len(b) == size {
			out = append(out, b)
			b = nil
		}
	}
	if len(b) > 0 {
		out = append(out, b)
	}
	return out
}

// execute sends first attempts in request order: the dispatcher takes a slot
// and the pacer's go-ahead for each batch before handing it to a worker, so
// users are sent in the order given and a cancelled run has sent a prefix.
// Retries are paced by their workers, through the same buckets.
func (r *run) execute() *Result {
	r.recheck()
	batches := r.batches()
	r.batchesLeft = len(batches)
	limit := orDefault(r.e.MaxInFlight, DefaultMaxInFlight)
	slots := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for bi, b := range batches {
		select {
		case slots <- struct{}{}:
		case <-r.ctx.Done():
		}
		if !r.mayCall() {
			r.abandon(batches[bi:])
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r.runBatch(b)
		}()
	}
	wg.Wait()
	r.reconcile()
	return r.finish()
}

// mayCall waits for the pacer and reports whether a call may go now.
func (r *run) mayCall() bool {
	if r.ctx.Err() != nil || r.isStopped() {
		return false
	}
	err := r.e.pacer().WaitBudget(r.ctx, r.paceApp, r.plan.Budget, r.plan.Call, r.plan.RateKey, r.plan.PerSecond)
	return err == nil && r.ctx.Err() == nil && !r.isStopped()
}

func (r *run) isStopped() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopped
}

// abandon marks the users of batches that were never started.
func (r *run) abandon(batches [][]int) {
	var idx []int
	for _, b := range batches {
		idx = append(idx, b...)
	}
	if r.ctx.Err() != nil {
		r.markCancelHit()
	}
	r.commit(nil, nil, r.notAttempted(idx), len(batches))
}

// notAttempted decides idx as never sent, for the reason the run stopped.
func (r *run) notAttempted(idx []int) []decision {
	ve := &VendorError{Provider: r.vendor, Call: r.plan.Call, Code: "cancelled",
		Meaning: "cancelled before this was sent", NextStep: "run it again for these users"}
	if r.isStopped() && r.ctx.Err() == nil {
		ve = &VendorError{Provider: r.vendor, Call: r.plan.Call, Code: "journal",
			Meaning: "the journal could not record the action, so quell stopped sending", NextStep: "free disk space or fix the journal, then run it again for these users"}
	}
	out := make([]decision, len(idx))
	for k, i := range idx {
		out[k] = decision{i: i, status: NotAttempted, err: ve}
	}
	return out
}

type decision struct {
	i      int
	status OutcomeStatus
	err    *VendorError
	reqID  string
}

// runBatch makes one batch's calls: the first (already paced by the
// dispatcher), then retries of whatever failed in a way worth retrying, each
// paced like any other call. A call that got no answer may have landed, so
// before retrying its users the state is read back where the vendor lists
// it, and those it shows applied are not sent again.
func (r *run) runBatch(idx []int) {
	pending := idx                          // targets of this batch not yet decided
	attempts := make(map[int]int, len(idx)) // calls that named each of this batch's targets
	lastErr := map[int]*VendorError{}
	maybe := map[int]bool{} // a call naming this target got no answer
	maxAttempts := orDefault(r.e.MaxAttempts, DefaultMaxAttempts)
	for attempt := 1; ; attempt++ {
		send := pending
		if attempt > 1 {
			if !r.backoff(attempt-1) || !r.mayCall() {
				r.commit(attempts, nil, r.giveUp(pending, lastErr, maybe), 1)
				return
			}
			var confirmed []decision
			send, pending, confirmed = r.verifyBeforeRetry(pending, maybe, lastErr)
			finished := 0
			if len(pending) == 0 {
				finished = 1
			}
			r.commit(attempts, nil, confirmed, finished)
			if len(pending) == 0 {
				return
			}
			if len(send) == 0 {
				// The read-back failed: sending again could apply twice,
				// so this round sends nothing and the next reads again.
				if attempt >= maxAttempts {
					r.commit(attempts, nil, r.giveUp(pending, lastErr, maybe), 1)
					return
				}
				continue
			}
		}
		var users []string
		if !r.noUsers {
			users = make([]string, len(send))
			for k, i := range send {
				users[k] = r.targets[i]
			}
		}
		br := r.plan.Exec(r.ctx, users)
		for _, i := range send {
			attempts[i]++
		}
		last := attempt >= maxAttempts || r.ctx.Err() != nil
		var out []decision
		var retry []int
		if br.Err != nil {
			ve := r.vendorError(br.Err, br.RequestID)
			if ve.Code == "cancelled" {
				r.markCancelHit()
			}
			if Indeterminate(br.Err) {
				for _, i := range send {
					maybe[i] = true
				}
			}
			// ve.Retryable covers what Retryable does not know (a gateway 5xx
			// without an envelope).
			if (ve.Retryable || Retryable(br.Err)) && !last {
				retry = send
				for _, i := range send {
					lastErr[i] = ve
				}
			} else {
				for _, i := range send {
					st := settled(maybe[i])
					if st == Failed && NeverSent(br.Err) {
						st = NotAttempted // the connection was never made: nothing reached the vendor
					}
					out = append(out, decision{i: i, status: st, err: ve, reqID: br.RequestID})
				}
			}
		} else {
			for _, i := range send {
				fe := br.Failed[r.targets[i]]
				switch {
				case fe == nil:
					out = append(out, decision{i: i, status: Applied, reqID: br.RequestID})
				case Retryable(fe) && !last:
					retry = append(retry, i)
					lastErr[i] = r.complete(fe, br.RequestID)
				default:
					fe = r.complete(fe, br.RequestID)
					out = append(out, decision{i: i, status: settled(maybe[i]), err: fe, reqID: fe.RequestID})
				}
			}
		}
		// Targets held back for want of a read-back wait for the next round.
		held := without(pending, send)
		if last {
			out = append(out, r.giveUp(held, lastErr, maybe)...)
			held = nil
		}
		retry = append(retry, held...)
		finished := 0
		if len(retry) == 0 {
			finished = 1
		}
		r.commit(attempts, &br, out, finished)
		if len(retry) == 0 {
			return
		}
		pending = retry
	}
}

// without is all minus the targets of some (a sub-list of it, in order).
func without(all, some []int) []int {
	if len(some) == len(all) {
		return nil
	}
	drop := make(map[int]bool, len(some))
	for _, i := range some {
		drop[i] = true
	}
	var out []int
	for _, i := range all {
		if !drop[i] {
			out = append(out, i)
		}
	}
	return out
}

// settled is the status of a target whose last call failed: Unknown when
// any call naming it got no answer (that one may have landed), else Failed.
func settled(maybe bool) OutcomeStatus {
	if maybe {
		return Unknown
	}
	return Failed
}

// giveUp decides users the batch stopped before sending (again): those never
// sent are NotAttempted; those that already failed keep their last error,
// and those a call got no answer for are Unknown.
func (r *run) giveUp(pending []int, lastErr map[int]*VendorError, maybe map[int]bool) []decision {
	var never []int
	var out []decision
	for _, i := range pending {
		if ve := lastErr[i]; ve != nil {
			out = append(out, decision{i: i, status: settled(maybe[i]), err: ve, reqID: ve.RequestID})
		} else {
			never = append(never, i)
		}
	}
	if r.ctx.Err() != nil {
		r.markCancelHit()
	}
	return append(out, r.notAttempted(never)...)
}

func (r *run) markCancelHit() {
	r.mu.Lock()
	r.cancelHit = true
	r.mu.Unlock()
}

// vendorError explains a failed call. A call cut short by the run's own
// context (cancelled or past its deadline) is "cancelled", not a network
// fault worth retrying.
func (r *run) vendorError(err error, reqID string) *VendorError {
	if r.ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		err = context.Canceled
	}
	return r.complete(AsVendorError(r.vendor, r.plan.Call, err), reqID)
}

// complete fills what a provider left blank in ve (vendor, call, the request
// ID it gave only on the batch), on a copy: providers may share their errors.
func (r *run) complete(ve *VendorError, reqID string) *VendorError {
	if ve.Provider != "" && ve.Call != "" && (ve.RequestID != "" || reqID == "") {
		return ve
	}
	cp := *ve
	if cp.Provider == "" {
		cp.Provider = r.vendor
	}
	if cp.Call == "" {
		cp.Call = r.plan.Call
	}
	if cp.RequestID == "" {
		cp.RequestID = reqID
	}
	return &cp
}

// backoff sleeps before retry n (1-based), as backoffDelay says. false: ctx
// ended.
func (r *run) backoff(n int) bool {
	t := time.NewTimer(backoffDelay(n, orDefault(r.e.BaseBackoff, DefaultBaseBackoff), orDefault(r.e.MaxBackoff, DefaultMaxBackoff)))
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.ctx.Done():
		return false
	}
}

// commit applies decisions, journals them and reports progress, all under
// mu. br is the call that produced them (nil when none was made).
func (r *run) commit(attempts map[int]int, br *BatchResult, out []decision, batchesFinished int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if br != nil {
		r.calls++
	}
	r.batchesLeft -= batchesFinished
	recorded := make([]UserOutcome, 0, len(out))
	for _, d := range out {
		if r.decided[d.i] {
			continue
		}
		r.decided[d.i] = true
		r.done++
		o := &r.res.Outcomes[d.i]
		o.Status, o.Err, o.RequestID = d.status, d.err, d.reqID
		o.Attempts = attempts[d.i]
		r.count(d.status, 1)
		recorded = append(recorded, *o)
	}
	r.record(recorded)
	if r.progress != nil && (br != nil || len(recorded) > 0) {
		r.progress(r.snapshot())
	}
}

// record journals outcomes; mu held. A journal failure stops the run.
func (r *run) record(outcomes []UserOutcome) {
	if r.e.Recorder != nil && r.res.ID != "" && len(outcomes) > 0 && r.res.RecordErr == nil {
		if err := r.e.Recorder.Record(r.res.ID, outcomes); err != nil {
			r.res.RecordErr = err
			r.stopped = true
		}
	}
}

// count adds n to the result's count of status; mu held.
func (r *run) count(status OutcomeStatus, n int) {
	switch status {
	case Applied:
		r.res.Applied += n
	case Failed:
		r.res.Failed += n
	case NotAttempted:
		r.res.NotAttempted += n
	case Unknown:
		r.res.Unknown += n
	}
}

// snapshot is the progress now; mu held.
func (r *run) snapshot() Progress {
	pace := r.e.pacer()
	rate := pace.Rate(r.paceApp, r.plan.Call, r.plan.PerSecond)
	return Progress{
		Total:     len(r.targets),
		Applied:   r.res.Applied,
		Failed:    r.res.Failed,
		Unknown:   r.res.Unknown,
		Remaining: len(r.targets) - r.done,
		Calls:     r.calls,
		PerSecond: rate,
		ETA:       time.Duration(max(r.batchesLeft, 0)) * pace.Interval(r.paceApp, r.plan.Call, r.plan.PerSecond),
	}
}

func (r *run) finish() *Result {
	r.mu.Lock()
	res := r.res
	res.Calls = r.calls
	res.Cancelled = r.cancelHit
	res.Interrupted = r.cancelHit && !errors.Is(context.Cause(r.ctx), ErrCancelledByOperator)
	res.Finished = r.e.now()
	r.mu.Unlock()
	if r.e.Recorder != nil && res.ID != "" {
		if err := r.e.Recorder.Finish(res.ID, res); err != nil && res.RecordErr == nil {
			res.RecordErr = err
		}
	}
	return res
}
