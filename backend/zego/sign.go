package zego

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/quell-console/quell/backend"
)

// Sign is the ZEGO server API signature (SignatureVersion 2.0): the
// lower-case hex MD5 of AppId, SignatureNonce, ServerSecret and Timestamp
// concatenated as text.
func Sign(appID uint64, nonce, secret string, ts int64) string {
	sum := md5.Sum([]byte(strconv.FormatUint(appID, 10) + nonce + secret + strconv.FormatInt(ts, 10)))
	return hex.EncodeToString(sum[:])
}

// newNonce is 16 hex characters from 8 random bytes, as ZEGO documents it.
// Every request gets a fresh one, so a signed URL is never sent twice.
func newNonce() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; a fixed nonce
		// would make requests replayable, so refuse to go on.
		panic(fmt.Sprintf("zego: crypto/rand failed: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// MaxIDBytes is the longest user, room or group ID ZIM accepts.
const MaxIDBytes = 32

// idChars are the punctuation characters ZIM allows in IDs besides digits
// and ASCII letters.
const idChars = "!#$%&()+-:;<=.>?@[]^_{}|~"

// roomIDExtra are the characters KickoutRoomUser and DestroyRoom accept in
// room and user IDs on top of idChars: their pages list ',' and ' ' too
// (https://www.zegocloud.com/docs/zim-server/room/remove-user-from-the-room,
// .../room/destroy-the-room; providers.md §3). No other action does.
const roomIDExtra = ", "

// ValidID reports why id breaks ZIM's ID rules ("" when it is valid).
func ValidID(id string) string { return validIDWith(id, "") }

// validIDWith is ValidID for an action that also accepts the bytes of extra.
func validIDWith(id, extra string) string {
	switch {
	case id == "":
		return "is empty"
	case len(id) > MaxIDBytes:
		return fmt.Sprintf("is %d bytes; ZEGO allows at most %d", len(id), MaxIDBytes)
	}
	for i := 0; i < len(id); i++ {
		if !idByte(id[i]) && strings.IndexByte(extra, id[i]) < 0 {
			allowed := idChars
			if extra != "" {
				allowed += fmt.Sprintf(" (here also %q)", extra)
			}
			return fmt.Sprintf("contains %q at byte %d; ZEGO allows only letters, digits and %s", id[i], i, allowed)
		}
	}
	return ""
}

func idByte(c byte) bool {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	}
	for i := 0; i < len(idChars); i++ {
		if idChars[i] == c {
			return true
		}
	}
	return false
}

// checkID returns an InputError naming field when id breaks the rules.
func checkID(field, id string) error { return checkIDWith(field, id, "") }

// checkIDWith is checkID for an action that also accepts the bytes of extra.
func checkIDWith(field, id, extra string) error {
	if why := validIDWith(id, extra); why != "" {
		return &backend.InputError{Field: field, Value: printable(id), Problem: why,
			Fix: "use the ID exactly as ZEGO knows it (at most 32 bytes of letters, digits and " + idChars + ")"}
	}
	return nil
}

// printable shortens a rejected value for an error message; the caller's
// renderer sanitizes it.
func printable(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
