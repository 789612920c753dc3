package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/quell-console/quell/backend"
)

// Pending is an action whose process died before finishing it, with users
// whose outcome was never confirmed.
type Pending struct {
	ID          string
	Actor       backend.Actor
	Started     time.Time
	App, Room   string
	Kind        backend.ActionKind
	Params      string   // the vendor parameters, as the confirmation showed them
	Unconfirmed []string // no outcome recorded, or not attempted; in request order
	Applied     int
	Failed      int
	Unknown     int // of Unconfirmed: sent with no answer, may be applied (a resume reads them back first)
}

// Pending lists actions never finished or cancelled by their operator whose
// process is gone (killed, crashed, or closed the journal without
// finishing), or that were cut off (a signal, a session ending), and that
// have users never confirmed, oldest first. Actions still running in a live
// process — this one or another sharing the file — are not pending. A room
// action (dismiss) with no outcome at all is pending with no users.
func (j *Journal) Pending() ([]Pending, error) {
	var out []Pending
	err := j.read(func(ctx context.Context, tx dbtx) error {
		rows, err := j.actionRows(ctx, tx, `WHERE a.status IN ('running', '`+statusCutOff+`') ORDER BY a.started_at, a.id`, nil)
		if err != nil {
			return err
		}
		for _, r := range rows {
			// Claimed by another live handle: that one is resuming it.
			if (r.status == "running" && j.alive(tx, r.runner)) || (r.claim != "" && r.claim != j.runner && j.alive(tx, r.claim)) {
				continue
			}
			a := r.act
			if err := loadOutcomes(ctx, tx, &a, ""); err != nil {
				return err
			}
			p := Pending{ID: a.ID, Actor: a.Actor, Started: a.Started, App: a.App, Room: a.Room, Kind: a.Kind,
				Params: a.Params, Applied: a.Applied, Failed: a.Failed, Unknown: a.Unknown, Unconfirmed: unconfirmed(a)}
			if len(p.Unconfirmed) > 0 || len(a.Users) == 0 {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, j.explain(err, "read")
}

// unconfirmed lists a's users with no outcome, a not-attempted one or an
// unknown one (sent with no answer).
func unconfirmed(a backend.Activity) []string {
	decided := make(map[string]bool, len(a.Outcomes))
	for _, o := range a.Outcomes {
		if o.Status == backend.Applied || o.Status == backend.Failed {
			decided[o.User] = true
		}
	}
	var out []string
	for _, u := range a.Users {
		if !decided[u] {
			out = append(out, u)
		}
	}
	return out
}

// ResumeRequest rebuilds action id's request with only the users not yet
// applied — the unconfirmed ones and those that failed — and the same
// duration, mode, owner and reason. Users that may have been sent with no
// answer — unknown, or with no outcome at all (the process died with their
// call in flight) — are named in Recheck, so the engine reads their state
// back before sending them again. Actor is left empty on purpose: the
// caller sets the operator who resumes, and the engine checks that
// operator's role, never the original one's.
func (j *Journal) ResumeRequest(id string) (backend.ActionRequest, error) {
	var req backend.ActionRequest
	err := j.read(func(ctx context.Context, tx dbtx) error {
		rows, err := j.actionRows(ctx, tx, `WHERE a.id = ?`, []any{id})
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return &Error{Op: "resume", Problem: "action " + id + " is not in the journal", Err: ErrUnknownAction}
		}
		r := rows[0]
		a := r.act
		if err := loadOutcomes(ctx, tx, &a, ""); err != nil {
			return err
		}
		applied, sent := map[string]bool{}, map[string]bool{}
		for _, o := range a.Outcomes {
			switch o.Status {
			case backend.Applied:
				applied[o.User] = true
			case backend.Failed, backend.NotAttempted:
				sent[o.User] = true // decided: no doubt to read back
			}
		}
		req = backend.ActionRequest{App: a.App, Room: a.Room, Kind: a.Kind,
			Duration: r.duration, Forever: r.forever, Owner: r.owner, Reason: r.reason}
		if m, ok := backend.ParseAVBlock(r.avMode); ok {
			req.AVMode = m
		}
		for _, u := range a.Users {
			if !applied[u] {
				req.Users = append(req.Users, u)
				if !sent[u] {
					req.Recheck = append(req.Recheck, u)
				}
			}
		}
		return nil
	})
	return req, j.explain(err, "resume")
}

// MarkInterrupted records that the operator chose not to resume action id:
// it is marked interrupted and leaves Pending. An action still running in
// another live process cannot be marked.
func (j *Journal) MarkInterrupted(id string) error {
	return j.settle(id, "", "interrupt")
}

// MarkResumed records that action id was resumed as action newID: it is
// marked interrupted, points at newID, and leaves Pending.
func (j *Journal) MarkResumed(id, newID string) error {
	return j.settle(id, newID, "resume")
}

func (j *Journal) settle(id, resumedAs, op string) error {
	ctx := context.Background()
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		var status, runner, claim string
		err := tx.QueryRowContext(ctx, `SELECT status, runner, claimed_by FROM actions WHERE id = ?`, id).Scan(&status, &runner, &claim)
		if err == sql.ErrNoRows {
			return &Error{Op: op, Problem: "action " + id + " is not in the journal", Err: ErrUnknownAction}
		}
		if err != nil {
			return err
		}
		switch {
		case status == "finished" || status == "cancelled":
			return &Error{Op: op, Problem: fmt.Sprintf("action %s is already %s", id, status)}
		case status == "running" && runner != j.runner && j.alive(tx, runner):
			return &Error{Op: op, Problem: fmt.Sprintf("action %s is still running in another quell process", id),
				Fix: "wait for it to finish"}
		case claim != "" && claim != j.runner && j.alive(tx, claim):
			return &Error{Op: op, Problem: fmt.Sprintf("action %s is being resumed by another quell process", id),
				Err: ErrClaimed}
		}
		_, err = tx.ExecContext(ctx, `UPDATE actions SET status = 'interrupted', seq = ?,
			finished_at = COALESCE(finished_at, ?), resumed_as = CASE WHEN ? = '' THEN resumed_as ELSE ? END
			WHERE id = ?`, seq, toDB(j.now()), resumedAs, resumedAs, id)
		return err
	})
	return j.explain(err, op)
}

// ErrClaimed is returned when another live quell process is resuming the
// action.
var ErrClaimed = errors.New("action claimed by another quell process")

// Claim reserves pending action id for this handle to resume, so no other
// process — on this host or another sharing a PostgreSQL journal — sends it
// a second time. The claim is a lease that lasts as long as this handle:
// it ends with MarkResumed or MarkInterrupted, and if the claiming process
// dies the action is pending again. Claiming an action this handle already
// claimed succeeds (sessions of one process are kept apart by the caller).
// Refused: an action not in the journal, finished, cancelled, settled,
// still running in a live process, or claimed by another live handle.
func (j *Journal) Claim(id string) error {
	ctx := context.Background()
	if err := j.ensureOwner(ctx); err != nil {
		return j.explain(err, "claim")
	}
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		var status, runner, claim, host string
		err := tx.QueryRowContext(ctx, `SELECT status, runner, claimed_by, host FROM actions WHERE id = ?`, id).
			Scan(&status, &runner, &claim, &host)
		if err == sql.ErrNoRows {
			return &Error{Op: "claim", Problem: "action " + id + " is not in the journal", Err: ErrUnknownAction}
		}
		if err != nil {
			return err
		}
		switch {
		case status != "running" && status != statusCutOff:
			return &Error{Op: "claim", Problem: fmt.Sprintf("action %s is already %s, not pending", id, status),
				Fix: "see quell journal --pending"}
		case status == "running" && j.alive(tx, runner):
			return &Error{Op: "claim", Problem: fmt.Sprintf("action %s is still running in a quell process", id),
				Fix: "wait for it to finish"}
		case claim != "" && claim != j.runner && j.alive(tx, claim):
			return &Error{Op: "claim", Problem: fmt.Sprintf("action %s is being resumed by another quell process", id),
				Fix: "see its progress in the activity view; it leaves the pending list when done", Err: ErrClaimed}
		}
		_, err = tx.ExecContext(ctx, `UPDATE actions SET claimed_by = ?, seq = ? WHERE id = ?`, j.runner, seq, id)
		return err
	})
	return j.explain(err, "claim")
}
