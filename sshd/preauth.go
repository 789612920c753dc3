package sshd

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"

	"github.com/quell-console/quell/textsafe"
)

// Defaults of the pre-authentication limits (ssh.max_unauthenticated,
// ssh.max_unauthenticated_per_address, ssh.login_timeout).
const (
	DefaultMaxUnauthenticated     = 64
	DefaultMaxUnauthenticatedAddr = 8
	DefaultLoginTimeout           = 10 * time.Second
)

// maxOfferedKeys is how many offered key fingerprints a failed sign-in's log
// line names (OpenSSH gives up after 6 by default).
const maxOfferedKeys = 6

// gate admits connections that have not signed in yet: a total and a
// per-address cap, and a deadline from accept to an open session. Without it
// idle TCP connections exhaust the process's file descriptors and lock real
// operators out (issue #11).
type gate struct {
	maxTotal, maxAddr int
	timeout           time.Duration
	log               *rateLog

	mu      sync.Mutex
	total   int
	perAddr map[string]int
	pending map[string]*pendingConn // by remote address, to name a failure's keys
}

func newGate(maxTotal, maxAddr int, timeout time.Duration, log *rateLog) *gate {
	return &gate{maxTotal: maxTotal, maxAddr: maxAddr, timeout: timeout, log: log,
		perAddr: map[string]int{}, pending: map[string]*pendingConn{}}
}

// admit counts c as unauthenticated, or says why it is refused.
func (g *gate) admit(c net.Conn) (*pendingConn, string) {
	remote := c.RemoteAddr().String()
	host := hostOf(remote)
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.total >= g.maxTotal:
		return nil, fmt.Sprintf("%d connections are already signing in (ssh.max_unauthenticated)", g.total)
	case g.perAddr[host] >= g.maxAddr:
		return nil, fmt.Sprintf("%d connections from this address are already signing in (ssh.max_unauthenticated_per_address)", g.perAddr[host])
	}
	g.total++
	g.perAddr[host]++
	p := &pendingConn{Conn: c, gate: g, host: host, remote: remote, counted: true}
	g.pending[remote] = p
	p.timer = time.AfterFunc(g.timeout, p.expire)
	return p, ""
}

// release stops counting p (it signed in, or it closed).
func (g *gate) release(p *pendingConn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !p.counted {
		return
	}
	p.counted = false
	p.timer.Stop()
	g.total--
	if g.perAddr[p.host]--; g.perAddr[p.host] <= 0 {
		delete(g.perAddr, p.host)
	}
	// x/crypto closes a connection whose handshake failed before the
	// server's failure callback runs: keep p a moment for connFailed to
	// name the keys it offered.
	time.AfterFunc(failureLookup, func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.pending[p.remote] == p {
			delete(g.pending, p.remote)
		}
	})
}

// failureLookup is how long a closed connection stays findable by address.
const failureLookup = 5 * time.Second

func (g *gate) lookup(remote string) *pendingConn {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pending[remote]
}

// unauthenticated is how many connections are signing in now.
func (g *gate) unauthenticated() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.total
}

func hostOf(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// pendingConn is a connection that has not opened a session yet.
type pendingConn struct {
	net.Conn
	gate         *gate
	host, remote string
	timer        *time.Timer
	counted      bool // under gate.mu
	timedOut     atomic.Bool
	channels     atomic.Int32 // session channels open (after sign-in)

	mu       sync.Mutex
	offered  []string
	accepted bool // an offered key is an operator's
}

// offer records a key fingerprint the client offered, for the log line of a
// failed sign-in.
func (p *pendingConn) offer(fp string, operator bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.accepted = p.accepted || operator
	for _, k := range p.offered {
		if k == fp {
			return
		}
	}
	if len(p.offered) < maxOfferedKeys {
		p.offered = append(p.offered, fp)
	}
}

func (p *pendingConn) keys() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.offered) == 0 {
		return "none"
	}
	return strings.Join(p.offered, ",")
}

// refusedOnly: keys were offered and none is an operator's.
func (p *pendingConn) refusedOnly() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.offered) > 0 && !p.accepted
}

// signedIn ends the login deadline and frees the connection's
// unauthenticated slot.
func (p *pendingConn) signedIn() { p.gate.release(p) }

// expire closes a connection that took longer than the login deadline.
// Closing the socket fails the handshake; the slot is freed when the server
// closes its side.
func (p *pendingConn) expire() {
	p.gate.mu.Lock()
	signedIn := !p.counted // a session opened as the timer fired
	p.gate.mu.Unlock()
	if signedIn {
		return
	}
	p.timedOut.Store(true)
	p.gate.log.Warn("sign-in failed", "addr", p.remote, "keys_offered", p.keys(),
		"reason", fmt.Sprintf("no session within %s (ssh.login_timeout)", p.gate.timeout))
	_ = p.Conn.Close()
}

func (p *pendingConn) Close() error {
	p.gate.release(p)
	return p.Conn.Close()
}

// gatedListener refuses connections past the gate's caps at once: the
// socket is closed before any SSH byte, so a flood costs one file
// descriptor for a moment, not one per connection for ever.
type gatedListener struct {
	net.Listener
	gate *gate
}

func (l *gatedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		p, reason := l.gate.admit(c)
		if p != nil {
			return p, nil
		}
		l.gate.log.Warn("connection refused", "addr", c.RemoteAddr().String(), "reason", reason)
		_ = c.Close()
	}
}

type pendingKeyType struct{}

var pendingKey pendingKeyType

// connCallback files the gated connection in the connection's context, so
// authentication and the session handler find it.
func connCallback(ctx ssh.Context, c net.Conn) net.Conn {
	if p, ok := c.(*pendingConn); ok {
		ctx.SetValue(pendingKey, p)
	}
	return c
}

func pendingOf(ctx context.Context) *pendingConn {
	p, _ := ctx.Value(pendingKey).(*pendingConn)
	return p
}

// connFailed logs a handshake that did not end signed in: the address, the
// keys it offered and why.
func (g *gate) connFailed(c net.Conn, err error) {
	remote := c.RemoteAddr().String()
	keys, reason := "none", textsafe.Clean(err.Error()) // a client's disconnect text is its own
	if p := g.lookup(remote); p != nil {
		if p.timedOut.Load() {
			return // expire logged it
		}
		keys = p.keys()
		if p.refusedOnly() {
			reason = "no key offered is an operator's (" + reason + ")"
		}
	}
	g.log.Warn("sign-in failed", "addr", remote, "keys_offered", keys, "reason", reason)
}
