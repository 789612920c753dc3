package tencentchat

import (
	"fmt"
	"strings"

	"github.com/quell-console/quell/backend"
)

// ID limits, from the vendor's pages (providers.md is silent on them):
const (
	// MaxUserIDBytes: "UserID ... up to 32 bytes" (Chat "Use Limits",
	// https://www.tencentcloud.com/document/product/1047/34381; account_import,
	// https://trtc.io/document/34953).
	MaxUserIDBytes = 32
	// MaxRoomIDBytes: a live room's RoomId is "at most 48 bytes" (create_room,
	// https://cloud.tencent.com/document/product/269/117506); a custom group
	// ID is "printable ASCII (0x20-0x7e), at most 48 bytes" (V2TIMCreateGroupInfo.groupID,
	// https://im.sdk.qcloud.com/doc/HarmonyOS/interfaces/V2TIMCreateGroupInfo.html),
	// and the server's own @TGS# IDs are shorter.
	MaxRoomIDBytes = 48
)

// ValidUserID says why id cannot be a Chat UserID ("" when it can): empty,
// over 32 bytes, not UTF-8 or holding a control character. Chat recommends
// letters and digits but accepts other text, so only what cannot be an
// account is refused.
func ValidUserID(id string) string {
	return backend.IDProblem(id, MaxUserIDBytes)
}

// ValidRoomID says why id cannot be a live room ID (group false) or a group
// ID (group true).
func ValidRoomID(id string, group bool) string {
	if why := backend.IDProblem(id, MaxRoomIDBytes); why != "" {
		return why
	}
	if group {
		for i := 0; i < len(id); i++ {
			if id[i] < 0x20 || id[i] > 0x7e {
				return fmt.Sprintf("holds %q at byte %d; a group ID is printable ASCII", id[i], i)
			}
		}
	}
	return ""
}

// checkRoom applies the room rules of the app's kind. A blank room is
// "missing", as the CLI's flag names it.
func (c *Client) checkRoom(room string) error {
	if strings.TrimSpace(room) == "" {
		return &backend.InputError{Field: "room", Problem: "missing", Fix: "name the room (--room ROOM)"}
	}
	if why := ValidRoomID(room, c.o.Group); why != "" {
		kind := "live room ID"
		if c.o.Group {
			kind = "group ID (printable ASCII)"
		}
		return &backend.InputError{Field: "room", Value: backend.ShortValue(room), Problem: why,
			Fix: fmt.Sprintf("give the %s exactly as Chat lists it (at most %d bytes)", kind, MaxRoomIDBytes)}
	}
	return nil
}

// checkUserID is ValidUserID as an InputError on field.
func checkUserID(field, id string) error {
	if why := ValidUserID(id); why != "" {
		return &backend.InputError{Field: field, Value: backend.ShortValue(id), Problem: why,
			Fix: fmt.Sprintf("give the UserID exactly as Chat lists it (at most %d bytes, no control characters)", MaxUserIDBytes)}
	}
	return nil
}

func checkUsers(users []string) error {
	if len(users) == 0 {
		return &backend.InputError{Field: "users", Problem: "no users given", Fix: "name at least one user ID"}
	}
	for i, u := range users {
		if strings.TrimSpace(u) == "" {
			return &backend.InputError{Field: fmt.Sprintf("users[%d]", i), Problem: "empty user ID", Fix: "remove the empty entry"}
		}
		if err := checkUserID(fmt.Sprintf("users[%d]", i), u); err != nil {
			return err
		}
	}
	return nil
}

// checkOwner applies the UserID rules to a blacklist owner.
func checkOwner(owner string) error {
	if strings.TrimSpace(owner) == "" {
		return ownerError()
	}
	return checkUserID("owner", owner)
}
