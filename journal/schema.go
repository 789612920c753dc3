package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations[i] brings the schema from version i to i+1. The version lives
// in PRAGMA user_version; append new steps, never edit old ones.
var migrations = []string{
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
-- seq is the change counter: every write bumps it and stamps the rows it
-- changed, so pollers in any process ask "what changed after N".
INSERT INTO meta (key, value) VALUES ('seq', 0);

CREATE TABLE actions (
	id          TEXT PRIMARY KEY,
	seq         INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	fingerprint TEXT NOT NULL DEFAULT '',
	role        TEXT NOT NULL,
	started_at  INTEGER NOT NULL,
	finished_at INTEGER,
	app         TEXT NOT NULL,
	room        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	duration_us INTEGER NOT NULL DEFAULT 0,
	forever     INTEGER NOT NULL DEFAULT 0,
	av_mode     TEXT NOT NULL DEFAULT '',
	owner       TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	call        TEXT NOT NULL DEFAULT '',
	params      TEXT NOT NULL DEFAULT '',
	-- running | finished | cancelled | interrupted
	status      TEXT NOT NULL,
	-- the handle running it; see owner_unix.go
	runner      TEXT NOT NULL DEFAULT '',
	resumed_as  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_seq ON actions (seq);
CREATE INDEX actions_started ON actions (started_at);
CREATE INDEX actions_status ON actions (status);

-- One row per distinct user, written with the intent. status NULL means no
-- outcome has been confirmed yet.
CREATE TABLE outcomes (
	action_id  TEXT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	user       TEXT NOT NULL,
	status     TEXT,
	code       TEXT NOT NULL DEFAULT '',
	message    TEXT NOT NULL DEFAULT '',
	meaning    TEXT NOT NULL DEFAULT '',
	request_id TEXT NOT NULL DEFAULT '',
	attempts   INTEGER NOT NULL DEFAULT 0,
	at         INTEGER,
	PRIMARY KEY (action_id, pos),
	UNIQUE (action_id, user)
);
CREATE INDEX outcomes_user ON outcomes (user);

CREATE TABLE av_blocks (
	app      TEXT NOT NULL,
	room     TEXT NOT NULL,
	user     TEXT NOT NULL,
	mode     TEXT NOT NULL,
	since    INTEGER NOT NULL,
	by_actor TEXT NOT NULL DEFAULT '',
	seq      INTEGER NOT NULL,
	PRIMARY KEY (app, room, user)
);

CREATE TABLE group_mutes (
	app      TEXT NOT NULL,
	room     TEXT NOT NULL,
	user     TEXT NOT NULL,
	until    INTEGER NOT NULL,
	since    INTEGER NOT NULL,
	by_actor TEXT NOT NULL DEFAULT '',
	seq      INTEGER NOT NULL,
	PRIMARY KEY (app, room, user)
);
`,
	// 2: the host an action ran on, for teams of several bastions, and the
	// handle that claimed it to resume it (see Journal.Claim).
	`
ALTER TABLE actions ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
`,
	// 3: what may be applied (unsure.go): a TRTC AV block or ZEGO group
	// mute sent with no answer, which no vendor API can list. Outcomes
	// gain the status 'unknown' with no change: status is free text.
	unsureTable("INTEGER"),
}

// unsureTable is the step that adds the unsure table, in the store's
// integer type; "user" is quoted for PostgreSQL and accepted by SQLite.
func unsureTable(integer string) string {
	return `
CREATE TABLE unsure (
	app      TEXT NOT NULL,
	room     TEXT NOT NULL,
	"user"   TEXT NOT NULL,
	kind     TEXT NOT NULL,
	mode     TEXT NOT NULL DEFAULT '',
	until    ` + integer + `,
	since    ` + integer + ` NOT NULL,
	by_actor TEXT NOT NULL DEFAULT '',
	seq      ` + integer + ` NOT NULL,
	PRIMARY KEY (app, room, "user", kind)
);
`
}

var errNewerSchema = errors.New("newer schema")

// migrate brings the database to the newest schema in one transaction, so a
// crash mid-migration leaves the old schema intact.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil) // immediate: two first opens cannot both migrate
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return errNewerSchema
	}
	if version == len(migrations) {
		return tx.Commit()
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("schema step %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}

// bump increments the change counter inside tx and returns the new value.
func bump(ctx context.Context, tx dbtx) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, "UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value").Scan(&seq)
	return seq, err
}
