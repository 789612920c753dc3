package journal

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
)

var _ backend.ActivityLog = (*Journal)(nil)

// Since returns the activities changed after seq, oldest change first, and
// the newest seq. Every write by any process bumps the counter stored in the
// file, so consoles polling the same journal see each other's actions as
// they happen. Since(0) returns the whole history.
func (j *Journal) Since(seq int64) ([]backend.Activity, int64, error) {
	var acts []backend.Activity
	var newest int64
	err := j.read(func(ctx context.Context, tx dbtx) error {
		if err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'seq'`).Scan(&newest); err != nil {
			return err
		}
		var err error
		acts, err = j.activities(ctx, tx, `WHERE a.seq > ? ORDER BY a.seq`, []any{seq}, "")
		return err
	})
	if err != nil {
		return nil, seq, j.explain(err, "read")
	}
	return acts, newest, nil
}

// Filter selects activities for Query. Empty fields match everything.
type Filter struct {
	App, Room string
	// User keeps actions that touched this user, and narrows their Users and
	// Outcomes to that user (the Applied/Failed/Pending counts stay the
	// action's own).
	User  string
	Actor string
	Since time.Time // started at or after
}

// Query lists the activities matching f, oldest first.
func (j *Journal) Query(f Filter) ([]backend.Activity, error) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.App != "" {
		add("a.app = ?", f.App)
	}
	if f.Room != "" {
		add("a.room = ?", f.Room)
	}
	if f.Actor != "" {
		add("a.actor = ?", f.Actor)
	}
	if !f.Since.IsZero() {
		add("a.started_at >= ?", f.Since.UnixMicro())
	}
	if f.User != "" {
		add(`EXISTS (SELECT 1 FROM outcomes o WHERE o.action_id = a.id AND o."user" = ?)`, f.User)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	var acts []backend.Activity
	err := j.read(func(ctx context.Context, tx dbtx) error {
		var err error
		acts, err = j.activities(ctx, tx, where+" ORDER BY a.started_at, a.id", args, f.User)
		return err
	})
	return acts, j.explain(err, "read")
}

// read runs fn in a read transaction: one consistent snapshot that never
// blocks writers (WAL).
func (j *Journal) read(fn func(ctx context.Context, tx dbtx) error) error {
	ctx := context.Background()
	opts := &sql.TxOptions{ReadOnly: true}
	if j.pg {
		// One snapshot for the whole read, as SQLite's read transaction
		// gives: Since reads the counter and then the rows.
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := j.db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(ctx, dbtx{tx: tx, pg: j.pg})
}

// actionRow is one row of actions with everything a resume needs.
type actionRow struct {
	act      backend.Activity
	status   string
	runner   string
	claim    string // the handle resuming it, if any
	duration time.Duration
	forever  bool
	avMode   string
	owner    string
	reason   string
}

const actionCols = `a.id, a.seq, a.actor, a.fingerprint, a.role, a.started_at, a.finished_at, a.app, a.room, a.kind,
	a.call, a.params, a.status, a.runner, a.duration_us, a.forever, a.av_mode, a.owner, a.reason, a.host, a.claimed_by`

func scanAction(rows *sql.Rows) (actionRow, error) {
	var host, claim string
	var r actionRow
	var role, kind string
	var started, finished sql.NullInt64
	var durUS int64
	err := rows.Scan(&r.act.ID, &r.act.Seq, &r.act.Actor.Name, &r.act.Actor.Fingerprint, &role, &started, &finished,
		&r.act.App, &r.act.Room, &kind, &r.act.Call, &r.act.Params, &r.status, &r.runner,
		&durUS, &r.forever, &r.avMode, &r.owner, &r.reason, &host, &claim)
	if err != nil {
		return r, err
	}
	r.act.Host, r.claim = host, claim
	r.act.Actor.Role, _ = backend.ParseRole(role)
	r.act.Kind = backend.ActionKind(kind)
	r.act.Started, r.act.Finished = fromDB(started), fromDB(finished)
	r.duration = time.Duration(durUS) * time.Microsecond
	return r, nil
}

func (j *Journal) actionRows(ctx context.Context, tx dbtx, tail string, args []any) ([]actionRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+actionCols+` FROM actions a `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []actionRow
	for rows.Next() {
		r, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// activities loads the actions selected by tail with their users and
// outcomes; onlyUser, when set, narrows Users and Outcomes to that user.
func (j *Journal) activities(ctx context.Context, tx dbtx, tail string, args []any, onlyUser string) ([]backend.Activity, error) {
	rows, err := j.actionRows(ctx, tx, tail, args)
	if err != nil {
		return nil, err
	}
	acts := make([]backend.Activity, 0, len(rows))
	for _, r := range rows {
		a := r.act
		a.Status = j.liveStatus(tx, r.status, r.runner)
		if err := loadOutcomes(ctx, tx, &a, onlyUser); err != nil {
			return nil, err
		}
		acts = append(acts, a)
	}
	return acts, nil
}

// liveStatus reports a "running" action whose process is gone as
// "interrupted", so no view shows it running forever.
func (j *Journal) liveStatus(tx dbtx, status, runner string) string {
	if status == "running" && !j.alive(tx, runner) {
		return "interrupted"
	}
	return status
}

func loadOutcomes(ctx context.Context, tx dbtx, a *backend.Activity, onlyUser string) error {
	rows, err := tx.QueryContext(ctx, `SELECT "user", status, code, message, meaning, request_id, attempts
		FROM outcomes WHERE action_id = ? ORDER BY pos`, a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o backend.UserOutcome
		var status sql.NullString
		var code, msg, meaning string
		if err := rows.Scan(&o.User, &status, &code, &msg, &meaning, &o.RequestID, &o.Attempts); err != nil {
			return err
		}
		switch {
		case !status.Valid:
			a.Pending++
		case status.String == string(backend.Applied):
			a.Applied++
		case status.String == string(backend.Failed):
			a.Failed++
		case status.String == string(backend.Unknown):
			a.Unknown++
		}
		if onlyUser != "" && o.User != onlyUser {
			continue
		}
		a.Users = append(a.Users, o.User)
		if !status.Valid {
			continue
		}
		o.Status = backend.OutcomeStatus(status.String)
		if code != "" || msg != "" || meaning != "" {
			o.Err = &backend.VendorError{Call: a.Call, Code: code, Message: msg, Meaning: meaning, RequestID: o.RequestID}
		}
		a.Outcomes = append(a.Outcomes, o)
	}
	return rows.Err()
}
