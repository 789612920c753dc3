package filemode

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTighten(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		mode     fs.FileMode
		wantNote bool
	}{{0o644, true}, {0o640, true}, {0o604, true}, {0o666, true}, {0o600, false}, {0o400, false}} {
		path := filepath.Join(dir, tc.mode.String())
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		note, err := Tighten(path)
		if err != nil {
			t.Fatalf("%04o: %v", tc.mode, err)
		}
		if (note != "") != tc.wantNote {
			t.Errorf("%04o: note %q", tc.mode, note)
		}
		st, _ := os.Stat(path)
		if tc.wantNote && (st.Mode().Perm() != Private || !strings.Contains(note, path) || !strings.Contains(note, "0600")) {
			t.Errorf("%04o: now %04o, note %q", tc.mode, st.Mode().Perm(), note)
		}
		if !tc.wantNote && st.Mode().Perm() != tc.mode {
			t.Errorf("%04o changed to %04o", tc.mode, st.Mode().Perm())
		}
	}
	if note, err := Tighten(filepath.Join(dir, "absent")); note != "" || err != nil {
		t.Errorf("an absent file: %q, %v", note, err)
	}
}

// A file of another user cannot be chmodded: quell refuses it, naming the
// file and the fix.
func TestTightenRefusesWhatItCannotChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	chmod = func(name string, _ fs.FileMode) error {
		return &fs.PathError{Op: "chmod", Path: name, Err: fs.ErrPermission}
	}
	defer func() { chmod = os.Chmod }()
	_, err := Tighten(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Fatalf("want a refusal naming the file and the fix, got %v", err)
	}
}
