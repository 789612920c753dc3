package journal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/quell-console/quell/internal/testservers"
)

// The journal's behaviour is tested on both stores: tests wrapped in
// forStores run once on a SQLite file and once on a fresh PostgreSQL
// database of a server started for this package (TestMain).

var (
	pgServer *testservers.Postgres
	pgSkip   string // why the PostgreSQL runs are skipped
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) == "" {
		p, err := testservers.NewPostgres()
		switch {
		case errors.Is(err, testservers.ErrNotInstalled):
			pgSkip = "PostgreSQL " + err.Error()
		case err != nil:
			fmt.Fprintln(os.Stderr, "journal tests: cannot start PostgreSQL:", err)
			os.Exit(1)
		default:
			pgServer = p
		}
	}
	code := m.Run()
	if pgServer != nil {
		pgServer.Stop()
	}
	os.Exit(code)
}

type store struct {
	name string
	open func(t *testing.T) string // a new, empty journal's location
}

var stores = []store{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "state", "journal.db") }},
	{"postgres", func(t *testing.T) string {
		if pgServer == nil {
			t.Skip(pgSkip)
		}
		return pgServer.NewDatabase(t)
	}},
}

var (
	storesMu sync.Mutex
	storeOf  = map[string]store{} // subtest name → its store
)

// forStores runs fn as a subtest on each store; openTemp in it (or in its
// own subtests) opens that store.
func forStores(t *testing.T, fn func(t *testing.T)) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			storesMu.Lock()
			storeOf[t.Name()] = s
			storesMu.Unlock()
			fn(t)
		})
	}
}

// storeFor is the store of t's forStores subtest: SQLite outside one.
func storeFor(t *testing.T) store {
	storesMu.Lock()
	defer storesMu.Unlock()
	for name, s := range storeOf {
		if t.Name() == name || strings.HasPrefix(t.Name(), name+"/") {
			return s
		}
	}
	return stores[0]
}
