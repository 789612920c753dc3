package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/internal/redact/redacttest"
)

// TestEchoedCredentialsReachNoOutput is issue #11's table: each vendor
// echoes each request's credentials (TRTC's Authorization header with the
// SecretId and signature, Chat's UserSig, ZEGO's Signature and nonce) in
// each encoding, in its error message. Neither they nor the apps' keys may
// reach the action's table, its JSON, stderr, the log, the journal or any
// of the journal's exports.
func TestEchoedCredentialsReachNoOutput(t *testing.T) {
	h := newHarness(t)
	keys := map[string]string{
		"TRTC SecretId": emulator.DemoTRTCSecretID, "TRTC SecretKey": emulator.DemoTRTCSecretKey,
		"Chat SecretKey": emulator.DemoChatGroupsSecretKey, "ZEGO ServerSecret": emulator.DemoZegoGroupsSecret,
	}
	actions := map[string][]string{
		"trtc":         {"kick", "--app", emulator.DemoTRTC, "--room", "1001", "u1", "u2"},
		"tencent-chat": {"kick", "--app", emulator.DemoChatGroups, "--room", "@TGS#demo", "u1", "u2"},
		"zego":         {"kick", "--app", emulator.DemoZegoGroups, "--room", "g1", "u1", "u2"},
	}
	for _, enc := range emucore.EchoEncodings() {
		for vendor, args := range actions {
			t.Run(vendor+"/"+enc, func(t *testing.T) {
				dir := t.TempDir()
				jp, logf := filepath.Join(dir, "journal.db"), filepath.Join(dir, "quell.log")
				h.srv.Env().SetFaults(emucore.Faults{Echo: enc})
				defer h.srv.Env().SetFaults(emucore.Faults{})
				before := len(h.srv.Env().Echoed())
				common := []string{"--journal", jp, "--log-file", logf}
				var shown []string
				for _, output := range []string{"table", "json"} {
					r := h.run("", append(append(common, args...), "-o", output)...)
					if r.code != exitFailed {
						t.Fatalf("%s: exit %d, want %d\n%s\n%s", output, r.code, exitFailed, r.out, r.err)
					}
					shown = append(shown, r.out, r.err)
				}
				r := h.run("", append(common, "members", "--app", args[2], "--room", args[4])...)
				shown = append(shown, r.out, r.err)
				for _, format := range []string{"table", "json", "csv"} {
					r := h.run("", "--journal", jp, "journal", "-o", format)
					if r.code != 0 {
						t.Fatalf("journal -o %s: exit %d: %s", format, r.code, r.err)
					}
					shown = append(shown, r.out, r.err)
				}
				logText, _ := os.ReadFile(logf)
				db, _ := os.ReadFile(jp)
				wal, _ := os.ReadFile(jp + "-wal")
				shown = append(shown, string(logText), string(db), string(wal))

				echoed := h.srv.Env().Echoed()[before:]
				if len(echoed) == 0 {
					t.Fatal("the emulator echoed nothing")
				}
				secrets := map[string]string{}
				for k, v := range keys {
					secrets[k] = v
				}
				for _, c := range echoed {
					secrets["echoed "+c[:min(len(c), 24)]] = c
				}
				all := strings.Join(shown, "\n")
				if !strings.Contains(all, "[redacted]") {
					t.Errorf("the echo should show, redacted:\n%s", all)
				}
				for name, s := range secrets {
					if leaks := redacttest.Leaks(all, s); len(leaks) > 0 {
						t.Errorf("%s reached the output as %v", name, leaks)
						for i, sh := range shown {
							if l := redacttest.Leaks(sh, s); len(l) > 0 {
								t.Logf("output %d: %.600s", i, sh)
							}
						}
					}
				}
			})
		}
	}
}

// A log file left readable by others is set to 0600 before quell writes to
// it, and stderr says so once.
func TestLooseLogFileIsTightened(t *testing.T) {
	h := newHarness(t)
	logf := filepath.Join(t.TempDir(), "quell.log")
	if err := os.WriteFile(logf, []byte("old line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(logf, 0o644); err != nil {
		t.Fatal(err)
	}
	r := h.run("", "--log-file", logf, "apps")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	st, err := os.Stat(logf)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("log mode %04o, want 0600", st.Mode().Perm())
	}
	if want := logf + " had mode 0644"; !strings.Contains(r.err, want) {
		t.Errorf("stderr should say %q: %q", want, r.err)
	}
	if r2 := h.run("", "--log-file", logf, "apps"); strings.Contains(r2.err, "had mode") {
		t.Errorf("a 0600 log gets no note: %q", r2.err)
	}
}
