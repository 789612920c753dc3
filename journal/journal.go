// Package journal is quell's crash-safe record of every moderation action and
// the durable home of the state no vendor API lists (TRTC audio/video blocks,
// ZEGO group mutes). It is one SQLite file in WAL mode, shared by every quell
// process on the host: the SSH server, local consoles and headless commands
// all write to it and poll it, so each sees the others' actions. A team of
// several hosts points them all at one PostgreSQL database instead
// (postgres.go): the same tables and code, with notifications in place of
// polling.
//
// The journal never receives secrets: it stores who acted, where, what and
// with which outcome, and nothing from the configuration's credentials.
package journal

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/filemode"
	"github.com/quell-console/quell/internal/redact"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeout is how long a writer waits for another process's transaction
// before giving up with "locked". Transactions here last milliseconds, so five
// seconds only runs out when something holds the file on purpose.
var busyTimeout = 5 * time.Second

// Journal is an open journal file. Its methods are safe for concurrent use.
type Journal struct {
	db   *sql.DB
	path string // the file, or the PostgreSQL URL without its password
	pg   bool   // PostgreSQL (postgres.go) rather than SQLite
	now  func() time.Time
	// runner names this handle in the actions it runs and claims, so other
	// handles can tell a live action from one whose process died: on
	// SQLite by owner's flock (owner_unix.go), on PostgreSQL by pgOwner's
	// session advisory lock (postgres.go).
	runner  string
	owner   *ownerLock
	pgOwner *sql.Conn
	ownerMu sync.Mutex // guards pgOwner
	host    string     // this machine, recorded with each action
	// changes wakes the activity views when another process writes
	// (PostgreSQL's LISTEN/NOTIFY); nil on SQLite, which is polled.
	changes    *broadcast
	stopListen func()

	// secrets, when set (SetRedactor), are blanked from every outcome
	// written.
	secrets *redact.Redactor
	// notes say what Open changed that the operator should know (a file
	// whose mode it tightened).
	notes []string

	closeOnce sync.Once
	closeErr  error
}

// SetRedactor makes the journal blank r's secrets from every outcome it
// writes. Call it before the first action.
func (j *Journal) SetRedactor(r *redact.Redactor) { j.secrets = r }

// Notes are what Open changed that the operator should be told once: the
// journal files whose mode was looser than 0600 and is now 0600.
func (j *Journal) Notes() []string { return j.notes }

// DefaultPath is $XDG_STATE_HOME/quell/journal.db, else
// ~/.local/state/quell/journal.db.
func DefaultPath() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "quell", "journal.db")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(".local", "state", "quell", "journal.db")
	}
	return filepath.Join(home, ".local", "state", "quell", "journal.db")
}

// Open opens (or creates) the journal at path: the directory with mode 0700,
// the file with 0600, and the schema. Every failure is an error naming the
// path and the fix: a corrupt file, something that is not a database, a file
// locked by another process, or a read-only file.
func Open(path string) (*Journal, error) {
	if IsURL(path) {
		return openPostgres(path)
	}
	if path == "" {
		path = DefaultPath()
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	path = abs
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("journal %s: cannot create its directory: %w; choose another path with `journal:` in the config", path, err)
	}
	notes, err := tightenFiles(path)
	if err != nil {
		return nil, err
	}
	if err := createFile(path); err != nil {
		return nil, err
	}

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	// One connection per process: writes are serialised here instead of
	// racing each other into SQLITE_BUSY, and no statement ever waits on a
	// second connection of its own process. Other processes are kept apart
	// by SQLite's file locks and the busy timeout.
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)

	j := &Journal{db: db, path: path, now: time.Now, host: hostname(), notes: notes}
	if err := j.init(); err != nil {
		db.Close()
		return nil, err
	}
	// SQLite made the WAL and its index now if they were missing, with the
	// database's mode; one left behind by an older quell keeps its own.
	more, err := tightenFiles(path)
	if err != nil {
		db.Close()
		return nil, err
	}
	j.notes = append(j.notes, more...)
	owner, err := newOwnerLock(path)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	j.owner, j.runner = owner, owner.name
	return j, nil
}

// dsn configures every connection. WAL lets readers (the activity views of
// other processes) poll while one process writes. synchronous=NORMAL in WAL
// mode writes each commit to the WAL file before the commit returns, so a
// crash of the process (kill -9, panic, OOM) loses nothing committed: the
// data is in the kernel's page cache and SQLite replays the WAL on the next
// open. Only a power failure or kernel crash can lose the last commits; Begin
// alone pays for an fsync (see writeOn) so an intent survives even that.
// _txlock=immediate takes the write lock at BEGIN, so two processes never
// deadlock upgrading read transactions; the busy timeout then queues them.
func dsn(path string) string {
	return "file:" + path +
		fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)" +
		"&_txlock=immediate"
}

// tightenFiles sets the database, its WAL and its shared-memory index to
// mode 0600 where they exist with a looser one (an older quell, a copy, a
// umask of 022): they hold every moderator's actions and the vendors'
// answers. A file quell cannot chmod (another user's) is refused.
func tightenFiles(path string) ([]string, error) {
	var notes []string
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		note, err := filemode.Tighten(f)
		if err != nil {
			return nil, fmt.Errorf("journal: %w with `journal:` in the config", err)
		}
		if note != "" {
			notes = append(notes, "journal: "+note)
		}
	}
	return notes, nil
}

// createFile makes the database file with mode 0600 before SQLite does, so
// it never exists with the umask's looser mode.
func createFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("journal %s: permission denied; fix the file's owner and mode (chmod 600) or choose another path with `journal:` in the config", path)
		}
		return fmt.Errorf("journal %s: %w; choose another path with `journal:` in the config", path, err)
	}
	return f.Close()
}

