// Package testservers starts throwaway PostgreSQL and Redis servers for
// tests: each on a free loopback port, with its files in a fresh temporary
// directory, stopped and removed when the test ends. A test that needs one
// is skipped, with the reason on its output, only when the server's binaries
// are not installed (.ci/run installs them from Debian's postgresql and
// redis-server packages).
package testservers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// freePort asks the kernel for a loopback port nobody listens on.
func freePort(t testing.TB) int {
	t.Helper()
	p, err := freePortErr()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func freePortErr() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitTCP waits until something accepts on addr and ready reports true.
func waitTCP(addr string, d time.Duration, ready func(net.Conn) bool) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			ok := ready == nil || ready(c)
			c.Close()
			if ok {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nothing ready on %s after %s", addr, d)
}

// Redis is a running redis-server.
type Redis struct {
	t    testing.TB
	bin  string
	dir  string
	Port int
	cmd  *exec.Cmd
}

// RedisBin finds redis-server, or "" when it is not installed.
func RedisBin() string {
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p
	}
	for _, p := range []string{"/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// StartRedis starts redis-server on a free loopback port without
// persistence; t.Cleanup stops it.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	bin := RedisBin()
	if bin == "" {
		t.Skip("redis-server " + ErrNotInstalled.Error() + ": skipping the shared-quota test")
	}
	r := &Redis{t: t, bin: bin, dir: t.TempDir(), Port: freePort(t)}
	r.Start()
	t.Cleanup(r.Stop)
	return r
}

// URL is redis://127.0.0.1:PORT/0.
func (r *Redis) URL() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.Port) }

// Start (re)starts the server on its port.
func (r *Redis) Start() {
	r.t.Helper()
	conf := filepath.Join(r.dir, "redis.conf")
	text := fmt.Sprintf("port %d\nbind 127.0.0.1\nsave \"\"\nappendonly no\ndir %s\nlogfile %s\n",
		r.Port, r.dir, filepath.Join(r.dir, "redis.log"))
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		r.t.Fatalf("redis config: %v", err)
	}
	r.cmd = exec.Command(r.bin, conf)
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	err := waitTCP(fmt.Sprintf("127.0.0.1:%d", r.Port), 20*time.Second, func(c net.Conn) bool {
		_ = c.SetDeadline(time.Now().Add(time.Second))
		if _, err := c.Write([]byte("PING\r\n")); err != nil {
			return false
		}
		line, _ := bufio.NewReader(c).ReadString('\n')
		return strings.HasPrefix(line, "+PONG")
	})
	if err != nil {
		r.Stop()
		log, _ := os.ReadFile(filepath.Join(r.dir, "redis.log"))
		r.t.Fatalf("redis-server: %v\n%s", err, log)
	}
}

// Kill stops the server at once (SIGKILL), as a crash would.
func (r *Redis) Kill() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}

// Stop is Kill: the server keeps nothing worth a clean shutdown.
func (r *Redis) Stop() { r.Kill() }

// Postgres is a running PostgreSQL server with trust authentication for the
// user "quell" on loopback.
type Postgres struct {
	bin  string
	dir  string
	Port int
	cmd  *exec.Cmd
	dbs  atomic.Int64
}

// PostgresBin finds the directory of initdb and postgres: on PATH, or
// under Debian's /usr/lib/postgresql/<version>/bin (newest version first).
func PostgresBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "postgres")); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// ErrNotInstalled says the server's binaries were not found.
var ErrNotInstalled = errors.New("not installed (apt-get install postgresql redis-server; .ci/run does it)")

// StartPostgres initialises a cluster in a temporary directory and starts
// it on a free loopback port; t.Cleanup stops it and removes its files.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	p, err := NewPostgres()
	if errors.Is(err, ErrNotInstalled) {
		t.Skip("PostgreSQL " + err.Error() + ": skipping the shared-journal test")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

// NewPostgres is StartPostgres for a TestMain, which has no t: the caller
// stops it. PostgreSQL refuses to run as root, so under root the cluster
// belongs to the "postgres" user (Debian's package creates it) or else
// "nobody".
func NewPostgres() (*Postgres, error) {
	bin := PostgresBin()
	if bin == "" {
		return nil, ErrNotInstalled
	}
	dir, err := os.MkdirTemp("", "quell-pg-")
	if err != nil {
		return nil, fmt.Errorf("postgres dir: %w", err)
	}
	port, err := freePortErr()
	if err != nil {
		return nil, err
	}
	p := &Postgres{bin: bin, dir: dir, Port: port}
	fail := func(err error) (*Postgres, error) {
		p.Stop()
		return nil, err
	}
	cred, err := credential()
	if err != nil {
		return fail(err)
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(fmt.Errorf("postgres dir: %w", err))
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "quell", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	initdb.Dir = dir
	if out, err := initdb.CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %v\n%s", err, out))
	}
	p.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(p.Port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="+dir,
		// The tests kill quell, never the server: durability against power
		// loss buys them nothing.
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200")
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
	p.cmd.Dir = dir
	logf, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return fail(fmt.Errorf("postgres log: %w", err))
	}
	defer logf.Close()
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	if err := p.cmd.Start(); err != nil {
		return fail(fmt.Errorf("start postgres: %w", err))
	}
	if err := p.waitReady(30 * time.Second); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		return fail(fmt.Errorf("postgres: %v\n%s", err, log))
	}
	return p, nil
}

// waitReady waits until the server answers a query: it accepts
// connections a little before it can serve them.
func (p *Postgres) waitReady(d time.Duration) error {
	deadline := time.Now().Add(d)
	var err error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var c *pgx.Conn
		c, err = pgx.Connect(ctx, p.URL())
		if err == nil {
			_, err = c.Exec(ctx, "SELECT 1")
			c.Close(ctx)
		}
		cancel()
		if err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("not ready after %s: %w", d, err)
}

// credential is who runs the server: nil (this user) unless we are root.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and no postgres or nobody user to run PostgreSQL as")
}

// Stop asks for a fast shutdown (SIGINT), kills the server if it lingers,
// and removes its files.
func (p *Postgres) Stop() {
	defer os.RemoveAll(p.dir)
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	p.cmd = nil
}

// URL is the server's maintenance database.
func (p *Postgres) URL() string { return p.urlFor("postgres") }

func (p *Postgres) urlFor(db string) string {
	return fmt.Sprintf("postgres://quell@127.0.0.1:%d/%s?sslmode=disable", p.Port, db)
}

// NewDatabase creates an empty database and returns its URL, so tests
// sharing one server never see each other's rows.
func (p *Postgres) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d", p.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, p.URL())
	if err != nil {
		t.Fatalf("create database: %v", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	return p.urlFor(name)
}
