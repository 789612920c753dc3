package e2e

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quell-console/quell/internal/syncbuf"
)

// emuProc is a `quell emulator` process on a free loopback port.
type emuProc struct {
	url string // http://127.0.0.1:PORT
	cfg string // the config it wrote
}

// runEmulator starts `quell emulator` with extra flags (fault knobs) and no
// churn, so rooms hold still while the test asserts on them.
func runEmulator(t *testing.T, extra ...string) *emuProc {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "emulator.yaml")
	args := append([]string{"emulator", "--listen", "127.0.0.1:0", "--write-config", cfg, "--no-churn"}, extra...)
	lines := startProc(t, "emulator", exec.Command(quellBin, args...))
	e := &emuProc{cfg: cfg}
	for line := range lineUntil(t, lines, 10*time.Second, "config written to") {
		if u, ok := strings.CutPrefix(line, "emulator listening on "); ok {
			e.url = strings.TrimSpace(u)
		}
	}
	if e.url == "" {
		t.Fatal("the emulator did not say where it listens")
	}
	return e
}

// emuStats is the part of GET /_emulator/stats the tests read.
type emuStats struct {
	Calls        map[string]int            `json:"calls"`
	Applied      map[string]map[string]int `json:"applied"`
	AppliedUsers map[string]int            `json:"applied_users"`
	MaxApplied   map[string]int            `json:"max_applied"`
	InFlight     int                       `json:"in_flight"`
	Held         int                       `json:"held"`
	InHandler    int                       `json:"in_handler"`
}

func (e *emuProc) stats(t *testing.T) emuStats {
	t.Helper()
	resp, err := http.Get(e.url + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s emuStats
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatalf("stats: %v", err)
	}
	return s
}

func (e *emuProc) post(t *testing.T, name string) {
	t.Helper()
	resp, err := http.Post(e.url+"/_emulator/"+name, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("POST %s: %s", name, resp.Status)
	}
}

// startProc starts cmd, kills it (and waits for it) at cleanup, and returns
// its stdout lines; stderr is kept for failure messages.
func startProc(t *testing.T, name string, cmd *exec.Cmd) <-chan string {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("%s stderr:\n%s", name, stderr.String())
		}
	})
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	return lines
}

// lineUntil yields lines up to and including the first holding marker, and
// fails the test if none comes within timeout.
func lineUntil(t *testing.T, lines <-chan string, timeout time.Duration, marker string) func(func(string) bool) {
	return func(yield func(string) bool) {
		deadline := time.After(timeout)
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					t.Fatalf("process exited before printing %q", marker)
				}
				if !yield(line) || strings.Contains(line, marker) {
					return
				}
			case <-deadline:
				t.Fatalf("no %q within %s", marker, timeout)
			}
		}
	}
}

// sshKey makes an ed25519 key pair with ssh-keygen and returns the private
// key's path and the public key line.
func sshKey(t *testing.T, dir, name string) (string, string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name+"@e2e", "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	pub, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return path, strings.TrimSpace(string(pub))
}

// operator is one ssh.users entry with its private key.
type operator struct {
	name, role, key, pub string
}

// withJournalAndSSH writes a config: the emulator's, plus a journal in a
// temp dir and an ssh: section for ops.
func withJournalAndSSH(t *testing.T, emuCfg string, ops []operator) (cfg, journal string) {
	t.Helper()
	return withSSHSettings(t, emuCfg, ops, "idle_timeout: 5m\n  max_sessions: 10")
}

