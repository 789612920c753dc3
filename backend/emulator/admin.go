package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

// AdminPrefix starts the emulator's own endpoints, beside the vendors' on
// the same port. No vendor path starts with it.
const AdminPrefix = "/_emulator/"

// Stats is what GET /_emulator/stats answers.
type Stats struct {
	emucore.Snapshot
	// AppliedUsers is, per "vendor/action", how many distinct users it took
	// effect for; MaxApplied the most times for any one user (1 = no user
	// applied twice).
	AppliedUsers map[string]int `json:"applied_users"`
	MaxApplied   map[string]int `json:"max_applied"`
	InFlight     int64          `json:"in_flight"`  // vendor requests received and not yet done (latency, hold, handler)
	Held         int64          `json:"held"`       // vendor requests waiting at a hold
	InHandler    int64          `json:"in_handler"` // vendor requests past the hold, being answered
	Holding      bool           `json:"holding"`
}

// gate holds vendor requests after their latency and before their handler,
// so a test can freeze the emulator at a known point: hold, wait until
// in_handler is 0, and every answer the client got is final; requests
// arriving after are held and, when their client disconnects (kill -9),
// dropped without taking effect. Once in_flight is 0 as well, none is left
// that could take effect on release.
type gate struct {
	mu        sync.Mutex
	release   chan struct{} // nil when open; closed to let held requests through
	inFlight  atomic.Int64
	held      atomic.Int64
	inHandler atomic.Int64
}

// enter waits while the gate is held and reports whether the request may
// proceed (false: its client went away while held). The caller must call
// leave after a true answer. inHandler is raised before the gate is read,
// so a hold followed by in_handler = 0 proves no request is on its way in.
func (g *gate) enter(r *http.Request) bool {
	g.inHandler.Add(1)
	for {
		g.mu.Lock()
		ch := g.release
		g.mu.Unlock()
		if ch == nil {
			break
		}
		g.inHandler.Add(-1)
		g.held.Add(1)
		drainBody(r)
		select {
		case <-ch:
		case <-r.Context().Done():
		}
		g.held.Add(-1)
		if r.Context().Err() != nil {
			return false
		}
		g.inHandler.Add(1)
	}
	return true
}

func (g *gate) leave() { g.inHandler.Add(-1) }

// maxHeldBody bounds what drainBody buffers; vendors' bodies are far smaller.
const maxHeldBody = 8 << 20

// drainBody reads the request body into memory and puts it back. net/http
// watches a connection for its client going away only once the body has
// been read to the end, so a held POST must be read now or a client killed
// while held would not cancel it, and Release would apply it.
func drainBody(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, maxHeldBody))
	rest := io.Reader(r.Body)
	if err != nil {
		rest = errReader{err}
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), rest), r.Body}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func (g *gate) hold() {
	g.mu.Lock()
	if g.release == nil {
		g.release = make(chan struct{})
	}
	g.mu.Unlock()
}

func (g *gate) open() {
	g.mu.Lock()
	if g.release != nil {
		close(g.release)
		g.release = nil
	}
	g.mu.Unlock()
}

func (g *gate) holding() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.release != nil
}

// Stats reports what the emulator received and applied.
func (s *Server) Stats() Stats {
	st := Stats{Snapshot: s.env.Rec.Snapshot(), AppliedUsers: map[string]int{}, MaxApplied: map[string]int{},
		InFlight: s.gate.inFlight.Load(), Held: s.gate.held.Load(), InHandler: s.gate.inHandler.Load(), Holding: s.gate.holding()}
	for action, users := range st.Applied {
		st.AppliedUsers[action] = len(users)
		for _, n := range users {
			st.MaxApplied[action] = max(st.MaxApplied[action], n)
		}
	}
	return st
}

// Hold stops vendor requests before their handler until Release.
func (s *Server) Hold() { s.gate.hold() }

// Release lets held vendor requests through.
func (s *Server) Release() { s.gate.open() }

// admin serves the emulator's own endpoints:
//
//	GET  /_emulator/stats    the recorder's counts (Stats) as JSON
//	POST /_emulator/hold     hold vendor requests before their handler
//	POST /_emulator/release  let them through
//
// They bypass the fault knobs, so stats answer at once under any latency.
func (s *Server) admin(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, AdminPrefix)
	switch {
	case name == "stats" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(s.Stats())
	case name == "hold" && r.Method == http.MethodPost:
		s.Hold()
		w.WriteHeader(http.StatusNoContent)
	case name == "release" && r.Method == http.MethodPost:
		s.Release()
		w.WriteHeader(http.StatusNoContent)
	case name == "stats" || name == "hold" || name == "release":
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		http.NotFound(w, r)
	}
}

// serveHTTP routes the admin endpoints past the fault knobs and everything
// else through them, then the hold, to the vendor emulators.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.admin(w, r)
		return
	}
	s.gate.inFlight.Add(1)
	defer s.gate.inFlight.Add(-1)
	s.vendors.ServeHTTP(w, r)
}

func (s *Server) gated(w http.ResponseWriter, r *http.Request) {
	if !s.gate.enter(r) {
		return
	}
	defer s.gate.leave()
	s.route(w, r)
}
