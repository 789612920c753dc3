package zego

import (
	"github.com/quell-console/quell/backend"
)

// ZEGO RTC return codes quell acts on: the room signalling table of ZEGO's
// global return codes (docs_all, core_products/real-time-voice-video/en/
// server/api-reference/return-codes.mdx) and the codes on each action's
// page. They overlap ZIM's numbers (1, 2, 3 mean other things there), so
// RTC answers are read with this table first.
const (
	rtcCodeBusy          = 1
	rtcCodeBadInput      = 2
	rtcCodeTooLong       = 3
	rtcCodeNoRoom104     = 104
	rtcCodeNoUser        = 105
	rtcCodeAppQPS        = 206
	rtcCodeRoomQPS       = 207
	rtcCodeRoomClosed    = 5018 // CloseRoom's page: destroyed or does not exist
	rtcCodeNoRoom        = 5024
	rtcCodeNoRoom50001   = 50001
	rtcCodeUserOffline   = 50003
	rtcCodeUserListLong  = 50011
	rtcCodeNoPermission  = 9
	rtcCodeDecodeFailed  = 8
	rtcCodeGatewayAction = 100000007
)

var roomGone = codeInfo{"the room does not exist: it was closed, or everyone left (ZEGO closes an RTC room when it empties)",
	"refresh the room list; nothing is left to do in this room", false}

var rtcCodeTable = map[int64]codeInfo{
	rtcCodeBusy:         {"the ZEGO RTC server failed", "quell retries it; if it keeps failing, try again in a minute", true},
	rtcCodeBadInput:     {"ZEGO rejected a parameter", "check the room and user IDs", false},
	rtcCodeTooLong:      {"a parameter is too long for ZEGO", "shorten the reason, or check the room and user IDs", false},
	rtcCodeDecodeFailed: {"ZEGO could not decode the request", "this is a quell bug: report it", false},
	rtcCodeNoPermission: {"this app may not use this RTC server API", "ask ZEGO support to enable it for the AppID", false},
	rtcCodeNoRoom104:    roomGone,
	rtcCodeNoUser:       {"the user does not exist", "check the user ID; refresh the member list", false},
	rtcCodeAppQPS:       {"this app made too many ZEGO RTC requests per second", "quell backs off and retries; lower rate_limits in the config if it persists", true},
	rtcCodeRoomQPS:      {"too many requests per second for this room", "quell backs off and retries", true},
	rtcCodeRoomClosed:   roomGone,
	rtcCodeNoRoom:       roomGone,
	rtcCodeNoRoom50001:  roomGone,
	rtcCodeUserOffline:  {"the user is not in the room (they may have left already)", "refresh the member list", false},
	rtcCodeUserListLong: {"too many users in one call", "this is a quell bug (batch too large): report it", false},
	100000006:           {"the request named no Action", "check endpoint in the config: it must be the RTC server API (rtc-api.zego.im)", false},
	rtcCodeGatewayAction: {"ZEGO does not know this Action at that address",
		"check endpoint in the config: rooms: rtc needs the RTC server API (rtc-api.zego.im), not zim-api", false},
	100000017: {"the app has not activated this ZEGO service", "activate Video/Voice Call (RTC) for this AppID in the ZEGO console", false},
}

// rtcVendorError explains an RTC code for a moderator; gateway codes the RTC
// table does not override come from the shared table.
func rtcVendorError(call string, code int64, message, requestID string, httpStatus int) *backend.VendorError {
	ve := vendorError(call, code, message, requestID, httpStatus)
	if info, ok := rtcCodeTable[code]; ok {
		ve.Meaning, ve.NextStep, ve.Retryable = info.meaning, info.next, info.retry
	} else if code < 100000000 || code > 100000099 {
		// Only the gateway's 1000000xx codes are shared with ZIM: a ZIM
		// meaning for a number RTC does not document would mislead.
		ve.Meaning, ve.NextStep, ve.Retryable = "", "", false
	}
	return ve
}

// rtcErr is an RTC reply as a VendorError, nil for Code 0.
func (r *reply) rtcErr(action string) error {
	if r.Code == codeOK {
		return nil
	}
	return rtcVendorError(action, r.Code, r.Message, r.RequestID, r.status)
}
