package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfigLoad: any file up to the size limit loads or fails with an
// *Error whose every problem is on a line of the file; no panic, and no
// secret in the message.
func FuzzConfigLoad(f *testing.F) {
	for _, s := range []string{validYAML, "", "apps: []\n", "apps:\n  - name: a\n   provider: [\n", "refresh: 3s\napps: [a, b\n",
		"a: &x [*x]\n", "apps:\n  - *nope\n", "\xff\xfe", "refresh: 3s\n\napps: \x1b[2J\n", "keys:\n  mute: m\n kick: k\n",
		strings.Repeat("- ", 500) + "x\n", "a: 'b\r", "keys:\r  mute: m\r kick: k\r"} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxFileBytes {
			return
		}
		_, _, err := parse("c.yaml", data, testEnv)
		if err == nil {
			return
		}
		ce, ok := err.(*Error)
		if !ok {
			t.Fatalf("%T is not a *config.Error: %v", err, err)
		}
		lines := lineCount(data) // counted as yaml.v3 does (TestLineCountMatchesYAML)
		for _, p := range ce.Problems {
			if p.Line < 0 || p.Line > lines {
				t.Fatalf("problem on line %d of a %d-line file: %v", p.Line, lines, err)
			}
		}
		if !strings.Contains(string(data), leak) && strings.Contains(err.Error(), leak) {
			t.Fatal("the error holds the secret from the environment")
		}
		// Load reads the same bytes from a regular file (with the real
		// environment, so only "no panic" is asserted).
		p := filepath.Join(dir, "c.yaml")
		if werr := os.WriteFile(p, data, 0o600); werr == nil {
			_, _, _ = Load(p)
		}
	})
}
