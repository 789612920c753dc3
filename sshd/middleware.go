package sshd

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	charmlog "github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
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

// commandMiddleware refuses `ssh HOST CMD`: quell serve offers only the
// console, and running it in place of CMD would leave the operator thinking
// CMD ran.
func (s *Server) commandMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if len(sess.Command()) > 0 {
			// The command is not logged: an operator may have typed a secret.
			s.log.Warn("session refused: a command was given", "operator", actorName(sess), "addr", sess.RemoteAddr().String())
			wish.Fatalln(sess, "quell: quell serve offers only the console and runs no commands; connect without one: ssh -t HOST")
			return
		}
		next(sess)
	}
}

// actorName is the session's operator, once operatorMiddleware has run.
func actorName(sess ssh.Session) string {
	a, _ := sess.Context().Value(operatorKey).(backend.Actor)
	return a.Name
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
	if c, ok := sess.Context().Value(clockKey).(*inputClock); ok {
		c.setProgram(p)
	}
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

// routeWishLog sends what wish logs on its own (its bubbletea middleware's
// "app exit with error", through charmbracelet/log's default logger) to
// quell's log: by default it goes to stderr, past --log-file, and onto the
// terminal of whoever runs quell serve in the foreground.
func routeWishLog(l *slog.Logger) {
	charmlog.SetDefault(charmlog.NewWithOptions(slogWriter{l}, charmlog.Options{Formatter: charmlog.LogfmtFormatter}))
}

// slogWriter writes each line it is given as one quell log entry.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		if line != "" {
			w.l.Warn("wish", "line", textsafe.Clean(line))
		}
	}
	return len(p), nil
}
