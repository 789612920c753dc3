package emucore

import (
	"unicode"
	"unicode/utf8"
)

// TextID reports whether s can be a Tencent user, group or live room ID of
// at most max bytes: non-empty, UTF-8, no control character. The emulator
// checks it on its own (not through the client's validators) so that a
// client that sends a 10,000-byte ID or an escape sequence is refused here
// as the vendor refuses it, instead of being applied.
func TextID(s string, max int) bool {
	if s == "" || len(s) > max || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
