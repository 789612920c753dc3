package textsafe

import "testing"

func TestClean(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "alice_01", "alice_01"},
		{"unicode kept", "李小龙 🎤 Ünïcødé", "李小龙 🎤 Ünïcødé"},
		{"csi colour", "\x1b[31mred\x1b[0m", "␛red␛"},
		{"clear screen", "a\x1b[2J\x1b[Hb", "a␛␛b"},
		{"osc title bel", "x\x1b]0;pwned\x07y", "x␛y"},
		{"osc hyperlink st", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "␛click␛"},
		{"c1 csi", "a\u009b31mb", "a␛b"},
		{"newline and cr", "line1\nline2\rX", "line1␊line2␍X"},
		{"bell and del", "a\x07b\x7f", "a␇b␡"},
		{"tab", "a\tb", "a b"},
		{"bidi override", "user\u202Egnp.exe", "usergnp.exe"},
		{"invalid utf8", "a\xffb", "a�b"},
		{"zero width space", "ad\u200bmin", "admin"},
		{"zwj emoji kept", "👩\u200d💻", "👩\u200d💻"},
		{"dcs", "\x1bPq#0;2;0;0;0\x1b\\ok", "␛ok"},
		{"lone esc at end", "abc\x1b", "abc␛"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Clean(c.in); got != c.want {
				t.Fatalf("Clean(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestCleanNeverLeavesControls(t *testing.T) {
	for b := 0; b < 256; b++ {
		s := Clean("x" + string([]byte{byte(b)}) + "[31m")
		for _, r := range s {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("byte %#x left control %U in %q", b, r, s)
			}
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := Truncate("abcdefgh", 5); got != "abcd…" {
		t.Fatalf("got %q", got)
	}
	if got := Truncate("abc", 5); got != "abc" {
		t.Fatalf("got %q", got)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("\x1b[31mx")
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range Clean(s) {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x202e {
				t.Fatalf("control %U survived in Clean(%q)", r, s)
			}
		}
	})
}

func TestCleanDropsTrailingJoiner(t *testing.T) {
	// "x‍" followed on screen by "…" or "›" would draw them into x's cell.
	if got := Clean("bob\u200d\u200d"); got != "bob" {
		t.Fatalf("Clean kept a trailing joiner: %q", got)
	}
	if got := Clean("👩\u200d💻"); got != "👩\u200d💻" {
		t.Fatalf("Clean broke a joined emoji: %q", got)
	}
}
