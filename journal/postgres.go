package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The journal in PostgreSQL, for several quell processes on several hosts:
// the same tables, written by the same code (dialect.go), with these
// differences:
//   - the schema is versioned in schema_version and migrated at start under
//     an advisory lock, so two processes starting together never both
//     migrate (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS);
//   - a handle proves it is alive with a session advisory lock held on its
//     own connection; PostgreSQL drops it when that connection ends, however
//     the process ends (kill -9 closes the socket), which is what the flock
//     files do on one host;
//   - every write sends a NOTIFY at commit, which wakes every process's
//     activity views (https://www.postgresql.org/docs/current/sql-notify.html).

// IsURL says whether a journal location is a PostgreSQL URL rather than a
// SQLite file path.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

const (
	notifyChannel = "quell_journal"
	// lockClass is the first key of quell's advisory locks ("quel"), so
	// they do not meet another application's in pg_locks.
	lockClass   int32 = 0x7175656c
	migrateLock int32 = 0
)

// pgMigrations[i] brings the schema from version i to i+1; append, never
// edit. Step 1 is SQLite's steps 1 and 2 in PostgreSQL's types.
var pgMigrations = []string{
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('seq', 0);

CREATE TABLE actions (
	id          TEXT PRIMARY KEY,
	seq         BIGINT NOT NULL,
	actor       TEXT NOT NULL,
	fingerprint TEXT NOT NULL DEFAULT '',
	role        TEXT NOT NULL,
	started_at  BIGINT NOT NULL,
	finished_at BIGINT,
	app         TEXT NOT NULL,
	room        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	duration_us BIGINT NOT NULL DEFAULT 0,
	forever     BOOLEAN NOT NULL DEFAULT false,
	av_mode     TEXT NOT NULL DEFAULT '',
	owner       TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	call        TEXT NOT NULL DEFAULT '',
	params      TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	runner      TEXT NOT NULL DEFAULT '',
	resumed_as  TEXT NOT NULL DEFAULT '',
	host        TEXT NOT NULL DEFAULT '',
	claimed_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_seq ON actions (seq);
CREATE INDEX actions_started ON actions (started_at);
CREATE INDEX actions_status ON actions (status);

CREATE TABLE outcomes (
	action_id  TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	"user"     TEXT NOT NULL,
	status     TEXT,
	code       TEXT NOT NULL DEFAULT '',
	message    TEXT NOT NULL DEFAULT '',
	meaning    TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT '',
	attempts   INTEGER NOT NULL DEFAULT 0,
	at         BIGINT,
	PRIMARY KEY (action_id, pos),
	UNIQUE (action_id, "user")
);
CREATE INDEX outcomes_user ON outcomes ("user");

CREATE TABLE av_blocks (
	app      TEXT NOT NULL,
	room     TEXT NOT NULL,
	"user"   TEXT NOT NULL,
	mode     TEXT NOT NULL,
	since    BIGINT NOT NULL,
	by_actor TEXT NOT NULL DEFAULT '',
	seq      BIGINT NOT NULL,
	PRIMARY KEY (app, room, "user")
);

CREATE TABLE group_mutes (
	app      TEXT NOT NULL,
	room     TEXT NOT NULL,
	"user"   TEXT NOT NULL,
	until    BIGINT NOT NULL,
	since    BIGINT NOT NULL,
	by_actor TEXT NOT NULL DEFAULT '',
	seq      BIGINT NOT NULL,
	PRIMARY KEY (app, room, "user")
);
`,
	// 2: SQLite's step 3, what may be applied.
	unsureTable("BIGINT"),
}

// redactURL is the URL without its password, for messages and Path.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// openPostgres opens the journal in the database at rawURL, applying the
// schema and taking this handle's liveness lock.
func openPostgres(rawURL string) (*Journal, error) {
	shown := redactURL(rawURL)
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		// pgx's message may quote the URL: say what is wrong without it.
		return nil, fmt.Errorf("journal %s: not a valid PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE with the password in ${ENV}", shown)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	db := stdlib.OpenDB(*cfg)
	// One connection holds the liveness lock for good; the others serve
	// the console, the SSH sessions and the engine's outcomes.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	j := &Journal{db: db, path: shown, pg: true, now: time.Now, host: hostname(), changes: newBroadcast()}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, j.explain(err, "open")
	}
	if err := pgMigrate(ctx, db); err != nil {
		db.Close()
		return nil, j.explain(err, "open")
	}
	j.runner = newID(nowUTC())
	if err := j.lockOwner(ctx); err != nil {
		db.Close()
		return nil, j.explain(err, "open")
	}
	j.stopListen = j.listen(cfg)
	return j, nil
}

// lockOwner takes this handle's liveness lock on a connection of its own.
func (j *Journal) lockOwner(ctx context.Context) error {
	conn, err := j.db.Conn(context.Background())
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, $2)", lockClass, runnerKey(j.runner)); err != nil {
		conn.Close()
		return err
	}
	j.pgOwner = conn
	return nil
}

// ensureOwner re-takes the liveness lock if its connection was lost (a
// server restart, a network cut): without it other processes would take
// this handle's next actions for orphans and resume them while they run.
// Begin and Claim call it before they write.
func (j *Journal) ensureOwner(ctx context.Context) error {
	if !j.pg {
		return nil
	}
	j.ownerMu.Lock()
	defer j.ownerMu.Unlock()
	if j.pgOwner != nil {
		if _, err := j.pgOwner.ExecContext(ctx, "SELECT 1"); err == nil {
			return nil
		}
		j.pgOwner.Close()
		j.pgOwner = nil
	}
	return j.lockOwner(ctx)
}

// runnerKey is the second key of a handle's advisory lock. Two runners
// sharing a key only make a dead one look alive: its actions wait for the
// other to close before they are offered for resuming.
func runnerKey(runner string) int32 {
	h := fnv.New32a()
	h.Write([]byte(runner))
	return int32(h.Sum32() & 0x7fffffff)
}

// pgAlive reports whether runner's session still holds its advisory lock.
func pgAlive(tx dbtx, runner string) bool {
	var held bool
	err := tx.QueryRowContext(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND objsubid = 2
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND classid::bigint = ? AND objid::bigint = ?)`, int64(lockClass), int64(runnerKey(runner))).Scan(&held)
	if err != nil {
		return true
	}
	return held
}

