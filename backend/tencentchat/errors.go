package tencentchat

import (
	"strconv"
	"strings"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// codeInfo explains one Chat error code for a moderator.
type codeInfo struct {
	meaning   string
	next      string
	retryable bool
}

const (
	stepBackoff   = "quell retries with backoff; if it persists, lower the rate in the config (rate_limits)"
	stepRetry     = "quell retries; if it persists, check Tencent Cloud's status page"
	stepAuth      = "check the key, admin and region (endpoint) of this app in the config"
	stepParam     = "check the room and user IDs; this request will fail the same way if repeated"
	stepRefresh   = "refresh the room list: the room may have closed"
	stepPlan      = "this needs a higher Chat edition (Premium/Ultimate) on the app"
	stepSmaller   = "this is a quell bug if it happens: it splits batches to the documented size; report it"
	stepBug       = "this is a quell bug: the request does not match the API; report it"
	stepAdminOnly = "make sure `admin:` names the app administrator account from the Chat console"
)

// codes is every code of providers.md §2, plus the few the docs list next to
// them that the console may meet (60002/60003/60009/60012, 70002, 30001).
var codes = map[int]codeInfo{
	// rate limits: retry with backoff
	60007: {"the REST API call rate limit was exceeded", stepBackoff, true},
	60011: {"the SDKAppID's call rate limit was exceeded", stepBackoff, true},
	60018: {"too many requests", stepBackoff, true},
	60019: {"too many requests", stepBackoff, true},
	70050: {"UserSig checks failed too often and were rate limited", "quell retries after a pause; check the key if it persists", true},
	10006: {"the group operation rate limit was exceeded", stepBackoff, true},
	// internal / timeout: retry
	10002:  {"Chat server internal error", stepRetry, true},
	100001: {"live room service internal error", stepRetry, true},
	70169:  {"Chat server internal error (account service)", stepRetry, true},
	70500:  {"Chat server internal error", stepRetry, true},
	60008:  {"the request timed out on the Chat server", stepRetry, true},
	// auth / config: never retry
	60004: {"the account or signature in the request is wrong", stepAuth, false},
	60005: {"the account or signature in the request is wrong", stepAuth, false},
	60006: {"the SDKAppID is not valid", stepAuth, false},
	60010: {"the request needs the app administrator", stepAdminOnly + "; " + stepAuth, false},
	60025: {"the request was refused for this app (account or plan)", stepAuth, false},
	60026: {"the request was refused for this app (account or plan)", stepAuth, false},
	70001: {"the UserSig has expired", stepAuth + "; also check this machine's clock", false},
	70002: {"the UserSig is empty", stepAuth, false},
	70003: {"the UserSig could not be parsed", stepAuth, false},
	70009: {"the UserSig does not match this app's key", stepAuth, false},
	70013: {"the UserSig was made for another user than the admin", stepAuth, false},
	70014: {"the UserSig was made for another SDKAppID", stepAuth, false},
	70016: {"no key is known for this SDKAppID in this data center", stepAuth, false},
	70020: {"the SDKAppID does not exist in this data center", stepAuth, false},
	60002: {"the request URL could not be parsed", stepAuth, false},
	60003: {"the request body is not valid JSON", stepSmaller, false},
	60009: {"the Chat server does not know this API path", "check the endpoint; this app's edition may lack this API", false},
	60012: {"the request has no SDKAppID", stepAuth, false},
	60015: {"an account in the request is not a string", stepBug, false},
	60016: {"the SDKAppID is disabled", stepAuth + "; check the app's status in the Chat console", false},
	60017: {"the request is disabled for this app", stepAuth + "; check the app's status in the Chat console", false},
	60020: {"the app's Pro edition package has expired", stepPlan, false},
	60021: {"this machine's IP is not on the app's REST API allowlist", "add this machine's IP to the allowlist in the Chat console", false},
	// group
	10003: {"the Chat server does not know this command", "check the endpoint; this app's edition may lack this API", false},
	10004: {"invalid parameter", stepParam, false},
	10005: {"too many accounts in one request", stepSmaller, false},
	10007: {"no permission for this operation (e.g. muting in a Private/Work group)", "this group type does not allow it", false},
	10010: {"the group does not exist any more (dismissed)", stepRefresh, false},
	10015: {"no group has this ID", stepRefresh, false},
	10019: {"a user in the request does not exist", "check the user IDs", false},
	10059: {"the app's Chat edition lacks this feature", stepPlan, false},
	// live rooms
	100002: {"invalid parameter", stepParam, false},
	100004: {"the live room does not exist", stepRefresh, false},
	// relationship chain (blocklist)
	30001: {"invalid parameter, or the user is already / not in the blocklist", "check the owner and user IDs", false},
	// 30013 is "blocklist full" (ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT, "黑名单数已达系统上限"),
	// 30010 the friend list's limit (ERR_SVR_FRIENDSHIP_COUNT_LIMIT): Chat's
	// server error codes, https://cloud.tencent.com/document/product/269/1671,
	// and the SDK's V2TIMErrorCode.h. A blocklist holds at most 1000
	// (https://www.tencentcloud.com/document/product/1047/48152).
	30013: {"the owner's blocklist is full (it holds at most 1000)", "remove entries from the owner's blacklist first", false},
	30010: {"the owner's friend list is full", "this is a friend-list limit, not the blocklist's; remove friends of the owner first", false},
}

// callNotes refine a code's meaning for one command, where the docs say a
// generic code means something particular there.
var callNotes = map[string]map[int]string{
	"delete_group_member": {
		10004: "invalid parameter; an AVChatRoom (live-stream group) also answers this: it keeps no member list, so nobody can be removed from it — mute the users instead",
	},
}

// vendorError builds the VendorError for code answered to call.
func vendorError(call string, code int, info, display, requestID string) *backend.VendorError {
	msg := info
	if display != "" && !strings.Contains(info, display) {
		msg = strings.TrimSpace(info + " " + display)
	}
	// The vendor's text is attacker-reachable (it can echo IDs): keep it
	// harmless for whichever terminal or log shows it.
	msg = textsafe.Clean(msg)
	e := &backend.VendorError{Provider: backend.TencentChat, Call: call, Code: strconv.Itoa(code), Message: msg, RequestID: requestID, HTTPStatus: 200}
	if ci, ok := codes[code]; ok {
		e.Meaning, e.NextStep, e.Retryable = ci.meaning, ci.next, ci.retryable
	}
	if n := callNotes[call][code]; n != "" {
		e.Meaning = n
	}
	return e
}
