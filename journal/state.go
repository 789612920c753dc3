package journal

import (
	"context"
	"database/sql"
	"time"

	"github.com/quell-console/quell/backend"
)

var _ backend.StateStore = (*Journal)(nil)

// SetAVBlock records that user's audio/video is blocked in app/room since at,
// by whom; AVNone clears it (an unblock, or reconciliation when the vendor
// says the user is gone).
func (j *Journal) SetAVBlock(app, room, user string, mode backend.AVBlock, by string, at time.Time) error {
	ctx := context.Background()
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		if err := clearUnsure(ctx, tx, app, room, user, backend.UnsureAV); err != nil {
			return err
		}
		if mode == backend.AVNone {
			_, err := tx.ExecContext(ctx, `DELETE FROM av_blocks WHERE app = ? AND room = ? AND "user" = ?`, app, room, user)
			return err
		}
		// since keeps the first block's time when only the mode changes.
		_, err := tx.ExecContext(ctx, `INSERT INTO av_blocks (app, room, "user", mode, since, by_actor, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (app, room, "user") DO UPDATE SET mode = excluded.mode, by_actor = excluded.by_actor, seq = excluded.seq`,
			app, room, user, mode.String(), toDB(at), by, seq)
		return err
	})
	return j.explain(err, "state")
}

// AVBlocks returns the users blocked in app/room and what is blocked.
func (j *Journal) AVBlocks(app, room string) (map[string]backend.AVBlock, error) {
	rows, err := j.query(`SELECT "user", mode FROM av_blocks WHERE app = ? AND room = ?`, app, room)
	if err != nil {
		return nil, j.explain(err, "state")
	}
	defer rows.Close()
	out := map[string]backend.AVBlock{}
	for rows.Next() {
		var user, mode string
		if err := rows.Scan(&user, &mode); err != nil {
			return nil, j.explain(err, "state")
		}
		if m, ok := backend.ParseAVBlock(mode); ok && m != backend.AVNone {
			out[user] = m
		}
	}
	return out, j.explain(rows.Err(), "state")
}

// SetGroupMute records that user is muted in app/room until until (Forever
// for no end); a zero until clears it.
func (j *Journal) SetGroupMute(app, room, user string, until time.Time, by string, at time.Time) error {
	ctx := context.Background()
	err := j.write(ctx, func(tx dbtx, seq int64) error {
		if err := clearUnsure(ctx, tx, app, room, user, backend.UnsureMute); err != nil {
			return err
		}
		if until.IsZero() {
			_, err := tx.ExecContext(ctx, `DELETE FROM group_mutes WHERE app = ? AND room = ? AND "user" = ?`, app, room, user)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO group_mutes (app, room, "user", until, since, by_actor, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (app, room, "user") DO UPDATE SET until = excluded.until, since = excluded.since,
				by_actor = excluded.by_actor, seq = excluded.seq`,
			app, room, user, toDB(until), toDB(at), by, seq)
		return err
	})
	return j.explain(err, "state")
}

// GroupMutes returns the users muted in app/room and until when. Expired
// mutes are left out (the vendor lifted them on its own) but kept on disk
// as history until a later write for that user replaces them.
func (j *Journal) GroupMutes(app, room string) (map[string]time.Time, error) {
	rows, err := j.query(`SELECT "user", until FROM group_mutes WHERE app = ? AND room = ? AND until > ?`,
		app, room, j.now().UnixMicro())
	if err != nil {
		return nil, j.explain(err, "state")
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var user string
		var until sql.NullInt64
		if err := rows.Scan(&user, &until); err != nil {
			return nil, j.explain(err, "state")
		}
		out[user] = fromDB(until)
	}
	return out, j.explain(rows.Err(), "state")
}

// StateEntry is one durable block or mute, for views that show who did it.
type StateEntry struct {
	App, Room, User string
	AVBlock         backend.AVBlock // for AV blocks
	Until           time.Time       // for group mutes
	Since           time.Time
	By              string
}

// StateFor lists the AV blocks and group mutes of app/room with since and by,
// which the StateStore interface does not carry.
func (j *Journal) StateFor(app, room string) (blocks, mutes []StateEntry, err error) {
	rows, err := j.query(`SELECT "user", mode, since, by_actor FROM av_blocks WHERE app = ? AND room = ? ORDER BY "user"`, app, room)
	if err != nil {
		return nil, nil, j.explain(err, "state")
	}
	for rows.Next() {
		e := StateEntry{App: app, Room: room}
		var mode string
		var since sql.NullInt64
		if err := rows.Scan(&e.User, &mode, &since, &e.By); err != nil {
			rows.Close()
			return nil, nil, j.explain(err, "state")
		}
		e.AVBlock, _ = backend.ParseAVBlock(mode)
		e.Since = fromDB(since)
		blocks = append(blocks, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, j.explain(err, "state")
	}
	rows, err = j.query(`SELECT "user", until, since, by_actor FROM group_mutes WHERE app = ? AND room = ? AND until > ? ORDER BY "user"`,
		app, room, j.now().UnixMicro())
	if err != nil {
		return nil, nil, j.explain(err, "state")
	}
	defer rows.Close()
	for rows.Next() {
		e := StateEntry{App: app, Room: room}
		var until, since sql.NullInt64
		if err := rows.Scan(&e.User, &until, &since, &e.By); err != nil {
			return nil, nil, j.explain(err, "state")
		}
		e.Until, e.Since = fromDB(until), fromDB(since)
		mutes = append(mutes, e)
	}
	return blocks, mutes, j.explain(rows.Err(), "state")
}
