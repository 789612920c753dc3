package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRefusesWhatIsNotARegularFile: `--config /dev/zero` once grew to
// 23.8 GB and a named pipe hung past SIGTERM (issue #11). Both are refused
// at once, before a byte is read.
func TestLoadRefusesWhatIsNotARegularFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero or FIFOs")
	}
	fifo := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]string{
		"/dev/zero": "a character device",
		fifo:        "a named pipe",
		t.TempDir(): "a directory",
	} {
		done := make(chan error, 1)
		go func() { _, _, err := Load(path); done <- err }()
		select {
		case err := <-done:
			want := path + ": not a regular file (" + kind + ")"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Load(%s) = %v, want %q", path, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Load(%s) still blocked after 5 s", path)
		}
	}
}

func TestLoadRefusesAFileOverOneMegabyte(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.yaml")
	big := "apps: []\n" + strings.Repeat("# padding\n", 241173) // 2,411,739 bytes: 2.3 MB
	if err := os.WriteFile(p, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), p+": the file is 2.3 MB; the limit is 1 MB") {
		t.Fatalf("err = %v", err)
	}
	// Exactly the limit is read (and then judged as YAML).
	edge := "refresh: 3s\n" + strings.Repeat("#", MaxFileBytes-len("refresh: 3s\n"))
	if err := os.WriteFile(p, []byte(edge), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(p); err == nil || strings.Contains(err.Error(), "limit") {
		t.Fatalf("a file of exactly 1 MB was refused for its size: %v", err)
	}
}

func TestMegabytesNeverRoundsDownToTheLimit(t *testing.T) {
	for n, want := range map[int64]string{MaxFileBytes + 1: "1.1 MB", 2411725: "2.3 MB", 10 << 20: "10.0 MB"} {
		if got := megabytes(n); got != want {
			t.Errorf("megabytes(%d) = %s, want %s", n, got, want)
		}
	}
}
