package zego

import (
	"strconv"

	"github.com/quell-console/quell/backend"
)

// ZEGO return codes quell acts on (providers.md §3 and ZEGO's public
// return-code table).
const (
	codeOK              = 0
	codeBusy            = 1
	codeBadInput        = 2
	codeRateLimited     = 7
	codeSigExpired      = 100000004
	codeSigInvalid      = 100000005
	codeBadParameter    = 660000002
	codeTooManyUsers    = 660000011
	codeBadUserID       = 660000012
	codeRoomNotFound    = 660300001
	codeNotInRoom       = 660300002
	codeAppQPS          = 660300005
	codeObjectQPS       = 660300006
	codeRoomEmptying    = 660300008
	codeGroupNotFound   = 660600001
	codeNotRegistered   = 660700015
	codeNotRegisteredV2 = 6607000015 // as ZEGO's blacklist page prints it; accepted too
	codeAlreadyBlocked  = 660800037
	codeBlockSelf       = 660800038
	codeListTooLong     = 660800039
	codeBlacklistFull   = 660800040
	codeAddAllFailed    = 660800041
	codeRemoveAllFailed = 660800042
	codeNotBlocked      = 660800043
	codeNotBlocked2     = 660800044
)

// Per-action QPS codes and "not in the group", from ZEGO's global
// return-code table (https://www.zegocloud.com/docs/zim-server/return-codes).
const (
	codeGroupMemberQPS = 660600004 // QueryGroupMemberList over 20/s
	codeKickGroupQPS   = 660600005 // KickoutGroupUser over 20/s
	codeAppGroupQPS    = 660600007 // QueryAppGroupList over 1/s
	codeNotInGroup     = 660600008 // KickoutGroupUser: already not in the group
)

type codeInfo struct {
	meaning, next string
	retry         bool
}

