package backend

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxAnyIDBytes bounds every room, user and owner ID before any provider
// sees it: no vendor documents an ID longer than 64 bytes (TRTC string
// rooms), so 256 leaves room for any of them while refusing a pasted page.
const MaxAnyIDBytes = 256

// IDProblem says why id cannot be an ID on any vendor ("" when it can):
// empty, longer than max bytes, not UTF-8, or holding a control character.
// Control characters (NUL, ESC, DEL, the C1 range) are refused because no
// vendor documents them in IDs and, sent anyway, an ID holding an escape
// sequence would be applied and then replayed on every moderator's screen.
// Invalid UTF-8 is refused because JSON encoding would replace it with
// U+FFFD and so act on another ID than the one typed.
func IDProblem(id string, max int) string {
	switch {
	case id == "":
		return "is empty"
	case len(id) > max:
		return fmt.Sprintf("is %d bytes; the limit is %d", len(id), max)
	case !utf8.ValidString(id):
		return "is not valid UTF-8"
	}
	for i, r := range id {
		if unicode.IsControl(r) {
			return fmt.Sprintf("holds the control character %U at byte %d", r, i)
		}
	}
	return ""
}

// CheckID is IDProblem as an *InputError naming field and the fix.
func CheckID(field, id string, max int, fix string) error {
	if why := IDProblem(id, max); why != "" {
		return &InputError{Field: field, Value: ShortValue(id), Problem: why, Fix: fix}
	}
	return nil
}

// ShortValue cuts a rejected value for an error message: a 10,000-byte ID
// is named by its start. InputError quotes it (%q), so control characters
// print escaped.
func ShortValue(s string) string {
	const keep = 48
	if len(s) <= keep {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
