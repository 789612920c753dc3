package chatemu

import (
	"encoding/json"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

// ID limits as Chat documents them: UserIDs up to 32 bytes (Use Limits,
// https://www.tencentcloud.com/document/product/1047/34381), live RoomIds up
// to 48 bytes (create_room, https://cloud.tencent.com/document/product/269/117506),
// group IDs up to 48 bytes of printable ASCII (V2TIMCreateGroupInfo.groupID).
const (
	maxUserIDBytes = 32
	maxRoomIDBytes = 48
)

// userFields and roomFields are the body fields that carry IDs, in every
// command the emulator serves.
var (
	userFields = []string{"Members_Account", "MemberToDel_Account", "MemberList_Account", "From_Account", "To_Account", "Owner_Account"}
	roomFields = []string{"GroupId", "RoomId"}
)

// checkIDs refuses a body whose IDs Chat would refuse, with the service's
// invalid-parameter code, before any handler applies it. Fields of the wrong
// JSON type are left to the handlers, which answer them their own way.
func checkIDs(service string, body []byte) *apiErr {
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return nil
	}
	if info, ok := top["RoomInfo"]; ok { // update_room_info nests its RoomId
		var nested map[string]json.RawMessage
		if json.Unmarshal(info, &nested) == nil {
			if id, ok := nested["RoomId"]; ok {
				top["RoomId"] = id
			}
		}
	}
	code := codeGroupParam
	switch service {
	case svcLive:
		code = codeLiveParam
	case "sns":
		code = codeSNSParam
	}
	for _, f := range userFields {
		for _, id := range idsOf(top[f]) {
			if !emucore.TextID(id, maxUserIDBytes) {
				return fail(code, f+" holds an account that is empty, longer than 32 bytes or not plain text")
			}
		}
	}
	for _, f := range roomFields {
		for _, id := range idsOf(top[f]) {
			if !emucore.TextID(id, maxRoomIDBytes) || f == "GroupId" && !printableASCII(id) {
				return fail(code, f+" is empty, longer than 48 bytes or not plain text")
			}
		}
	}
	return nil
}

// idsOf reads a field holding one ID or a list of them; anything else is nil.
func idsOf(raw json.RawMessage) []string {
	if raw == nil {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many
	}
	return nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
