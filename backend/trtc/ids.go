package trtc

import (
	"fmt"

	"github.com/quell-console/quell/backend"
)

// MaxUserIDBytes is the longest TRTC UserId: TRTC users are Tencent Chat
// accounts signed with a UserSig, and both document "up to 32 bytes"
// (tencentyun/tls-sig-api-v2 `userid`; Chat "Use Limits",
// https://www.tencentcloud.com/document/product/1047/34381).
const MaxUserIDBytes = 32

// ValidUserID says why id cannot be a TRTC UserId ("" when it can): empty,
// over 32 bytes, not UTF-8 or holding a control character. The SDKs only
// recommend letters, digits, '_' and '-', and the API takes any UTF-8, so
// quell refuses only what cannot be a real user.
func ValidUserID(id string) string {
	return backend.IDProblem(id, MaxUserIDBytes)
}

func checkUsers(users []string) error {
	if len(users) == 0 {
		return backend.ErrNoUsers
	}
	for i, u := range users {
		if why := ValidUserID(u); why != "" {
			return &backend.InputError{Field: fmt.Sprintf("users[%d]", i), Value: backend.ShortValue(u), Problem: why,
				Fix: fmt.Sprintf("give the UserId exactly as the app signed it (at most %d bytes, no control characters)", MaxUserIDBytes)}
		}
	}
	return nil
}
