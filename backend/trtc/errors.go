package trtc

import (
	"errors"
	"fmt"
	"strings"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

// explanation is what a TRTC error code means to a moderator.
type explanation struct {
	meaning   string
	next      string
	retryable bool
}

const (
	nextKey     = "check secret_id and secret_key in the config (or TENCENTCLOUD_SECRET_ID/KEY)"
	nextClock   = "set this machine's clock right (NTP): requests must be within 5 minutes of Tencent's time"
	nextRetry   = "retry in a moment"
	nextReport  = "this is a quell bug: report it with the RequestId"
	nextRegion  = "set region to ap-singapore, ap-guangzhou or ap-beijing"
	nextAppID   = "check sdk_app_id in the config against the TRTC console"
	nextRooms   = "refresh the room list"
	nextMembers = "refresh the member list"
	nextRoomID  = "check the room ID and the app's room_ids (numeric or string)"
	nextHistory = "the room and member lists use TRTC's monitoring data (paid dashboard edition, last 14 days): check the app's dashboard edition"
	whyLeft     = "the user is not in the room (they left)"
)

// codes maps every code TRTC documents for the actions quell calls to words
// a moderator can act on. The list is the union of the per-action error lists
// in the SDK (tencentcloud-sdk-go-intl-en and tencentcloud-sdk-go,
// tencentcloud/trtc/v20190722/client.go: SetUserBlocked,
// SetUserBlockedByStrRoomId, RemoveUser[ByStrRoomId], DismissRoom[ByStrRoomId],
// DescribeRoomInfo, DescribeUserInfo), their meanings from errors.go in the
// same directory, plus the API 3.0 common codes
// (https://www.tencentcloud.com/document/api/647/34270).
var codes = map[string]explanation{
	// Common codes.
	"AuthFailure.SignatureFailure":          {"Tencent rejected the request signature", nextKey, false},
	"AuthFailure.SignatureExpire":           {"the request's timestamp is too far from Tencent's clock", nextClock, false},
	"AuthFailure.SecretIdNotFound":          {"Tencent does not know this SecretId", nextKey + "; the key may have been deleted or disabled", false},
	"AuthFailure.UnauthorizedOperation":     {"this API key may not manage TRTC", "grant the key's CAM user TRTC permissions", false},
	"AuthFailure.InvalidAuthorization":      {"the Authorization header was malformed", nextReport, false},
	"AuthFailure.TokenFailure":              {"the temporary credential token is invalid or expired", "renew the temporary credentials", false},
	"RequestLimitExceeded":                  {"too many calls per second with this API key in this region (TRTC counts per API key, not per app)", nextRetry + "; lower rate_limits if it persists", true},
	"RequestLimitExceeded.IPLimitExceeded":  {"too many calls per second from this IP address", nextRetry, true},
	"RequestLimitExceeded.UinLimitExceeded": {"too many calls per second for this Tencent Cloud account", nextRetry, true},
	"MissingParameter":                      {"a required parameter was missing", nextReport, false},
	"UnknownParameter":                      {"TRTC did not recognise a parameter", nextReport, false},
	"UnsupportedRegion":                     {"TRTC room management is not offered in this region", nextRegion, false},
	"InvalidAction":                         {"TRTC does not offer this action at this endpoint", "audio/video blocks exist only on the international site: set endpoint: https://trtc.intl.tencentcloudapi.com", false},

	// FailedOperation.*: the request was understood and refused.
	"FailedOperation.RoomNotExist":     {"the room does not exist or has closed", nextRooms, false},
	"FailedOperation.UserNotExist":     {whyLeft, nextMembers, false},
	"FailedOperation.SdkAppIdNotExist": {"Tencent does not know this SDKAppID", nextAppID, false},

	// InternalError.*: Tencent's side failed; worth another try, except
	// UserNotExist, which SetUserBlocked answers for a user who is not in
	// the room (errors.go: "The user is not in the room.").
	"InternalError":                       {"TRTC failed internally", nextRetry, true},
	"InternalError.UserNotExist":          {whyLeft, nextMembers, false},
	"InternalError.DBError":               {"TRTC's monitoring database failed internally", nextRetry, true},
	"InternalError.EsQueryError":          {"TRTC's room search failed internally", nextRetry, true},
	"InternalError.GetRoomCacheIpError":   {"TRTC failed internally while looking up the room", nextRetry, true},
	"InternalError.GetRoomFromCacheError": {"TRTC failed internally while reading the room", nextRetry, true},
	"InternalError.HttpParaseFalied":      {"TRTC failed internally while reading the request", nextRetry, true},
	"InternalError.InterfaceErr":          {"TRTC's API failed internally", nextRetry, true},
	"InternalError.MethodErr":             {"TRTC refused the request method", nextReport, false},

	// InvalidParameter.* / InvalidParameterValue.*: a value quell sent.
	"InvalidParameter":                    {"TRTC rejected a parameter", "check the room and user IDs", false},
	"InvalidParameter.RoomId":             {"TRTC rejected the room ID", nextRoomID, false},
	"InvalidParameterValue.RoomId":        {"TRTC rejected the room ID's value", nextRoomID, false},
	"InvalidParameter.SdkAppId":           {"TRTC rejected the SDKAppID", nextAppID, false},
	"InvalidParameter.UserId":             {"TRTC rejected the user ID", "check the user ID", false},
	"InvalidParameter.UserIds":            {"TRTC rejected the list of user IDs", "check the user IDs (at most 10 per kick)", false},
	"InvalidParameter.UserIdsMorethanSix": {"more than 6 user IDs were asked about at once", nextReport, false},
	"InvalidParameter.PageNumber":         {"TRTC rejected the page number", nextReport, false},
	"InvalidParameter.PageSize":           {"TRTC rejected the page size", nextReport, false},
	"InvalidParameter.PageSizeOversize":   {"a page of more than 100 was asked for", nextReport, false},
	"InvalidParameter.QueryScaleOversize": {"the time span asked for is too long", nextReport, false},
	"InvalidParameter.StartTs":            {"TRTC rejected the start of the time span", "check this machine's clock", false},
	"InvalidParameter.EndTs":              {"TRTC rejected the end of the time span", "check this machine's clock", false},
	"InvalidParameter.StartTsOversize":    {"the start of the time span is further back than TRTC keeps data", "check this machine's clock", false},
	"InvalidParameter.StartTimeOversize":  {"the start of the time span is outside what this app's dashboard edition keeps", nextHistory, false},
	"InvalidParameter.BodyParamsError":    {"TRTC could not parse the request body", nextReport, false},
	"InvalidParameter.UrlParamsError":     {"TRTC could not parse the request's URL parameters", nextReport, false},
	"InvalidParameter.EncodeParams":       {"TRTC rejected the request's encoding", nextReport, false},

	// MissingParameter.*: a field quell should always send.
	"MissingParameter.RoomId":           {"the room ID was missing", nextReport, false},
	"MissingParameter.SdkAppId":         {"the SDKAppID was missing", nextReport, false},
	"MissingParameter.AppId":            {"the SDKAppID was missing", nextReport, false},
	"MissingParameter.UserId":           {"the user ID was missing", nextReport, false},
	"MissingParameter.UserIds":          {"the user IDs were missing", nextReport, false},
	"MissingParameter.CommId":           {"the call ID (CommId) was missing", nextReport, false},
	"MissingParameter.CommIdOrSdkAppId": {"the SDKAppID or call ID (CommId) was missing", nextReport, false},
	"MissingParameter.StartTs":          {"the start of the time span was missing", nextReport, false},
	"MissingParameter.EndTs":            {"the end of the time span was missing", nextReport, false},
	"MissingParameter.RoomNum":          {"the room number was missing", nextReport, false},
	"UnauthorizedOperation.SdkAppId":    {"this API key may not manage this SDKAppID", "use the key of the account that owns the app, or grant it access", false},
}

// userLeft reports whether code says the user is not in the room: a per-user
// outcome, never a retry.
func userLeft(code string) bool {
	return code == "FailedOperation.UserNotExist" || code == "InternalError.UserNotExist"
}

// explain finds the words for code: exact first, then its family
// (RequestLimitExceeded.*, InternalError.*, InvalidParameter.*, ...).
func explain(code string) (explanation, bool) {
	if x, ok := codes[code]; ok {
		return x, true
	}
	for _, family := range []string{"RequestLimitExceeded", "InternalError", "InvalidParameter", "MissingParameter"} {
		if strings.HasPrefix(code, family+".") {
			return codes[family], true
		}
	}
	if strings.HasPrefix(code, "InvalidParameterValue.") {
		return codes["InvalidParameter"], true
	}
	return explanation{}, false
}

// maxMessage caps a vendor message kept in an error.
const maxMessage = 300

// convertError turns the SDK's errors into quell's: TRTC codes become
// *backend.VendorError; network failures pass through unchanged so
// backend.Retryable sees them; a non-200 answer becomes an HTTP VendorError.
func convertError(call string, err error) error {
	var st *statusError
	if errors.As(err, &st) {
		return &backend.VendorError{Provider: backend.TRTC, Call: call, Code: fmt.Sprintf("HTTP %d", st.status),
			Message: textsafe.Truncate(st.body, 120), HTTPStatus: st.status,
			Meaning: "the TRTC gateway failed", NextStep: nextRetry, Retryable: st.status >= 500 || st.status == 429}
	}
	if ve := backend.AnswerTooLarge(backend.TRTC, call, err); ve != nil {
		return ve
	}
	var ne *notEnvelopeError
	if errors.As(err, &ne) {
		return &backend.VendorError{Provider: backend.TRTC, Call: call, Code: "bad-answer", Message: textsafe.Truncate(ne.head, 120),
			Meaning: "TRTC answered with something that is not its JSON envelope", NextStep: "check the endpoint points at TRTC API 3.0"}
	}
	var se *tcerr.TencentCloudSDKError
	if !errors.As(err, &se) {
		return err
	}
	if se.Code == "ClientError.NetworkError" {
		if cause := se.Unwrap(); cause != nil {
			return cause
		}
	}
	ve := &backend.VendorError{Provider: backend.TRTC, Call: call, Code: se.Code, RequestID: se.RequestId,
		Message: textsafe.Truncate(se.Message, maxMessage)}
	if x, ok := explain(se.Code); ok {
		ve.Meaning, ve.NextStep, ve.Retryable = x.meaning, x.next, x.retryable
	} else if strings.HasPrefix(se.Code, "ClientError.") {
		ve.Meaning = "quell could not read TRTC's answer"
		ve.NextStep = "check the endpoint points at TRTC API 3.0"
	}
	return ve
}
