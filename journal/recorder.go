package journal

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/quell-console/quell/backend"
)

var _ backend.Recorder = (*Journal)(nil)

// Begin writes an action's intent — who, when, where, what, with which
// parameters, and every user — in one transaction, before the engine sends
// its first request. If it fails (full disk, read-only file) the engine sends
// nothing, and the error says why.
func (j *Journal) Begin(req backend.ActionRequest, plan *backend.Plan) (string, error) {
	ctx := context.Background()
	started := j.now()
	id := newID(started)
	var call, params string
	if plan != nil {
		call, params = plan.Call, plan.Params
	}
	av := ""
	if mode, ok := backend.AVEffect(req); ok {
		av = mode.String()
	}
	if err := j.ensureOwner(ctx); err != nil {
		return "", j.explain(err, "begin")
	}
	err := j.writeOn(ctx, true, func(tx dbtx, seq int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO actions
			(id, seq, actor, fingerprint, role, started_at, app, room, kind,
			 duration_us, forever, av_mode, owner, reason, call, params, status, runner, host)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
			id, seq, req.Actor.Name, req.Actor.Fingerprint, req.Actor.Role.String(), toDB(started),
			req.App, req.Room, string(req.Kind),
			req.Duration.Microseconds(), req.Forever, av, req.Owner, req.Reason, call, params, j.runner, j.host)
		if err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO outcomes (action_id, pos, "user") VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for pos, u := range distinct(req.Users) {
			if _, err := stmt.ExecContext(ctx, id, pos, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", j.explain(err, "begin")
	}
	return id, nil
}

// Record writes each user's outcome as it arrives. A user not in the intent
// (an engine reporting a room-level outcome for dismiss) is added.
func (j *Journal) Record(id string, outcomes []backend.UserOutcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	ctx := context.Background()
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		if err := touch(ctx, tx, id, seq); err != nil {
			return err
		}
		return putOutcomes(ctx, tx, id, j.redacted(outcomes), j.now())
	})
	return j.explain(err, "record")
}

// Finish marks the action finished, cancelled when its operator cancelled
// it, or cut-off when something else did (a signal, the shutdown grace
// running out, a session closing): a cut-off action is pending, resumable
// like a crashed one. It writes res.Outcomes again so the record is
// complete even if a Record call was lost to an error.
func (j *Journal) Finish(id string, res *backend.Result) error {
	ctx := context.Background()
	status, finished := "finished", j.now()
	var outs []backend.UserOutcome
	if res != nil {
		switch {
		case res.Interrupted:
			status = statusCutOff
		case res.Cancelled:
			status = "cancelled"
		}
		if !res.Finished.IsZero() {
			finished = res.Finished
		}
		outs = res.Outcomes
	}
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		if err := touch(ctx, tx, id, seq); err != nil {
			return err
		}
		if err := putOutcomes(ctx, tx, id, j.redacted(outs), finished); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE actions SET status = ?, finished_at = ? WHERE id = ?`, status, toDB(finished), id)
		return err
	})
	return j.explain(err, "finish")
}

// statusCutOff is an action stopped by something other than its operator,
// with its process still alive: pending like a running action whose
// process died.
const statusCutOff = "cut-off"

// redacted is outs with every secret the process knows blanked from the
// vendor's text: the providers redact their answers already, and this second
// line keeps a secret one of them missed out of a file that lives for years
// and is exported. The engine's outcomes are not changed.
func (j *Journal) redacted(outs []backend.UserOutcome) []backend.UserOutcome {
	if j.secrets == nil {
		return outs
	}
	out := make([]backend.UserOutcome, len(outs))
	for i, o := range outs {
		out[i] = o
		out[i].RequestID = j.secrets.String(o.RequestID)
		if o.Err != nil {
			ve := *o.Err
			ve.Code, ve.Message, ve.Meaning, ve.RequestID = j.secrets.String(ve.Code), j.secrets.String(ve.Message),
				j.secrets.String(ve.Meaning), j.secrets.String(ve.RequestID)
			out[i].Err = &ve
		}
	}
	return out
}

// ErrUnknownAction is returned for an ID the journal does not hold.
var ErrUnknownAction = errors.New("no such action in the journal")

// touch stamps action id with seq so pollers see it changed.
func touch(ctx context.Context, tx dbtx, id string, seq int64) error {
	r, err := tx.ExecContext(ctx, `UPDATE actions SET seq = ? WHERE id = ?`, seq, id)
	if err != nil {
		return err
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return &Error{Op: "record", Problem: "action " + id + " is not in the journal", Err: ErrUnknownAction}
	}
	return nil
}

func putOutcomes(ctx context.Context, tx dbtx, id string, outs []backend.UserOutcome, at time.Time) error {
	if len(outs) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO outcomes
		(action_id, pos, "user", status, code, message, meaning, request_id, attempts, at)
		VALUES (?, (SELECT COALESCE(MAX(pos), -1) + 1 FROM outcomes WHERE action_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (action_id, "user") DO UPDATE SET
			status = excluded.status, code = excluded.code, message = excluded.message,
			meaning = excluded.meaning, request_id = excluded.request_id,
			attempts = excluded.attempts, at = excluded.at`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, o := range outs {
		var code, msg, meaning string
		reqID := o.RequestID
		if o.Err != nil {
			code, msg, meaning = o.Err.Code, o.Err.Message, o.Err.Meaning
			if reqID == "" {
				reqID = o.Err.RequestID
			}
		}
		status := string(o.Status)
		if status == "" {
			status = string(backend.NotAttempted)
		}
		if _, err := stmt.ExecContext(ctx, id, id, o.User, status, code, msg, meaning, reqID, o.Attempts, toDB(at)); err != nil {
			return err
		}
	}
	return nil
}

// write runs fn in one immediate transaction with a freshly bumped change
// counter.
func (j *Journal) write(ctx context.Context, fn func(tx dbtx, seq int64) error) error {
	return j.writeOn(ctx, false, fn)
}

// writeOn is write; synced also fsyncs the commit (synchronous=FULL for this
// one transaction). Begin uses it: an intent lost to a power cut after its
// requests went out would be an unrecorded action, while a lost outcome only
// makes its users look unconfirmed, and resuming them is harmless. Measured
// here: about 0.8 ms per commit at NORMAL, 2.2 ms at FULL.
func (j *Journal) writeOn(ctx context.Context, synced bool, fn func(tx dbtx, seq int64) error) error {
	// The pool has one connection, so pinning it keeps the pragma change
	// and the transaction together, out of reach of other goroutines.
	conn, err := j.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// PostgreSQL makes every commit durable (synchronous_commit = on).
	if synced && !j.pg {
		if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
			return err
		}
		defer conn.ExecContext(ctx, "PRAGMA synchronous = NORMAL")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := dbtx{tx: tx, pg: j.pg}
	// bump's row lock on the counter also serialises writers on
	// PostgreSQL, so seq order is commit order, as with SQLite's one writer.
	seq, err := bump(ctx, t)
	if err != nil {
		return err
	}
	if err := fn(t, seq); err != nil {
		return err
	}
	if j.pg {
		// Delivered at commit to every LISTENing process (see listen).
		if _, err := t.ExecContext(ctx, `SELECT pg_notify('`+notifyChannel+`', ?)`, strconv.FormatInt(seq, 10)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// distinct keeps the first occurrence of each user, in order, as the engine
// reports outcomes "one per distinct user, in request order".
func distinct(users []string) []string {
	seen := make(map[string]bool, len(users))
	out := make([]string, 0, len(users))
	for _, u := range users {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}