// pgMigrate applies the missing steps, each in its own transaction with its
// version row, while holding the migration lock.
func pgMigrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, $2)", lockClass, migrateLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1, $2)", lockClass, migrateLock)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return err
	}
	var version int
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&version); err != nil {
		return err
	}
	if version > len(pgMigrations) {
		return errNewerSchema
	}
	for v := version; v < len(pgMigrations); v++ {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, pgMigrations[v]); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema step %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES ($1)", v+1); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// listen follows the journal's NOTIFY channel on a connection of its own
// and wakes the waiters of Changed; a lost connection is re-made, with one
// wake-up in case a change went by meanwhile. It returns the stop function.
func (j *Journal) listen(cfg *pgx.ConnConfig) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err == nil {
				_, err = conn.Exec(ctx, "LISTEN "+notifyChannel)
			}
			if err == nil {
				j.changes.fire()
				for {
					if _, err = conn.WaitForNotification(ctx); err != nil {
						break
					}
					j.changes.fire()
				}
			}
			if conn != nil {
				cctx, ccancel := context.WithTimeout(context.Background(), time.Second)
				conn.Close(cctx)
				ccancel()
			}
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
	return func() { cancel(); <-done }
}

// pgCode is the SQLSTATE of a PostgreSQL error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// explainPG fills e's problem and fix for a PostgreSQL journal.
func explainPG(e *Error, err error, op string) {
	var ne net.Error
	var ce *pgconn.ConnectError
	switch code := pgCode(err); {
	case err == errNewerSchema:
		e.Problem = "written by a newer quell (unknown schema version)"
		e.Fix = "upgrade quell on this host, or use another database"
	case code == "53100":
		e.Problem = "the database server's disk is full, so nothing can be recorded"
		e.Fix = "free space on the PostgreSQL server"
		if op == "begin" {
			e.Fix += "; the action was not started and no request was sent"
		}
	case code == "25006":
		e.Problem = "the database is read-only (a standby?), so actions cannot be recorded"
		e.Fix = "point `journal:` at the primary server"
	case code == "42501":
		e.Problem = "the database user may not write the journal's tables"
		e.Fix = "grant it the tables (or connect as their owner) in `journal:`"
	case code == "28P01" || code == "28000":
		e.Problem = "PostgreSQL rejects the user or password"
		e.Fix = "check the user in `journal:` and the password in its ${ENV} variable"
	case code == "3D000":
		e.Problem = "the database does not exist"
		e.Fix = "create it (createdb) or fix its name in `journal:`"
	case code == "55P03" || code == "40P01":
		e.Problem = "locked by another session"
		e.Fix = "try again; look for a long transaction in pg_stat_activity"
	case errors.As(err, &ce) || errors.As(err, &ne):
		e.Problem = "cannot reach the PostgreSQL server"
		e.Fix = "check that it runs and that the host and port in `journal:` are right"
		if op == "begin" {
			e.Fix += "; the action was not started and no request was sent"
		}
	default:
		e.Problem = err.Error()
	}
}
