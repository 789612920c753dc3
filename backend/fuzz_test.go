package backend

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzParseLength: any text typed at the length prompt or --for ends in an
// error or a whole number of seconds from 1 s to the bound: never a panic,
// a negative or zero length (which Chat reads as "lift the mute"), or an
// overflow.
func FuzzParseLength(f *testing.F) {
	for _, s := range []string{"90s", "10m", "1.5h", "1d12h", "7d", "forever", "2h30m", "", "-1s", "0s", "0.4s",
		"1e9d", "99999999999999999999d", "1.1.1h", "5ms", "1d1d", ".s", "36500d", "36501d", "1x", "  10M  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, forever, err := ParseLength("--for", s)
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("ParseLength(%q): %v is not an input error", s, err)
			}
			if len(err.Error()) > 400 {
				t.Fatalf("ParseLength(%q): a %d-byte error", s, len(err.Error()))
			}
			return
		}
		if forever {
			return
		}
		if d < time.Second || d > maxLength || d%time.Second != 0 {
			t.Fatalf("ParseLength(%q) = %v", s, d)
		}
	})
}

// FuzzIDProblem: an ID IDProblem accepts holds only what every vendor
// could hold, and every rejection says why.
func FuzzIDProblem(f *testing.F) {
	for _, s := range []string{"alice", "", "a\x00b", "\x1b[2J", "用户", "\xff", strings.Repeat("a", 33), "a\u009bb", "tab\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		why := IDProblem(id, 32)
		valid := id != "" && len(id) <= 32 && utf8.ValidString(id) && strings.IndexFunc(id, unicode.IsControl) < 0
		if (why == "") != valid {
			t.Fatalf("IDProblem(%q) = %q, want valid=%v", id, why, valid)
		}
		if v := ShortValue(id); len(v) > 48+len("…") || utf8.ValidString(id) && !utf8.ValidString(v) {
			t.Fatalf("ShortValue(%q) = %q", id, v)
		}
	})
}