var codeTable = map[int64]codeInfo{
	codeBusy:            {"the ZEGO server failed or is busy", "quell retries it; if it keeps failing, try again in a minute", true},
	codeBadInput:        {"ZEGO rejected a parameter", "check the room, group and user IDs", false},
	3:                   {"ZEGO could not verify the request", "check app_id and server_secret in the config", false},
	codeRateLimited:     {"too many requests per second for this app", "quell backs off and retries; lower rate_limits in the config if it persists", true},
	100000001:           {"ZEGO did not accept the AppId", "check app_id in the config", false},
	100000002:           {"the request carried no timestamp", "this is a quell bug: report it", false},
	100000003:           {"the request's timestamp was malformed", "this is a quell bug: report it", false},
	codeSigExpired:      {"the request's timestamp is more than 10 minutes off ZEGO's clock", "set this machine's clock right (enable NTP) and retry", false},
	codeSigInvalid:      {"ZEGO rejected the signature", "check app_id and server_secret in the config (the secret is the ServerSecret, not the AppSign)", false},
	100000006:           {"the request named no Action", "check endpoint in the config: it must be the ZIM server API (zim-api.zego.im)", false},
	100000007:           {"ZEGO does not know this Action at that address", "check endpoint in the config: it must be the ZIM server API (zim-api.zego.im)", false},
	100000008:           {"the request carried no SignatureNonce", "this is a quell bug: report it", false},
	100000009:           {"the request carried no Signature", "this is a quell bug: report it", false},
	100000010:           {"ZEGO found no ServerSecret for this AppId", "check app_id in the config", false},
	100000011:           {"ZEGO could not load this app's configuration", "check app_id; if it is right, contact ZEGO support", false},
	100000013:           {"the request carried no SignatureVersion", "this is a quell bug: report it", false},
	100000014:           {"ZEGO does not support this SignatureVersion", "this is a quell bug: report it (ZEGO expects 2.0)", false},
	100000015:           {"the ZEGO API gateway failed", "retry later", true},
	100000016:           {"the app has no production environment configured", "enable production for this AppId in the ZEGO console", false},
	100000017:           {"the app has not activated this ZEGO service", "activate In-app Chat (ZIM) for this AppId in the ZEGO console", false},
	codeBadParameter:    {"ZEGO rejected a parameter", "check the room, group and user IDs and the operator in the config", false},
	codeTooManyUsers:    {"too many users in one call", "this is a quell bug (batch too large): report it", false},
	codeBadUserID:       {"a user ID is longer than 32 bytes or has characters ZEGO does not allow", "use the user ID exactly as ZEGO knows it", false},
	codeRoomNotFound:    {"the room does not exist (it may have closed)", "check the room ID; refresh the room list", false},
	codeNotInRoom:       {"the user is not in this room or group", "refresh the member list; the user may have left already", false},
	codeAppQPS:          {"this app made too many ZEGO requests per second", "quell backs off and retries; lower rate_limits in the config if it persists", true},
	codeObjectQPS:       {"too many requests per second for this room or group", "quell backs off and retries", true},
	codeRoomEmptying:    {"the room is emptying", "nothing to do: the room is closing", false},
	codeGroupNotFound:   {"the group does not exist (it may have been dismissed)", "check the group ID; refresh the list", false},
	codeGroupMemberQPS:  {"too many group member list requests per second (QueryGroupMemberList)", "quell backs off and retries", true},
	codeKickGroupQPS:    {"too many group kick requests per second (KickoutGroupUser)", "quell backs off and retries", true},
	codeAppGroupQPS:     {"too many group list requests (QueryAppGroupList allows 1 per second)", "quell backs off and retries", true},
	codeNotInGroup:      {"the user is not in the group (already left or removed)", "nothing to do", false},
	codeNotRegistered:   {"the user is not registered with ZIM", "check the user ID; users exist once they have logged in to ZIM", false},
	codeAlreadyBlocked:  {"the user is already on the blacklist", "nothing to do", false},
	codeBlockSelf:       {"a user cannot blacklist themselves", "leave the owner out of the users", false},
	codeListTooLong:     {"too many users in one blacklist call", "this is a quell bug (batch too large): report it", false},
	codeBlacklistFull:   {"the owner's blacklist is full (1,000 users)", "remove some users from this owner's blacklist first", false},
	codeAddAllFailed:    {"no user could be added to the blacklist", "see each user's reason", false},
	codeRemoveAllFailed: {"no user could be removed from the blacklist", "see each user's reason", false},
	codeNotBlocked:      {"the user is not on the blacklist", "nothing to do", false},
	codeNotBlocked2:     {"the user is not on the blacklist", "nothing to do", false},
}

func init() { codeTable[codeNotRegisteredV2] = codeTable[codeNotRegistered] }

// vendorError explains a ZEGO code for a moderator. Unknown codes keep the
// raw code and ZEGO's message.
func vendorError(call string, code int64, message, requestID string, httpStatus int) *backend.VendorError {
	ve := &backend.VendorError{Provider: backend.Zego, Call: call, Code: strconv.FormatInt(code, 10),
		Message: message, RequestID: requestID, HTTPStatus: httpStatus}
	if info, ok := codeTable[code]; ok {
		ve.Meaning, ve.NextStep, ve.Retryable = info.meaning, info.next, info.retry
	}
	return ve
}

// countsAsDone reports per-user sub-codes that mean the user is already in
// the state asked for: already blocked, or not on the blacklist to remove.
func countsAsDone(call string, sub int64) bool {
	switch call {
	case actAddBlacklist:
		return sub == codeAlreadyBlocked
	case actRemoveBlacklist:
		return sub == codeNotBlocked || sub == codeNotBlocked2
	case actKickGroupUser:
		// "no action needed": the user is already out of the group
		// (https://www.zegocloud.com/docs/zim-server/group/remove-group-member).
		return sub == codeNotInGroup
	}
	return false
}
