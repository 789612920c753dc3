package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact"
	"github.com/quell-console/quell/internal/redact/redacttest"
)

// A journal (and its WAL and index) left with mode 0644 by an older quell,
// a copy or a umask is set to 0600 at Open, and Notes says so once.
func TestOpenTightensLooseJournalFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustBegin(t, j, muteReq("u1")) // so the WAL and its index exist
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	j2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	defer j.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %04o after Open, want 0600", f, st.Mode().Perm())
		}
	}
	notes := strings.Join(j2.Notes(), "\n")
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if !strings.Contains(notes, f+" had mode 0644") {
			t.Errorf("no note for %s in %q", f, notes)
		}
	}
	j3 := reopen(t, path)
	if len(j3.Notes()) != 0 {
		t.Errorf("a journal already 0600 gets no note: %q", j3.Notes())
	}
}

// The journal is the second line behind the providers: a secret a provider
// missed in a vendor's message is blanked before it is written, so neither
// the journal nor any of its exports holds it.
func TestJournalBlanksSecretsFromOutcomes(t *testing.T) {
	const sig = "eJwtzEELgjAYgOH-8p0XbJ9Ozd2iQ0HRpRKJLrP5aV-hlgtLpP8e*tP-0HjziCJNzajEe5R"
	for _, enc := range redacttest.Encodings {
		t.Run(enc.Name, func(t *testing.T) {
			j, _ := openTemp(t)
			j.SetRedactor(redact.New(sig))
			id := mustBegin(t, j, muteReq("u1", "u2"))
			echo := enc.Encode("POST /v4/x?usersig=" + sig + "&random=1")
			fail := backend.UserOutcome{User: "u1", Status: backend.Failed, RequestID: "r-" + sig, Attempts: 1,
				Err: &backend.VendorError{Provider: backend.TencentChat, Call: "forbid_send_msg", Code: "70001", Message: "bad " + echo}}
			if err := j.Record(id, []backend.UserOutcome{fail}); err != nil {
				t.Fatal(err)
			}
			if err := j.Finish(id, &backend.Result{Outcomes: []backend.UserOutcome{fail, applied("u2")[0]}}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(fail.Err.Message, sig) && enc.Name == "raw" {
				t.Error("the engine's own outcome must not be changed by the journal")
			}
			acts, err := j.Query(Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range []string{"table", "json", "csv"} {
				var b bytes.Buffer
				if err := Write(&b, acts, format); err != nil {
					t.Fatal(err)
				}
				if leaks := redacttest.Leaks(b.String(), sig); len(leaks) > 0 {
					t.Errorf("%s export holds the UserSig as %v:\n%s", format, leaks, b.String())
				}
			}
		})
	}
}
