package textsafe

import "testing"

// The widths tmux 3.3a drew (cursor column after printing the string), the
// reference the console is tested in. x/ansi and go-runewidth disagree on
// the ones marked.
func TestWidthAgreesWithTmux(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"alice_01", 8},
		{"नमस्ते", 4}, // x/ansi, go-runewidth: 3
		{"कि", 2},     // x/ansi: 1
		{"क्षि", 3},   // x/ansi: 1
		{"கொ", 2},     // x/ansi: 1
		{"👩\u200d👩\u200d👧\u200d👦", 2},
		{"👨\u200d💻", 2},
		{"🏳\ufe0f\u200d🌈", 1}, // x/ansi: 2
		{"❤\ufe0f", 1},        // x/ansi: 2
		{"❤", 1},
		{"😀\ufe0f", 2},
		{"👍🏽", 4}, // x/ansi: 2
		{"🇺🇸", 2},
		{"🇺", 1}, // x/ansi: 2
		{"e\u0301", 1},
		{"中文", 4},
		{"한국어", 6},
		{"\u1100\u1161\u11a8", 2},
		{"ﷺ", 1},
		{"ﷺﷺ", 2},
		{"Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", 5},
		{"ก้", 1},
		{"1\ufe0f\u20e3", 1}, // x/ansi.StringWidthWc: 2
		{"\u3000", 2},
		{"⌚", 2},
		{"☀", 1},
		{"\u4dc0", 2}, // go-runewidth: 1
		{"\u3248", 2}, // go-runewidth: 1
		{"\u0600", 1},
		{"\u200b", 0},
		// A non-ASCII character after a joiner is drawn into its cell; an
		// ASCII one is not.
		{"a\u200d中", 1},
		{"a\u200db", 2},
		{"👩\u200da", 3},
		{"\x1b[31mred\x1b[0m", 3},
	}
	for _, c := range cases {
		if got := Width(c.in); got != c.want {
			t.Errorf("Width(%q) = %d, tmux draws %d", c.in, got, c.want)
		}
	}
}

func TestCut(t *testing.T) {
	cases := []struct {
		in   string
		w    int
		want string
	}{
		{"alice", 10, "alice"},
		{"alice", 5, "alice"},
		{"alice", 4, "ali…"},
		{"alice", 1, "…"},
		{"alice", 0, ""},
		{"नमस्ते", 4, "नमस्ते"},
		{"नमस्ते", 3, "नम…"},
		{"中文字", 5, "中文…"},
		{"中文字", 4, "中…"},
		// The joined emoji and its marks stay whole: their cells are 0.
		{"👩\u200d👩\u200d👧\u200d👦x", 2, "…"},
		{"👩\u200d👩\u200d👧\u200d👦xy", 3, "👩\u200d👩\u200d👧\u200d👦…"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		// A joiner at the cut is dropped, or … would join the emoji.
		{"ab\u200dcd", 3, "ab…"},
		// Escapes after the cut are kept so the style is reset.
		{"\x1b[31mredder\x1b[0m", 4, "\x1b[31mred…\x1b[0m"},
	}
	for _, c := range cases {
		got := Cut(c.in, c.w, "…")
		if got != c.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
		if Width(got) > c.w {
			t.Errorf("Cut(%q, %d) is %d cells", c.in, c.w, Width(got))
		}
	}
}

func TestPadIsExactlyWide(t *testing.T) {
	for _, s := range []string{"bob", "नमस्ते", "👩\u200d👩\u200d👧\u200d👦", "❤\ufe0f", "👍🏽", "中文中文中文", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇"} {
		for w := 1; w <= 12; w++ {
			for _, right := range []bool{false, true} {
				got := Pad(s, w, right)
				if gw := Width(got); gw != w {
					t.Errorf("Pad(%q, %d) = %q is %d cells", s, w, got, gw)
				}
			}
		}
	}
}