// init applies the schema and proves the file is writable: a journal that
// can only be read would let actions run unrecorded.
func (j *Journal) init() error {
	ctx := context.Background()
	if err := j.db.PingContext(ctx); err != nil {
		return j.explain(err, "open")
	}
	var mode string
	if err := j.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return j.explain(err, "open")
	}
	if err := migrate(ctx, j.db); err != nil {
		return j.explain(err, "open")
	}
	// A write that changes nothing, to surface a read-only file now rather
	// than at the first action.
	if _, err := j.db.ExecContext(ctx, "UPDATE meta SET value = value WHERE key = 'seq'"); err != nil {
		return j.explain(err, "open")
	}
	return nil
}

// Path is the journal's absolute path.
func (j *Journal) Path() string { return j.path }

// Close releases the file. Actions this handle began and never finished
// become pending for the next process.
func (j *Journal) Close() error {
	j.closeOnce.Do(func() {
		if j.stopListen != nil {
			j.stopListen()
		}
		j.ownerMu.Lock()
		defer j.ownerMu.Unlock()
		if j.pgOwner != nil {
			// Closing the session drops its advisory lock, but only once
			// the server notices; unlocking first makes this handle's
			// unfinished actions pending the moment Close returns.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_, _ = j.pgOwner.ExecContext(ctx, "SELECT pg_advisory_unlock_all()")
			cancel()
			_ = j.pgOwner.Close()
		}
		err := j.db.Close()
		if j.owner != nil {
			j.owner.release()
		}
		if err != nil {
			j.closeErr = fmt.Errorf("journal %s: close: %w", j.path, err)
		}
	})
	return j.closeErr
}

// Error is a journal failure explained for an operator.
type Error struct {
	Path    string
	Op      string // "open", "begin", "record", "finish", "read", "state"
	Problem string // what is wrong, in plain words
	Fix     string
	Err     error // the SQLite error
}

func (e *Error) Error() string {
	s := fmt.Sprintf("journal %s: %s: %s", e.Path, e.Op, e.Problem)
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Codes callers may test with errors.Is.
var (
	ErrFull     = errors.New("journal full")
	ErrReadOnly = errors.New("journal read-only")
	ErrLocked   = errors.New("journal locked")
	ErrCorrupt  = errors.New("journal corrupt")
)

// Is lets errors.Is(err, ErrFull) and friends match an *Error.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrFull:
		if c := pgCode(e.Err); c != "" {
			return c == "53100" // disk_full
		}
		return e.code() == sqlite3.SQLITE_FULL
	case ErrReadOnly:
		c := e.code()
		return c == sqlite3.SQLITE_READONLY || c == sqlite3.SQLITE_PERM || c == sqlite3.SQLITE_CANTOPEN
	case ErrLocked:
		c := e.code()
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	case ErrCorrupt:
		c := e.code()
		return c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB
	}
	return false
}

func (e *Error) code() int {
	var se *sqlite.Error
	if errors.As(e.Err, &se) {
		return se.Code() & 0xff // primary code; extended codes carry detail above
	}
	return -1
}

// explain turns a SQLite error into an *Error that says what to do.
func (j *Journal) explain(err error, op string) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		if already.Path == "" {
			already.Path = j.path
		}
		return err
	}
	e := &Error{Path: j.path, Op: op, Err: err}
	if j.pg {
		explainPG(e, err, op)
		return e
	}
	switch e.code() {
	case sqlite3.SQLITE_FULL:
		e.Problem = "the disk (or the journal's size limit) is full, so nothing can be recorded"
		e.Fix = "free space on the journal's disk"
		if op == "begin" {
			e.Fix += "; the action was not started and no request was sent"
		}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		e.Problem = "the file is read-only, so actions cannot be recorded"
		e.Fix = "make it writable by this user (chmod 600, and its directory writable) or choose another path with `journal:` in the config"
	case sqlite3.SQLITE_CANTOPEN:
		e.Problem = "cannot open the file or its -wal/-shm companions"
		e.Fix = "check that the file and its directory are writable by this user, or choose another path with `journal:` in the config"
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		e.Problem = fmt.Sprintf("locked by another process for more than %s", busyTimeout)
		e.Fix = "close the program holding it (an sqlite3 shell with an open transaction?) and try again"
	case sqlite3.SQLITE_CORRUPT:
		e.Problem = "the database is corrupt"
		e.Fix = fmt.Sprintf("move it aside (mv %s %s.corrupt) and start again; `sqlite3 FILE .recover` may save its records", j.path, j.path)
	case sqlite3.SQLITE_NOTADB:
		e.Problem = "the file is not a SQLite database"
		e.Fix = "point `journal:` in the config at a new file, or move this one aside if it is not needed"
	case sqlite3.SQLITE_IOERR:
		e.Problem = "an I/O error: " + err.Error()
		e.Fix = "check the disk"
	default:
		if err == errNewerSchema {
			e.Problem = "written by a newer quell (unknown schema version)"
			e.Fix = "upgrade quell, or use another journal path"
		} else {
			e.Problem = err.Error()
		}
	}
	return e
}

// newID is a sortable, readable action ID: UTC start time plus randomness so
// two processes starting actions in the same second never collide.
func newID(t time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:])
}

// Times are stored as Unix microseconds: exact enough for a journal, and the
// Forever sentinel (year 9999) fits where nanoseconds would overflow.
func toDB(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromDB(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	t := time.UnixMicro(v.Int64)
	if backend.IsForever(t) {
		return backend.Forever
	}
	return t
}

func nowUTC() time.Time { return time.Now().UTC() }
