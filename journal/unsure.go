package journal

import (
	"context"
	"database/sql"

	"github.com/quell-console/quell/backend"
)

var _ backend.UnsureStore = (*Journal)(nil)

// SetUnsure remembers that something quell sent to user may be applied: a
// TRTC AV block or ZEGO group mute whose call got no answer, which no
// vendor API can list. It lasts until a confirmed change to the same state
// (SetAVBlock, SetGroupMute) replaces it, so every console and bastion
// shows the user as "may be blocked" or "may be muted" meanwhile.
func (j *Journal) SetUnsure(app, room, user string, u backend.Unsure) error {
	ctx := context.Background()
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO unsure (app, room, "user", kind, mode, until, since, by_actor, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (app, room, "user", kind) DO UPDATE SET mode = excluded.mode, until = excluded.until,
				since = excluded.since, by_actor = excluded.by_actor, seq = excluded.seq`,
			app, room, user, u.Kind, u.Mode.String(), toDB(u.Until), toDB(u.Since), u.By, seq)
		return err
	})
	return j.explain(err, "state")
}

// Unsure returns what may be applied in app/room of kind, by user.
func (j *Journal) Unsure(app, room, kind string) (map[string]backend.Unsure, error) {
	rows, err := j.query(`SELECT "user", mode, until, since, by_actor FROM unsure WHERE app = ? AND room = ? AND kind = ?`,
		app, room, kind)
	if err != nil {
		return nil, j.explain(err, "state")
	}
	defer rows.Close()
	out := map[string]backend.Unsure{}
	for rows.Next() {
		var user, mode string
		var until, since sql.NullInt64
		u := backend.Unsure{Kind: kind}
		if err := rows.Scan(&user, &mode, &until, &since, &u.By); err != nil {
			return nil, j.explain(err, "state")
		}
		u.Mode, _ = backend.ParseAVBlock(mode)
		u.Until, u.Since = fromDB(until), fromDB(since)
		out[user] = u
	}
	return out, j.explain(rows.Err(), "state")
}

// clearUnsure drops the guess a confirmed change replaces, in its write.
func clearUnsure(ctx context.Context, tx dbtx, app, room, user, kind string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM unsure WHERE app = ? AND room = ? AND "user" = ? AND kind = ?`, app, room, user, kind)
	return err
}
