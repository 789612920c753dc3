package textsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// Width returns how many terminal cells s takes, measured the way tmux draws
// it, so a padded row never wraps. Escape sequences (styling) take none.
//
// Terminals do not draw grapheme clusters the way Unicode segments them:
// tmux 3.3 (the reference quell is tested in; its screen-write.c) advances
// by the C library's wcwidth of every code point, except that a non-ASCII
// code point after a zero-width joiner is drawn into the joiner's cell.
// Measured in tmux 3.3a (glibc, C.UTF-8), printing each string then asking
// for the cursor:
//
//	नमस्ते 4 (x/ansi, go-runewidth: 3)   कि 2   क्षि 3   கொ 2
//	👩‍👩‍👧‍👦 2   👨‍💻 2   🏳️‍🌈 1   ❤️ 1 (VS16 adds nothing; x/ansi: 2)
//	👍🏽 4 (the skin tone is a cell of its own; x/ansi: 2)   🇺🇸 2   🇺 1
//	é (e + U+0301) 1   中文 4   ﷺ 1   Zalgo "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇" 5
//
// Every code point of the BMP and planes 1–3 was compared the same way:
// Width never counts fewer cells than tmux drew. It counts more only for
// code points newer than the C library's tables (tmux draws those as
// nothing), which leaves a row a little short, never too long.
func Width(s string) int {
	if isPlainPrintable(s) {
		return len(s)
	}
	w := 0
	forEachCell(s, func(_, _ int, cw int) bool {
		w += cw
		return true
	})
	return w
}

// Cut returns s cut to at most w cells (by Width), marking a cut with tail
// (which counts toward w). Escape sequences after the cut are kept, so styled
// text stays balanced; the text they would have styled is dropped.
func Cut(s string, w int, tail string) string {
	if w <= 0 {
		return keepEscapes(s, 0)
	}
	if Width(s) <= w {
		return s
	}
	tw := Width(tail)
	if tw > w {
		tail, tw = "", 0
	}
	limit := w - tw
	used, end := 0, 0
	forEachCell(s, func(i, size int, cw int) bool {
		if used+cw > limit {
			return false
		}
		used += cw
		end = i + size
		return true
	})
	head := s[:end]
	// A joiner left at the cut would pull the tail's first character into
	// the last kept cell.
	for strings.HasSuffix(head, zwj) {
		head = head[:len(head)-len(zwj)]
	}
	return head + tail + keepEscapes(s, end)
}

// Pad cuts s to w cells (marking a cut with …) and pads it with spaces to
// exactly w cells, on the left when right is true.
func Pad(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	s = Cut(s, w, "…")
	pad := w - Width(s)
	if pad <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", pad) + s
	}
	return s + strings.Repeat(" ", pad)
}

const zwj = "\u200d"

// forEachCell calls f for every printable code point of s with its byte
// offset, byte length and cell width; escape sequences are skipped. f
// returns false to stop.
func forEachCell(s string, f func(i, size, w int) bool) {
	afterZWJ := false
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			i = skipEscape(s, i)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w := runeWidth(r)
		if afterZWJ && r >= utf8.RuneSelf {
			w = 0 // drawn into the joiner's cell
		}
		afterZWJ = r == 0x200d
		if !f(i, size, w) {
			return
		}
		i += size
	}
}

// keepEscapes returns the escape sequences of s from byte from on.
func keepEscapes(s string, from int) string {
	var b strings.Builder
	for i := from; i < len(s); {
		if s[i] == 0x1b {
			j := skipEscape(s, i)
			b.WriteString(s[i:j])
			i = j
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return b.String()
}

// wide is the East Asian Wide and Fullwidth table without the ambiguous
// characters (terminals draw those narrow outside CJK locales).
var wide = &runewidth.Condition{EastAsianWidth: false}

// runeWidth is wcwidth as tmux's C library answers it.
func runeWidth(r rune) int {
	switch {
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return 0 // controls: Clean has replaced them
	case r < 0x300:
		return 1 // Latin; the soft hyphen too, which wcwidth draws
	case isPrependedMark(r):
		// Format characters, but wcwidth gives them a cell (Arabic number
		// signs and the like, Prepended_Concatenation_Mark).
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0 // combining marks, variation selectors, joiners
	case (r >= 0x1160 && r <= 0x11ff) || (r >= 0xd7b0 && r <= 0xd7ff):
		return 0 // Hangul medial vowels and final consonants join the syllable
	case (r >= 0x3248 && r <= 0x324f) || (r >= 0x4dc0 && r <= 0x4dff):
		// Wide in glibc (Unicode 15 East Asian Width), narrow in
		// go-runewidth's older table.
		return 2
	case wide.RuneWidth(r) == 2:
		return 2
	}
	return 1
}

func isPrependedMark(r rune) bool {
	switch {
	case r >= 0x600 && r <= 0x605, r == 0x6dd, r == 0x70f, r == 0x890, r == 0x891, r == 0x8e2, r == 0x110bd, r == 0x110cd:
		return true
	}
	return false
}

func isPlainPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
