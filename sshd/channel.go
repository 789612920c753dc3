package sshd

import (
	"encoding/binary"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Defaults of the terminal size a console draws (ssh.max_columns,
// ssh.max_rows). A client may claim 65,535×65,535; drawn as asked that is
// gigabytes of frame per session (issue #11).
const (
	DefaultMaxColumns = 500
	DefaultMaxRows    = 500
)

// Per-connection bounds that need no setting: what one signed-in client may
// make the server hold besides its console.
const (
	maxChannelsPerConn = 4  // session channels open at once on one connection
	maxEnvPerSession   = 64 // env requests kept per session (each is stored)
)

// sessionChannel opens a session channel: the connection has signed in (a
// channel is only possible after authentication), so its unauthenticated
// slot and login deadline end; its terminal size requests are clamped before
// anything of the session sees them.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	if p := pendingOf(ctx); p != nil {
		p.signedIn()
		if p.channels.Add(1) > maxChannelsPerConn {
			p.channels.Add(-1)
			_ = nc.Reject(gossh.ResourceShortage, "too many sessions on one connection")
			return
		}
		defer p.channels.Add(-1)
	}
	ssh.DefaultSessionHandler(srv, conn, &boundedChannel{NewChannel: nc, cols: s.opts.SSH.MaxColumns, rows: s.opts.SSH.MaxRows}, ctx)
}

// boundedChannel hands the session library a request stream whose pty-req
// and window-change sizes are clamped and whose env requests are capped.
// Clamping here, below the library, means the session's Pty(), its window
// channel, the renderer and the console all see one bounded size.
type boundedChannel struct {
	gossh.NewChannel
	cols, rows int
}

func (b *boundedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := b.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		envs := 0
		for req := range reqs {
			switch req.Type {
			case "pty-req":
				clampPtyReq(req.Payload, b.cols, b.rows)
			case "window-change":
				clampWindow(req.Payload, b.cols, b.rows)
			case "env":
				if envs++; envs > maxEnvPerSession {
					_ = req.Reply(false, nil)
					continue
				}
			}
			out <- req
		}
	}()
	return ch, out, nil
}

// clampPtyReq clamps a pty-req payload in place (RFC 4254 §6.2: string TERM,
// then columns and rows as uint32). A payload too short to hold them is left
// for the library to refuse.
func clampPtyReq(p []byte, cols, rows int) {
	if len(p) < 4 {
		return
	}
	n := uint64(binary.BigEndian.Uint32(p))
	if uint64(len(p)) < 4+n {
		return
	}
	clampWindow(p[4+n:], cols, rows)
}

// clampWindow clamps the columns and rows that start a window-change payload
// (RFC 4254 §6.7), or the window part of a pty-req.
func clampWindow(p []byte, cols, rows int) {
	if len(p) < 8 {
		return
	}
	clampUint32(p[0:4], cols)
	clampUint32(p[4:8], rows)
}

func clampUint32(b []byte, max int) {
	if binary.BigEndian.Uint32(b) > uint32(max) {
		binary.BigEndian.PutUint32(b, uint32(max))
	}
}
