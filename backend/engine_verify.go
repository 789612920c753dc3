package backend

// Read-backs: where the vendor lists the state an action changes (Chat
// mutes, bans and blocklists, ZEGO blacklists), a user whose call got no
// answer is settled by reading that list instead of being sent again or
// reported as failed. Plan.Verify does the reading; these decide.

// errNotApplied explains a user whose call got no answer and whose state,
// read back, shows the action did not take effect: safe to send again.
func (r *run) errNotApplied() *VendorError {
	return &VendorError{Provider: r.vendor, Call: r.plan.Call, Code: "not-applied",
		Meaning:  "no answer came, and the vendor's own list shows it did not take effect",
		NextStep: "run it again for these users (retry, or quell journal resume)"}
}

// verify asks the plan which of idx the action's effect holds for. ok is
// false when it cannot tell (no read-back for this state, the read failed,
// the run was cancelled): callers then keep what they knew.
func (r *run) verify(idx []int) (held map[int]bool, ok bool) {
	if r.plan.Verify == nil || r.noUsers || len(idx) == 0 || r.ctx.Err() != nil {
		return nil, false
	}
	users := make([]string, len(idx))
	for k, i := range idx {
		users[k] = r.targets[i]
	}
	got, err := r.plan.Verify(r.ctx, users, r.res.Started)
	if err != nil {
		return nil, false
	}
	held = make(map[int]bool, len(idx))
	for _, i := range idx {
		held[i] = got[r.targets[i]]
	}
	return held, true
}

// recheck settles, before anything is sent, the users an earlier run left
// Unknown (req.Recheck, from a resume): those the read-back shows applied
// are Applied without a call; the rest are sent like the others.
func (r *run) recheck() {
	if len(r.req.Recheck) == 0 {
		return
	}
	want := make(map[string]bool, len(r.req.Recheck))
	for _, u := range r.req.Recheck {
		want[u] = true
	}
	var idx []int
	for i, u := range r.targets {
		if want[u] {
			idx = append(idx, i)
		}
	}
	held, ok := r.verify(idx)
	if !ok {
		return
	}
	var out []decision
	for _, i := range idx {
		if held[i] {
			out = append(out, decision{i: i, status: Applied})
		}
	}
	r.markVerified(len(idx))
	r.commit(nil, nil, out, 0)
}

// verifyBeforeRetry reads back the targets of pending that a call got no
// answer for: those applied are decided Applied (not sent again, so an
// idempotent action is never applied twice by quell's retries); those not
// applied lose their doubt and are sent. When the read fails they are held
// back, not sent, for the next round to read again. It returns the targets
// to send now, those still pending (send and held) and the confirmed.
func (r *run) verifyBeforeRetry(pending []int, maybe map[int]bool, lastErr map[int]*VendorError) (send, left []int, confirmed []decision) {
	var unsure []int
	for _, i := range pending {
		if maybe[i] {
			unsure = append(unsure, i)
		}
	}
	if len(unsure) == 0 || r.plan.Verify == nil || r.noUsers {
		return pending, pending, nil
	}
	held, ok := r.verify(unsure)
	for _, i := range pending {
		switch {
		case !maybe[i]:
			send = append(send, i)
			left = append(left, i)
		case !ok:
			left = append(left, i)
		case held[i]:
			confirmed = append(confirmed, decision{i: i, status: Applied})
		default:
			maybe[i] = false
			lastErr[i] = r.errNotApplied()
			send = append(send, i)
			left = append(left, i)
		}
	}
	if ok {
		r.markVerified(len(unsure))
	}
	return send, left, confirmed
}

// reconcile settles, after the run, every target left Unknown, by reading
// the state back: Applied, or NotAttempted ("not-applied": safe to send
// again, so a resume or retry takes it). A run cut off cannot read: its
// Unknown users stay so, and a resume rechecks them.
func (r *run) reconcile() {
	r.mu.Lock()
	var idx []int
	for i, o := range r.res.Outcomes {
		if o.Status == Unknown {
			idx = append(idx, i)
		}
	}
	r.mu.Unlock()
	held, ok := r.verify(idx)
	if !ok {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	recorded := make([]UserOutcome, 0, len(idx))
	for _, i := range idx {
		o := &r.res.Outcomes[i]
		r.count(o.Status, -1)
		if held[i] {
			o.Status, o.Err = Applied, nil
		} else {
			o.Status, o.Err = NotAttempted, r.errNotApplied()
		}
		r.count(o.Status, 1)
		recorded = append(recorded, *o)
	}
	r.res.Verified += len(idx)
	r.record(recorded)
	if r.progress != nil {
		r.progress(r.snapshot())
	}
}

func (r *run) markVerified(n int) {
	r.mu.Lock()
	r.res.Verified += n
	r.mu.Unlock()
}
