package sshd

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
)

// inputClock is a session whose idle time is measured from the operator's
// last input byte. The console's own output (a live countdown, a refresh)
// says nothing about whether anyone is there, so unlike wish's idle timeout,
// which any traffic resets, output never keeps a session open.
type inputClock struct {
	ssh.Session
	last atomic.Int64 // unix nanoseconds of the last input read

	mu      sync.Mutex
	program *tea.Program
	expired bool
}

func (c *inputClock) Read(p []byte) (int, error) {
	n, err := c.Session.Read(p)
	if n > 0 {
		c.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// setProgram tells the clock which console to quit on expiry.
func (c *inputClock) setProgram(p *tea.Program) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.program = p
	if c.expired {
		go p.Quit()
	}
}

// expire quits the console, which restores the operator's terminal; the
// middleware then says why the session ended. Before the console exists the
// session is closed outright.
func (c *inputClock) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expired = true
	if c.program != nil {
		go c.program.Quit()
		return
	}
	_ = c.Session.Close()
}

func (c *inputClock) hasExpired() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.expired
}

// watch expires the session once timeout passes with no input; done stops
// it.
func (c *inputClock) watch(timeout time.Duration, done <-chan struct{}) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			idle := time.Since(time.Unix(0, c.last.Load()))
			if idle >= timeout {
				c.expire()
				return
			}
			t.Reset(timeout - idle)
		}
	}
}

type clockKeyType struct{}

var clockKey clockKeyType

// idleMiddleware closes a session after ssh.idle_timeout with no input from
// the operator, and tells them why.
func (s *Server) idleMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		timeout := s.opts.SSH.IdleTimeout
		c := &inputClock{Session: sess}
		c.last.Store(time.Now().UnixNano())
		sess.Context().SetValue(clockKey, c)
		done := make(chan struct{})
		go c.watch(timeout, done)
		next(c)
		close(done)
		if c.hasExpired() {
			s.log.Info("session idle", "operator", actorName(sess), "idle_timeout", timeout.String(), "addr", sess.RemoteAddr().String())
			_, _ = fmt.Fprintf(sess.Stderr(), "\r\nquell: session closed after %s with no input (ssh.idle_timeout)\r\n", fmtDuration(timeout))
		}
	}
}

// fmtDuration prints 20s, 15m or 1h30m rather than 15m0s.
func fmtDuration(d time.Duration) string {
	s := d.String()
	for _, z := range []string{"m0s", "h0m"} {
		if len(s) > len(z) && s[len(s)-len(z):] == z {
			s = s[:len(s)-len(z)+1]
		}
	}
	return s
}
