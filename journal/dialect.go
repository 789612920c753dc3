package journal

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"sync"
)

// dbtx is a transaction that speaks the journal's one SQL text to either
// store: queries are written once with ? placeholders, which PostgreSQL
// receives as $1, $2, …. Identifiers that are keywords in PostgreSQL
// ("user") are double-quoted in the text, which SQLite accepts as well.
type dbtx struct {
	tx *sql.Tx
	pg bool
}

func (t dbtx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.pg, q), args...)
}

func (t dbtx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.pg, q), args...)
}

func (t dbtx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.pg, q), args...)
}

func (t dbtx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, rebind(t.pg, q))
}

// query runs a read outside a transaction.
func (j *Journal) query(q string, args ...any) (*sql.Rows, error) {
	return j.db.Query(rebind(j.pg, q), args...)
}

var rebound sync.Map // query text → PostgreSQL text

// rebind numbers the ? placeholders outside quotes for PostgreSQL.
func rebind(pg bool, q string) string {
	if !pg || !strings.Contains(q, "?") {
		return q
	}
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	out := b.String()
	rebound.Store(q, out)
	return out
}

// alive reports whether the handle named runner is still open somewhere;
// when in doubt it says yes, the safe answer: never offer to resume what
// might still be running.
func (j *Journal) alive(tx dbtx, runner string) bool {
	if runner == j.runner {
		return true
	}
	if runner == "" {
		return false
	}
	if j.pg {
		return pgAlive(tx, runner)
	}
	return j.owner.alive(runner)
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return ""
	}
	return h
}

// broadcast wakes every waiter at once: each change closes the channel that
// Wait handed out and starts a new one.
type broadcast struct {
	mu sync.Mutex
	ch chan struct{}
}

func newBroadcast() *broadcast { return &broadcast{ch: make(chan struct{})} }

func (b *broadcast) wait() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ch
}

func (b *broadcast) fire() {
	b.mu.Lock()
	close(b.ch)
	b.ch = make(chan struct{})
	b.mu.Unlock()
}

// Changed returns a channel closed at the next change any process makes to
// the journal, for views that redraw at once rather than at their next
// poll. It is nil when the store cannot tell (SQLite: poll Since).
func (j *Journal) Changed() <-chan struct{} {
	if j.changes == nil {
		return nil
	}
	return j.changes.wait()
}

// Host is the machine name this handle records with its actions.
func (j *Journal) Host() string { return j.host }
