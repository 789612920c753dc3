package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/quell-console/quell/internal/syncbuf"
)

// crashRoom is a chat-live room of the demo seed; mute_member takes any
// account, so the 1,000 users need not be members.
const crashRoom = "live-003"

// TestKillNineMidBulkLosesNothing starts a 1,000-user mute against an
// emulator with 200 ms of latency, kills quell with SIGKILL half way, and
// checks that the journal's pending action lists exactly the users the
// emulator has not applied, and that resuming applies those and no other.
//
// To make "exactly" exact, the emulator is frozen before the kill: its
// hold stops new requests before they take effect, and once none is being
// answered and the journal has caught up with the emulator, every answer
// quell received is on disk; the requests it had in flight die with it.
func TestKillNineMidBulkLosesNothing(t *testing.T) {
	emu := runEmulator(t, "--latency", "200ms")
	cfg, _ := withJournalAndSSH(t, emu.cfg, nil)
	// 20 calls a second of 20 users: the mute takes about 2.5 s, long
	// enough to stop it half way.
	setRateLimit(t, cfg, "chat-live", "mute_member", 20)

	all := make([]string, 1000)
	for i := range all {
		all[i] = fmt.Sprintf("crash%04d", i)
	}
	mute := exec.Command(quellBin, "--config", cfg, "mute", "--app", "chat-live", "--room", crashRoom, "--for", "1h", "-")
	mute.Stdin = strings.NewReader(strings.Join(all, "\n") + "\n")
	var muteErr syncbuf.Buffer
	mute.Stderr = &muteErr
	if err := mute.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = mute.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = mute.Process.Kill()
		<-exited
	})

	applied := func() int { return emu.stats(t).AppliedUsers["chat/mute_member"] }
	waitFor(t, 20*time.Second, "200 users applied", func() bool { return applied() >= 200 })
	emu.post(t, "hold")
	t.Cleanup(func() { emu.post(t, "release") })
	waitFor(t, 10*time.Second, "no request in the emulator's handlers", func() bool { return emu.stats(t).InHandler == 0 })
	atKill := applied()
	if atKill >= len(all) {
		t.Fatalf("the mute finished (%d applied) before it could be killed", atKill)
	}
	// Every answer quell got is journaled before the kill.
	waitFor(t, 10*time.Second, "the journal to catch up", func() bool { return journalApplied(t, cfg) == atKill })
	if err := mute.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("quell did not die on SIGKILL")
	}
	// Requests it had in flight (in their latency or held) reach the hold
	// and are dropped there, unapplied, as their client is gone.
	waitFor(t, 10*time.Second, "in-flight requests dropped", func() bool { return emu.stats(t).InFlight == 0 })
	emu.post(t, "release")
	if n := applied(); n != atKill {
		t.Fatalf("the emulator applied %d users after the kill, had %d", n, atKill)
	}
	t.Logf("killed with %d of %d applied", atKill, len(all))

	var pending []struct {
		ID          string   `json:"id"`
		Action      string   `json:"action"`
		Room        string   `json:"room"`
		Applied     int      `json:"applied"`
		Unconfirmed []string `json:"unconfirmed"`
	}
	decode(t, &pending, "--config", cfg, "journal", "--pending", "-o", "json")
	if len(pending) != 1 || pending[0].Action != "mute" || pending[0].Room != crashRoom || pending[0].Applied != atKill {
		t.Fatalf("pending: %+v", pending)
	}
	notApplied := unapplied(all, emu.stats(t))
	if got, want := sorted(pending[0].Unconfirmed), sorted(notApplied); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("pending lists %d users, the emulator has not applied %d; they differ", len(got), len(want))
	}

	out, errOut, code := quell(t, "", "--config", cfg, "journal", "resume", pending[0].ID, "-o", "json")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", code, out, errOut)
	}
	var rep struct {
		Applied int `json:"applied"`
		Failed  int `json:"failed"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Applied != len(notApplied) || rep.Failed != 0 {
		t.Fatalf("resume report %v: %s", err, out)
	}
	st := emu.stats(t)
	if st.AppliedUsers["chat/mute_member"] != len(all) || st.MaxApplied["chat/mute_member"] != 1 {
		t.Fatalf("after resume: %d users applied, the most to one user %d; want %d and 1",
			st.AppliedUsers["chat/mute_member"], st.MaxApplied["chat/mute_member"], len(all))
	}
	var left []any
	decode(t, &left, "--config", cfg, "journal", "--pending", "-o", "json")
	if len(left) != 0 {
		t.Fatalf("still pending after resume: %v", left)
	}
	// And the vendor agrees: every user is muted.
	var muted []struct {
		User string `json:"user"`
	}
	decode(t, &muted, "--config", cfg, "muted", "--app", "chat-live", "--room", crashRoom, "-o", "json")
	if len(muted) < len(all) {
		t.Errorf("the emulator lists %d muted users in %s, want at least %d", len(muted), crashRoom, len(all))
	}
}

// setRateLimit adds rate_limits {call: rate} to app in the config at path.
func setRateLimit(t *testing.T, path, app, call string, rate float64) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	apps, _ := doc["apps"].([]any)
	found := false
	for _, a := range apps {
		if m, ok := a.(map[string]any); ok && m["name"] == app {
			m["rate_limits"] = map[string]float64{call: rate}
			found = true
		}
	}
	if !found {
		t.Fatalf("no app %s in %s", app, path)
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// journalApplied is how many users the journal's newest action has applied.
func journalApplied(t *testing.T, cfg string) int {
	t.Helper()
	var acts []struct {
		Applied int `json:"applied"`
	}
	decode(t, &acts, "--config", cfg, "journal", "--app", "chat-live", "-o", "json")
	if len(acts) == 0 {
		return -1
	}
	return acts[len(acts)-1].Applied
}

// unapplied lists the users of all the emulator has not muted in crashRoom.
func unapplied(all []string, st emuStats) []string {
	done := map[string]bool{}
	for k := range st.Applied["chat/mute_member"] {
		if parts := strings.Split(k, "/"); len(parts) == 3 && parts[1] == crashRoom {
			done[parts[2]] = true
		}
	}
	var out []string
	for _, u := range all {
		if !done[u] {
			out = append(out, u)
		}
	}
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// decode runs a headless quell command that must succeed and decodes its
// JSON output.
func decode(t *testing.T, v any, args ...string) {
	t.Helper()
	out, errOut, code := quell(t, "", args...)
	if code != 0 {
		t.Fatalf("quell %v: exit %d: %s", args, code, errOut)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("quell %v: %v in %q", args, err, out)
	}
}

// waitFor polls cond every 50 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSIGTERMMidBulkIsResumable stops a 1,000-user mute with SIGTERM half
// way: quell exits 1, the calls in flight are unknown (never failed), the
// action is pending — not "cancelled, not pending" — and `journal resume`
// reads the unknown users back and sends the rest: every user muted at the
// vendor, none twice.
func TestSIGTERMMidBulkIsResumable(t *testing.T) {
	emu := runEmulator(t, "--latency", "200ms")
	cfg, _ := withJournalAndSSH(t, emu.cfg, nil)
	setRateLimit(t, cfg, "chat-live", "mute_member", 20)

	all := make([]string, 1000)
	for i := range all {
		all[i] = fmt.Sprintf("term%04d", i)
	}
	mute := exec.Command(quellBin, "--config", cfg, "mute", "--app", "chat-live", "--room", crashRoom, "--for", "1h", "-o", "json", "-")
	mute.Stdin = strings.NewReader(strings.Join(all, "\n") + "\n")
	var muteOut, muteErr syncbuf.Buffer
	mute.Stdout, mute.Stderr = &muteOut, &muteErr
	if err := mute.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- mute.Wait() }()
	applied := func() int { return emu.stats(t).AppliedUsers["chat/mute_member"] }
	waitFor(t, 20*time.Second, "200 users applied", func() bool { return applied() >= 200 })
	if err := mute.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("quell after SIGTERM: %v, want exit 1\n%s", err, muteErr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("quell did not stop on SIGTERM")
	}
	var rep struct {
		Applied, Failed, Unknown int
	}
	if err := json.Unmarshal([]byte(muteOut.String()), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, muteOut.String())
	}
	if rep.Applied+rep.Failed+rep.Unknown != len(all) || rep.Applied >= len(all) {
		t.Fatalf("report after SIGTERM: %+v", rep)
	}

	var pending []struct {
		ID          string   `json:"id"`
		Unconfirmed []string `json:"unconfirmed"`
	}
	decode(t, &pending, "--config", cfg, "journal", "--pending", "-o", "json")
	if len(pending) != 1 || len(pending[0].Unconfirmed) != len(all)-rep.Applied {
		t.Fatalf("pending after SIGTERM: %d actions %+v", len(pending), pending)
	}
	out, errOut, code := quell(t, "", "--config", cfg, "journal", "resume", pending[0].ID, "-o", "json")
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", code, out, errOut)
	}
	st := emu.stats(t)
	if st.AppliedUsers["chat/mute_member"] != len(all) || st.MaxApplied["chat/mute_member"] != 1 {
		t.Fatalf("after resume: %d users applied, the most to one user %d; want %d and 1",
			st.AppliedUsers["chat/mute_member"], st.MaxApplied["chat/mute_member"], len(all))
	}
	var left []any
	decode(t, &left, "--config", cfg, "journal", "--pending", "-o", "json")
	if len(left) != 0 {
		t.Fatalf("still pending after resume: %v", left)
	}
}
