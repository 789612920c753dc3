package trtc

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/quell-console/quell/backend"
)

// FuzzValidateUserID: a UserId or room ID the TRTC checks accept fits
// TRTC's limits: 1-32 bytes of UTF-8 without control characters for users;
// 1..4294967294 in canonical form for numeric rooms; 64 bytes of the
// documented characters for string rooms.
func FuzzValidateUserID(f *testing.F) {
	for _, s := range []string{"alice", "", "a\x00", "\x1b[2J", "用户", strings.Repeat("u", 33), "42", "042", "4294967295", "Q&A (EU) #1", "a/b"} {
		f.Add(s)
	}
	numeric := &Client{}
	str := &Client{strRooms: true}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidUserID(id) == "" && (len(id) == 0 || len(id) > MaxUserIDBytes || !utf8.ValidString(id) || strings.IndexFunc(id, unicode.IsControl) >= 0) {
			t.Fatalf("ValidUserID accepted %q", id)
		}
		if numeric.checkRoom(id) == nil && numericRoom(id) == 0 {
			t.Fatalf("numeric checkRoom accepted %q", id)
		}
		if err := str.checkRoom(id); err == nil {
			if len(id) > maxStringRoom || strings.IndexFunc(id, unicode.IsControl) >= 0 {
				t.Fatalf("string checkRoom accepted %q", id)
			}
		} else if !backend.IsInputError(err) {
			t.Fatalf("checkRoom(%q): %v", id, err)
		}
	})
}
