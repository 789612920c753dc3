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
	nextKey    = "check secret_id and secret_key in the config (or TENCENTCLOUD_SECRET_ID/KEY)"
	nextClock  = "set this machine's clock right (NTP): requests must be within 5 minutes of Tencent's time"
	nextRetry  = "retry in a moment"
	nextReport = "this is a quell bug: report it with the RequestId"
	nextRegion = "set region to ap-singapore, ap-guangzhou or ap-beijing"
)

// codes maps every TRTC code quell expects (providers.md §1) to words.
var codes = map[string]explanation{
	"AuthFailure.SignatureFailure":          {"Tencent rejected the request signature", nextKey, false},
	"AuthFailure.SignatureExpire":           {"the request's timestamp is too far from Tencent's clock", nextClock, false},
	"AuthFailure.SecretIdNotFound":          {"Tencent does not know this SecretId", nextKey + "; the key may have been deleted or disabled", false},
	"AuthFailure.UnauthorizedOperation":     {"this API key may not manage TRTC", "grant the key's CAM user TRTC permissions", false},
	"AuthFailure.InvalidAuthorization":      {"the Authorization header was malformed", nextReport, false},
	"AuthFailure.TokenFailure":              {"the temporary credential token is invalid or expired", "renew the temporary credentials", false},
	"RequestLimitExceeded":                  {"too many calls per second for this app", nextRetry + "; lower rate_limits if it persists", true},
	"RequestLimitExceeded.IPLimitExceeded":  {"too many calls per second from this IP address", nextRetry, true},
	"RequestLimitExceeded.UinLimitExceeded": {"too many calls per second for this Tencent Cloud account", nextRetry, true},
	"InternalError":                         {"TRTC failed internally", nextRetry, true},
	"InvalidParameter":                      {"TRTC rejected a parameter", "check the room and user IDs", false},
	"InvalidParameter.RoomId":               {"TRTC rejected the room ID", "check the room ID and the app's room_ids (numeric or string)", false},
	"InvalidParameter.UserId":               {"TRTC rejected the user ID", "check the user ID", false},
	"InvalidParameter.UserIds":              {"TRTC rejected the list of user IDs", "check the user IDs (at most 10 per kick)", false},
	"InvalidParameter.PageSizeOversize":     {"a page of more than 100 was asked for", nextReport, false},
	"InvalidParameter.QueryScaleOversize":   {"the time span asked for is too long", nextReport, false},
	"MissingParameter":                      {"a required parameter was missing", nextReport, false},
	"UnknownParameter":                      {"TRTC did not recognise a parameter", nextReport, false},
	"UnsupportedRegion":                     {"TRTC room management is not offered in this region", nextRegion, false},
	"InvalidAction":                         {"TRTC does not offer this action here", "check the endpoint: the international site is https://trtc.intl.tencentcloudapi.com", false},
	"FailedOperation.RoomNotExist":          {"the room does not exist or has closed", "refresh the room list", false},
	"FailedOperation.UserNotExist":          {"the user is not in the room (they left)", "refresh the member list", false},
	"FailedOperation.SdkAppIdNotExist":      {"Tencent does not know this SDKAppID", "check sdk_app_id in the config", false},
	"UnauthorizedOperation.SdkAppId":        {"this API key may not manage this SDKAppID", "use the key of the account that owns the app, or grant it access", false},
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
