package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/syncbuf"
	"github.com/quell-console/quell/journal"
)

func publicKeyLine(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
}

// serveConfig is the harness's config plus a journal and an ssh: section.
func serveConfig(t *testing.T, h *harness, users string) (string, string) {
	t.Helper()
	base, err := os.ReadFile(h.cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	hostKey := filepath.Join(dir, "host_ed25519")
	cfg := string(base) + fmt.Sprintf("journal: %q\nssh:\n  host_key: %q\n%s", filepath.Join(dir, "j.db"), hostKey, users)
	path := filepath.Join(dir, "quell.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, hostKey
}

func TestServeStartsPrintsFingerprintAndStopsOnCancel(t *testing.T) {
	h := newHarness(t)
	cfg, hostKey := serveConfig(t, h, fmt.Sprintf("  users:\n    - name: ada\n      role: admin\n      keys: [%q]\n", publicKeyLine(t)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncbuf.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--config", cfg, "serve", "--listen", "127.0.0.1:0", "--grace", "2s"}, strings.NewReader(""), &out, &errb)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "journal ") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "quell serve: listening on 127.0.0.1:") || !strings.Contains(out.String(), "host key SHA256:") ||
		!strings.Contains(out.String(), "limits: terminal 500×500, idle 15m0s without input, sign-in within 10s, 64 connections signing in (8 per address), 50 sessions") {
		t.Errorf("stdout:\n%s", out.String())
	}
	if st, err := os.Stat(hostKey); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("host key: %v %v", st, err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errb.String(), "shutting down") || !strings.Contains(errb.String(), "msg=stopped") {
		t.Errorf("stderr log:\n%s", errb.String())
	}
}

func TestServeRefusesBadSetup(t *testing.T) {
	h := newHarness(t)
	noUsers, _ := serveConfig(t, h, "")
	if r := runQuell(t, "--config", noUsers, "serve", "--listen", "127.0.0.1:0"); r.code != exitUsage || !strings.Contains(r.err, "ssh.users") {
		t.Errorf("no operators: exit %d %s", r.code, r.err)
	}
	if r := runQuell(t, "--config", noUsers, "serve", "--grace", "0s"); r.code != exitUsage {
		t.Errorf("--grace 0: exit %d %s", r.code, r.err)
	}
	// A corrupt host key stops the server with its path and the fix, and is
	// left as it was.
	corrupt, hostKey := serveConfig(t, h, fmt.Sprintf("  users:\n    - name: ada\n      role: admin\n      keys: [%q]\n", publicKeyLine(t)))
	if err := os.WriteFile(hostKey, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runQuell(t, "--config", corrupt, "serve", "--listen", "127.0.0.1:0"); r.code != exitUsage ||
		!strings.Contains(r.err, "ssh.host_key "+hostKey+": not a private key") || !strings.Contains(r.err, "move it aside") {
		t.Errorf("corrupt host key: exit %d %s", r.code, r.err)
	}
}

func TestEmulatorFaultFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{{"--error-rate", "2"}, {"--drop-rate", "-0.1"}, {"--http-5xx-rate", "1.5"}, {"--latency", "-1s"}} {
		r := runQuell(t, append([]string{"emulator", "--listen", "127.0.0.1:0"}, args...)...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d %s", args, r.code, r.err)
		}
	}
}

// Two SSH sessions share one resumer: the second cannot take an action the
// first is resuming, and is no longer offered it.
func TestResumerClaimsAnActionOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	dead, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := dead.Begin(backend.ActionRequest{App: "a", Room: "r", Kind: backend.ActKick, Users: []string{"u1", "u2"}, Actor: alice},
		&backend.Plan{Call: "kick"})
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	r := consoleOptions(ConsoleOptions{Journal: j}).Resume
	list, err := r.Interrupted()
	if err != nil || len(list) != 1 || list[0].ID != id || list[0].Unconfirmed != 2 {
		t.Fatalf("interrupted: %+v %v", list, err)
	}
	req, err := r.ResumeRequest(id)
	if err != nil || len(req.Users) != 2 {
		t.Fatalf("first claim: %+v %v", req, err)
	}
	if _, err := r.ResumeRequest(id); err == nil {
		t.Error("a second session could resume the same action")
	}
	if list, _ := r.Interrupted(); len(list) != 0 {
		t.Errorf("a claimed action is still offered: %+v", list)
	}
}
