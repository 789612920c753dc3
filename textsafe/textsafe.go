// Package textsafe makes attacker-controlled text (user IDs, names, room
// names, vendor messages) harmless before it reaches a terminal or a log.
package textsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s with every terminal escape sequence removed and every other
// control, bidirectional-override or invalid character replaced by a visible
// stand-in, so hostile names cannot move the cursor, recolour the screen,
// set the window title, hide text or reorder a line.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b { // ESC: skip the whole sequence
			i = skipEscape(s, i)
			b.WriteRune('␛')
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('�')
		case r == 0x9b: // C1 CSI: skip its parameters like ESC [
			i = skipCSIBody(s, i)
			b.WriteRune('␛')
		case r == 0x90 || r == 0x9d || r == 0x9e || r == 0x9f || r == 0x98: // C1 DCS, OSC, PM, APC, SOS
			i = skipString(s, i)
			b.WriteRune('␛')
		case r == '\t':
			b.WriteByte(' ')
		case r == 0x7f:
			b.WriteRune('␡')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // ␀..␟: visible control pictures
		case r >= 0x80 && r < 0xa0:
			b.WriteRune('�')
		case isBidiControl(r):
			// dropped: they reorder the rest of the line
		case unicode.Is(unicode.Cf, r) && r != 0x200d: // format chars except ZWJ (emoji)
			// dropped: invisible
		default:
			b.WriteRune(r)
		}
	}
	// A joiner at the end would join whatever the screen draws next to this
	// text's last character.
	return strings.TrimRight(b.String(), "\u200d")
}

// Truncate cleans s and cuts it to at most n runes, marking the cut with …
func Truncate(s string, n int) string {
	s = Clean(s)
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// skipEscape returns the index after the escape sequence starting at s[i]==ESC.
func skipEscape(s string, i int) int {
	i++ // ESC
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSIBody(s, i+1)
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: up to BEL or ST
		return skipString(s, i+1)
	default:
		// two- or three-byte escapes: ESC ( B, ESC 7, ESC c ...
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f { // intermediates
			i++
		}
		if i < len(s) {
			i++ // final byte
		}
		return i
	}
}

func skipCSIBody(s string, i int) int {
	for i < len(s) {
		c := s[i]
		i++
		if c >= 0x40 && c <= 0x7e {
			break
		}
		if c < 0x20 && c != 0x1b {
			continue
		}
	}
	return i
}

// skipString skips a control string up to BEL, ESC \ or C1 ST.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + 2
		}
		i++
	}
	return i
}