// withSSHSettings is withJournalAndSSH with the ssh: section's settings
// (YAML lines indented by two spaces after the first) given.
func withSSHSettings(t *testing.T, emuCfg string, ops []operator, settings string) (cfg, journal string) {
	t.Helper()
	dir := t.TempDir()
	base, err := os.ReadFile(emuCfg)
	if err != nil {
		t.Fatal(err)
	}
	journal = filepath.Join(dir, "journal.db")
	var b strings.Builder
	b.Write(base)
	fmt.Fprintf(&b, "journal: %q\n", journal)
	if len(ops) > 0 {
		fmt.Fprintf(&b, "ssh:\n  host_key: %q\n  %s\n  users:\n", filepath.Join(dir, "host_ed25519"), settings)
		for _, o := range ops {
			fmt.Fprintf(&b, "    - name: %s\n      role: %s\n      keys: [%q]\n", o.name, o.role, o.pub)
		}
	}
	cfg = filepath.Join(dir, "quell.yaml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, journal
}

// serveProc is a `quell serve` process.
type serveProc struct {
	cmd  *exec.Cmd
	addr string // 127.0.0.1:PORT
	port string
	log  string
}

func startServe(t *testing.T, cfg string) *serveProc {
	t.Helper()
	log := filepath.Join(t.TempDir(), "serve.log")
	cmd := exec.Command(quellBin, "--config", cfg, "--log-file", log, "serve", "--listen", "127.0.0.1:0", "--grace", "5s")
	lines := startProc(t, "serve", cmd)
	s := &serveProc{cmd: cmd, log: log}
	t.Cleanup(func() {
		if b, err := os.ReadFile(log); err == nil && t.Failed() {
			t.Logf("serve log:\n%s", b)
		}
	})
	var fingerprint bool
	for line := range lineUntil(t, lines, 15*time.Second, "journal ") {
		if a, ok := strings.CutPrefix(line, "quell serve: listening on "); ok {
			s.addr = strings.TrimSpace(a)
		}
		fingerprint = fingerprint || regexp.MustCompile(`^host key SHA256:[A-Za-z0-9+/]{43} `).MatchString(line)
	}
	if s.addr == "" || !fingerprint {
		t.Fatalf("serve did not print its address and host key fingerprint (addr %q)", s.addr)
	}
	s.port = s.addr[strings.LastIndex(s.addr, ":")+1:]
	return s
}

// sshArgs are the OpenSSH client's options for the test server: only the
// given key, no host key check (a fresh host key per test), no prompts.
func (s *serveProc) sshArgs(key string) []string {
	return []string{"-i", key, "-p", s.port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"}
}

// login opens a console over ssh in a tmux pane.
func (s *serveProc) login(t *testing.T, key string) *tmux {
	t.Helper()
	cmd := "ssh " + strings.Join(s.sshArgs(key), " ") + " -tt 127.0.0.1"
	return newTmux(t, 110, 30, []string{"NO_COLOR=1"}, cmd+"; echo ssh exited $?; sleep 600")
}

// goToRoom opens a room's members with the console's command line.
func goToRoom(tm *tmux, app, room string) string {
	tm.t.Helper()
	tm.keys(":")
	tm.typeText("app " + app)
	tm.keys("Enter")
	tm.waitFor(10*time.Second, "Rooms of "+app)
	tm.keys(":")
	tm.typeText("room " + room)
	tm.keys("Enter")
	tm.waitFor(10*time.Second, app+" › "+room+" › members")
	loaded := regexp.MustCompile(`(?m)^ \d+/[1-9]\d* `)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if s := tm.screen(); !strings.Contains(s, "loading…") && loaded.MatchString(s) {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("members of %s never loaded:\n%s", room, tm.screen())
	return ""
}

// cursorUser is the user ID on the row under the cursor.
func cursorUser(t *testing.T, screen string) string {
	t.Helper()
	for _, line := range strings.Split(screen, "\n") {
		if f := strings.Fields(line); strings.HasPrefix(line, ">") && len(f) > 1 {
			return f[1]
		}
	}
	t.Fatalf("no cursor row:\n%s", screen)
	return ""
}

// mutations is every call the stats show that changes vendor state (the
// listing calls a console makes on its own are left out).
func mutations(s emuStats) map[string]int {
	listing := regexp.MustCompile(`(?i)/(get_|describe|query|list)`)
	out := map[string]int{}
	for k, n := range s.Calls {
		if !listing.MatchString(k) {
			out[k] = n
		}
	}
	return out
}

// TestSSHConsole runs `quell serve` against `quell emulator` and drives it
// with the real OpenSSH client: operators sign in with their keys, roles
// are enforced on the server, moderators see each other's actions, and
// SIGTERM closes the sessions.
func TestSSHConsole(t *testing.T) {
	need(t, "tmux", "ssh", "ssh-keygen")
	keys := t.TempDir()
	var ops []operator
	for _, o := range []struct{ name, role string }{{"alice", "moderator"}, {"bob", "moderator"}, {"vera", "viewer"}, {"ada", "admin"}} {
		key, pub := sshKey(t, keys, o.name)
		ops = append(ops, operator{name: o.name, role: o.role, key: key, pub: pub})
	}
	stranger, _ := sshKey(t, keys, "stranger")
	emu := runEmulator(t)
	cfg, _ := withJournalAndSSH(t, emu.cfg, ops)
	srv := startServe(t, cfg)
	alice, bob, vera, ada := ops[0], ops[1], ops[2], ops[3]

	t.Run("an operator's key opens the console", func(t *testing.T) {
		tm := srv.login(t, ada.key)
		tm.waitFor(15*time.Second, "quell › apps", "chat-live", "ada · admin")
	})

	t.Run("an unknown key is rejected", func(t *testing.T) {
		cmd := exec.Command("ssh", append(srv.sshArgs(stranger), "127.0.0.1", "true")...)
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 255 || !strings.Contains(string(out), "Permission denied (publickey)") {
			t.Fatalf("ssh with an unknown key: %v\n%s", err, out)
		}
	})

	t.Run("a viewer's mute is refused and nothing is sent", func(t *testing.T) {
		tm := srv.login(t, vera.key)
		tm.waitFor(15*time.Second, "vera · viewer")
		goToRoom(tm, "chat-live", "live-001")
		before := mutations(emu.stats(t))
		tm.keys("m")
		tm.waitFor(5*time.Second, "mute needs the moderator role; you are viewer")
		// No waiting for nothing to happen: the refusal is drawn by the
		// same update that would have launched the action, so the records
		// are already final. The emulator counts every request it received
		// (refused ones too), and the server's engine journals an action
		// before its first request: neither may hold anything of vera's.
		after := emu.stats(t)
		if got := mutations(after); fmt.Sprint(got) != fmt.Sprint(before) || len(after.Applied) != 0 {
			t.Fatalf("the emulator received %v (applied %v) after a viewer's mute", got, after.Applied)
		}
		jout, jerr, code := quell(t, "", "--config", cfg, "journal", "--actor", "vera", "-o", "json")
		if code != 0 || strings.TrimSpace(jout) != "[]" {
			t.Fatalf("the journal holds an action of vera's (exit %d):\n%s%s", code, jout, jerr)
		}
	})

	t.Run("two moderators see each other's actions", func(t *testing.T) {
		ta, tb := srv.login(t, alice.key), srv.login(t, bob.key)
		ta.waitFor(15*time.Second, "alice · moderator")
		tb.waitFor(15*time.Second, "bob · moderator")
		tb.keys(":")
		tb.typeText("activity")
		tb.keys("Enter")
		tb.waitFor(5*time.Second, "Activity")

		user := cursorUser(t, goToRoom(ta, "chat-live", "live-001"))
		ta.keys("m")
		ta.waitFor(5*time.Second, "for how long?")
		ta.keys("Enter") // 10m, the picker's default
		ta.waitFor(10*time.Second, "muted 1 user in live-001")
		if n := emu.stats(t).AppliedUsers["chat/mute_member"]; n != 1 {
			t.Fatalf("mute_member applied to %d users, want 1", n)
		}
		// The activity row: action, app/room (cut to its column), result, who.
		tb.waitFor(15*time.Second, "mute ", "chat-live/live-0", "1 ok", "alice")

		// And the other way round: bob mutes in another room, alice sees it.
		ta.keys(":")
		ta.typeText("activity")
		ta.keys("Enter")
		ta.waitFor(5*time.Second, "Activity")
		other := cursorUser(t, goToRoom(tb, "chat-live", "live-002"))
		tb.keys("m")
		tb.waitFor(5*time.Second, "for how long?")
		tb.keys("Enter")
		tb.waitFor(10*time.Second, "muted 1 user in live-002")
		ta.waitFor(15*time.Second, "alice", "bob")
		if n := emu.stats(t).AppliedUsers["chat/mute_member"]; n != 2 {
			t.Fatalf("mute_member applied to %d users, want 2 (%s by alice, %s by bob)", n, user, other)
		}
	})

	t.Run("an admin dismisses a room", func(t *testing.T) {
		tm := srv.login(t, ada.key)
		tm.waitFor(15*time.Second, "ada · admin")
		goToRoom(tm, "chat-live", "live-006")
		tm.keys("D")
		tm.waitFor(5*time.Second, "Dismiss room live-006?")
		tm.typeText("live-006")
		tm.keys("Enter")
		tm.waitFor(10*time.Second, "dismissed room live-006")
		var rooms []struct {
			ID string `json:"id"`
		}
		out, errOut, code := quell(t, "", "--config", cfg, "rooms", "--app", "chat-live", "-o", "json")
		if code != 0 || json.Unmarshal([]byte(out), &rooms) != nil {
			t.Fatalf("rooms: exit %d %s", code, errOut)
		}
		for _, r := range rooms {
			if r.ID == "live-006" {
				t.Fatalf("live-006 is still listed after the dismissal")
			}
		}
		// The journal names who did it, with the key they proved.
		jout, _, _ := quell(t, "", "--config", cfg, "journal", "--actor", "ada", "-o", "json")
		if !strings.Contains(jout, `"action": "dismiss"`) || !strings.Contains(jout, `"fingerprint": "SHA256:`) {
			t.Errorf("journal of ada:\n%s", jout)
		}
	})

	t.Run("SIGTERM closes the sessions and the server", func(t *testing.T) {
		tm := srv.login(t, alice.key)
		tm.waitFor(15*time.Second, "alice · moderator")
		if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		tm.waitFor(15*time.Second, "ssh exited")
		done := make(chan error, 1)
		go func() { done <- srv.cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve exited with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not exit after SIGTERM")
		}
		log, err := os.ReadFile(srv.log)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"session start", "operator=alice", "key=SHA256:", "session end", "duration=", "stopped"} {
			if !strings.Contains(string(log), want) {
				t.Errorf("the server log has no %q:\n%s", want, log)
			}
		}
		if strings.Contains(string(log), "quellEmulatorTestOnlyKey") || strings.Contains(string(log), "PRIVATE KEY") {
			t.Errorf("a secret reached the server log")
		}
	})
}

// TestSSHShutdownCancelsWhatOutlivesTheGrace: SIGTERM during a long bulk
// mute shows the banner and refuses new actions; when the grace period
// ends the mute is cut off and journaled as cancelled (not left pending),
// and the server exits cleanly.
func TestSSHShutdownCutsOffWhatOutlivesTheGrace(t *testing.T) {
	need(t, "tmux", "ssh", "ssh-keygen")
	key, pub := sshKey(t, t.TempDir(), "alice")
	emu := runEmulator(t, "--latency", "100ms")
	cfg, _ := withJournalAndSSH(t, emu.cfg, []operator{{name: "alice", role: "moderator", key: key, pub: pub}})
	setRateLimit(t, cfg, "chat-live", "mute_member", 4) // ~1,000 users: 50 calls, over 12 s
	srv := startServe(t, cfg)                           // --grace 5s

	tm := srv.login(t, key)
	tm.waitFor(15*time.Second, "alice · moderator")
	goToRoom(tm, "chat-live", "live-005")
	tm.keys("A")
	tm.waitFor(5*time.Second, "selected")
	tm.keys("m")
	tm.waitFor(5*time.Second, "for how long?")
	tm.keys("Enter")
	tm.waitFor(5*time.Second, "[Cancel]")
	tm.keys("Right", "Enter")
	tm.waitFor(10*time.Second, "esc cancels")
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	tm.waitFor(5*time.Second, "The server is shutting down", "SHUTTING DOWN")
	tm.keys("u")
	tm.waitFor(5*time.Second, "no new actions")
	tm.waitFor(20*time.Second, "ssh exited")

	exited := make(chan error, 1)
	go func() { exited <- srv.cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve exited with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not exit after its grace period")
	}
	var acts []struct {
		Action  string `json:"action"`
		Status  string `json:"status"`
		Applied int    `json:"applied"`
		Pending int    `json:"pending"`
		Results []struct {
			Status string `json:"status"`
		} `json:"results"`
	}
	decode(t, &acts, "--config", cfg, "journal", "--actor", "alice", "-o", "json")
	// Cut off by the shutdown, not cancelled by its operator: the action is
	// pending at once, for anyone to resume (README, "Security of quell serve").
	if len(acts) != 1 || acts[0].Action != "mute" || acts[0].Status != "cut-off" {
		t.Fatalf("journal: %+v", acts)
	}
	// Every user the journal calls applied, the emulator applied. The one
	// call in flight when the grace ran out may have reached the emulator
	// after quell stopped waiting for it (a vendor, too, acts on a request
	// whose client hung up): its 20 users are journaled as not reached.
	applied := emu.stats(t).AppliedUsers["chat/mute_member"]
	if j := acts[0].Applied; j == 0 || j > applied || applied-j > 20 || applied >= len(acts[0].Results) {
		t.Errorf("journal says %d applied of %d, the emulator %d", j, len(acts[0].Results), applied)
	}
	var pending []any
	decode(t, &pending, "--config", cfg, "journal", "--pending", "-o", "json")
	if len(pending) != 1 {
		t.Errorf("the action cut off by the shutdown is not pending: %v", pending)
	}
}
