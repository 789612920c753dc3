package sshd

import (
	"fmt"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
)

type ctxKey string

const operatorKey ctxKey = "quell-operator"

// operatorMiddleware resolves the session's operator from the key it proved
// and refuses the session on any mismatch.
func (s *Server) operatorMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		op, fp, err := s.ops.operatorOf(sess)
		if err != nil {
			s.log.Warn("session refused", "reason", err.Error(), "key", fp, "addr", sess.RemoteAddr().String())
			wish.Fatalln(sess, "quell: access denied: "+err.Error())
			return
		}
		sess.Context().SetValue(operatorKey, backend.Actor{Name: op.Name, Fingerprint: fp, Role: op.Role})
		next(sess)
	}
}

// limitMiddleware refuses sessions beyond max_sessions, politely.
func (s *Server) limitMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		max := int64(s.opts.SSH.MaxSessions)
		if n := s.active.Add(1); n > max {
			s.active.Add(-1)
			s.log.Warn("session refused: server full", "max_sessions", max, "addr", sess.RemoteAddr().String())
			wish.Fatalln(sess, fmt.Sprintf("quell: the server is full (%d sessions); please try again in a few minutes.", max))
			return
		}
		defer s.active.Add(-1)
		next(sess)
	}
}

// logMiddleware logs each session: operator, key fingerprint, address and
// duration. The SSH user name is logged as what the client claimed, never
// used to identify anyone.
func (s *Server) logMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		fp := ""
		if k := sess.PublicKey(); k != nil {
			fp = gossh.FingerprintSHA256(k)
		}
		op := s.ops[fp]
		s.log.Info("session start", "operator", op.Name, "role", op.Role.String(), "key", fp,
			"addr", sess.RemoteAddr().String(), "claimed_user", sess.User())
		next(sess)
		s.log.Info("session end", "operator", op.Name, "key", fp, "addr", sess.RemoteAddr().String(),
			"duration", time.Since(start).Round(time.Millisecond).String())
	}
}

// programHandler builds the session's console with styles from the
// session's own renderer, so one client's terminal never changes another's
// colours, and tracks the program for shutdown.
func (s *Server) programHandler(sess ssh.Session) *tea.Program {
	actor, ok := sess.Context().Value(operatorKey).(backend.Actor)
	if !ok {
		wish.Fatalln(sess, "quell: no operator for this session")
		return nil
	}
	model, err := s.opts.NewConsole(sess.Context(), actor, bm.MakeRenderer(sess))
	if err != nil {
		s.log.Error("console failed to start", "operator", actor.Name, "error", err.Error())
		wish.Fatalln(sess, "quell: "+err.Error())
		return nil
	}
	// WithoutSignalHandler: a program's own handler would quit every
	// session on the server's SIGTERM at once, cutting off running actions
	// before Shutdown's grace period; the server sends ShutdownMsg instead.
	opts := append(bm.MakeOptions(sess), tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(sess.Context()),
		tea.WithoutSignalHandler())
	p := tea.NewProgram(model, opts...)
	s.mu.Lock()
	s.programs[p] = struct{}{}
	s.mu.Unlock()
	go func() {
		<-sess.Context().Done()
		s.mu.Lock()
		delete(s.programs, p)
		s.mu.Unlock()
	}()
	return p
}

// slogPrintf adapts slog to the recover middleware's Printf logger.
type slogPrintf struct{ l *slog.Logger }

func (p slogPrintf) Printf(format string, v ...any) { p.l.Error(fmt.Sprintf(format, v...)) }
