// Package emulator serves the three clouds quell speaks to (Tencent Cloud
// TRTC, Tencent Cloud Chat, ZEGOCLOUD ZIM) on one loopback port, so the real
// clients can be tested and demoed end to end without an account.
package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/quell-console/quell/backend/emulator/chatemu"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/emulator/trtcemu"
	"github.com/quell-console/quell/backend/emulator/zegoemu"
)

// ChurnEvery is how often a churning server moves its world along.
const ChurnEvery = time.Second

// Options configure a Server.
type Options struct {
	Seed  uint64 // seeds the demo data and the fault knobs' dice
	Demo  bool   // add the demo apps (see the Demo* constants) and seed them
	Churn bool   // members join and leave, mutes expire, rooms open and close
}

// Server is the three vendor emulators behind one port. Requests are routed
// the way the vendors' own hosts would tell them apart: Chat's REST paths
// start with /v4/, TRTC's API 3.0 carries X-TC-Action, and everything else
// (Action in the query string) is ZEGO's.
type Server struct {
	opts    Options
	env     *emucore.Env
	trtc    *trtcemu.Emulator
	chat    *chatemu.Emulator
	zego    *zegoemu.Emulator
	handler http.Handler // admin endpoints, else vendors
	vendors http.Handler // fault knobs, then the hold, then route
	gate    gate

	mu      sync.Mutex
	srv     *http.Server
	url     string
	stop    chan struct{}
	stopped chan struct{}
	closed  bool
}

// New builds a server; Start makes it listen.
func New(o Options) *Server {
	env := emucore.NewEnv(o.Seed)
	s := &Server{opts: o, env: env, trtc: trtcemu.New(env), chat: chatemu.New(env), zego: zegoemu.New(env)}
	s.vendors = env.Middleware(http.HandlerFunc(s.gated))
	s.handler = http.HandlerFunc(s.serveHTTP)
	if o.Demo {
		s.addDemo()
	}
	return s
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/v4/"):
		s.chat.ServeHTTP(w, r)
	case r.Header.Get("X-TC-Action") != "":
		s.trtc.ServeHTTP(w, r)
	default:
		s.zego.ServeHTTP(w, r)
	}
}

// Handler is the routed handler with the fault knobs applied and the admin
// endpoints (AdminPrefix), for tests that bring their own listener
// (httptest).
func (s *Server) Handler() http.Handler { return s.handler }

// Env is the shared environment: clock, fault knobs, call recorder.
func (s *Server) Env() *emucore.Env { return s.env }

// TRTC is the TRTC emulator, for seeding and assertions.
func (s *Server) TRTC() *trtcemu.Emulator { return s.trtc }

// Chat is the Tencent Chat emulator.
func (s *Server) Chat() *chatemu.Emulator { return s.chat }

// Zego is the ZEGO emulator.
func (s *Server) Zego() *zegoemu.Emulator { return s.zego }

// Start listens on addr ("127.0.0.1:0" for any free port) and serves until
// Close. It returns the base URL every client endpoint points at.
func (s *Server) Start(addr string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("emulator: already closed")
	}
	if s.srv != nil {
		return "", fmt.Errorf("emulator: already listening on %s", s.url)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("emulator: listen on %s: %w", addr, err)
	}
	s.url = baseURL(ln.Addr())
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	go func(srv *http.Server) { _ = srv.Serve(ln) }(s.srv)
	if s.opts.Churn {
		s.stop, s.stopped = make(chan struct{}), make(chan struct{})
		go s.churn(s.stop, s.stopped)
	}
	return s.url, nil
}

// baseURL is http://HOST:PORT for a listener; an unspecified host (":0",
// "0.0.0.0:0") is reached through loopback.
func baseURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := "127.0.0.1"
	if !tcp.IP.IsUnspecified() && tcp.IP != nil {
		host = tcp.IP.String()
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// URL is the base URL, "" before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Close stops the churn and the server, dropping open connections. It is
// safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	srv, stop, stopped := s.srv, s.stop, s.stopped
	s.mu.Unlock()
	if stop != nil {
		close(stop)
		<-stopped
	}
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return srv.Close()
	}
	return nil
}

// churn moves every emulator's world once per ChurnEvery until stop closes.
func (s *Server) churn(stop <-chan struct{}, stopped chan<- struct{}) {
	defer close(stopped)
	t := time.NewTicker(ChurnEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.Churn()
		}
	}
}

// Churn moves the world one step now (the churn goroutine calls it every
// second; tests may call it directly).
func (s *Server) Churn() {
	now := s.env.Now()
	s.trtc.Churn(now)
	s.chat.Churn(now)
	s.zego.Churn(now)
	if s.opts.Demo {
		s.mirrorLiveRooms()
	}
}
