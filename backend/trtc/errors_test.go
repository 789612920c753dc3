package trtc

import (
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"

	"github.com/quell-console/quell/backend"
)

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		code      string
		retryable bool
		meaning   string // a word the meaning must hold; "" = none expected
	}{
		{"AuthFailure.SignatureFailure", false, "signature"},
		{"AuthFailure.SignatureExpire", false, "clock"},
		{"AuthFailure.SecretIdNotFound", false, "SecretId"},
		{"AuthFailure.UnauthorizedOperation", false, "key"},
		{"RequestLimitExceeded", true, "per second"},
		{"RequestLimitExceeded.IPLimitExceeded", true, "IP"},
		{"RequestLimitExceeded.UinLimitExceeded", true, "account"},
		{"RequestLimitExceeded.SomethingNew", true, "per second"},
		{"InternalError", true, "internally"},
		{"InternalError.DBError", true, "internally"},
		{"InvalidParameter", false, "parameter"},
		{"InvalidParameter.RoomId", false, "room"},
		{"InvalidParameter.UserId", false, "user"},
		{"InvalidParameter.UserIds", false, "user"},
		{"InvalidParameter.PageSizeOversize", false, "100"},
		{"InvalidParameter.QueryScaleOversize", false, "span"},
		{"MissingParameter", false, "missing"},
		{"UnknownParameter", false, "recognise"},
		{"UnsupportedRegion", false, "region"},
		{"InvalidAction", false, "action"},
		{"FailedOperation.RoomNotExist", false, "room"},
		{"FailedOperation.UserNotExist", false, "left"},
		{"FailedOperation.SdkAppIdNotExist", false, "SDKAppID"},
		{"UnauthorizedOperation.SdkAppId", false, "SDKAppID"},
		{"ResourceUnavailable.Whatever", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			err := convertError("SetUserBlocked", tcerr.NewTencentCloudSDKError(tc.code, "raw \x1b]0;title\x07text", "rid-1"))
			var ve *backend.VendorError
			if !errors.As(err, &ve) {
				t.Fatalf("%T", err)
			}
			if ve.Provider != backend.TRTC || ve.Call != "SetUserBlocked" || ve.Code != tc.code || ve.RequestID != "rid-1" {
				t.Fatalf("%+v", ve)
			}
			if ve.Retryable != tc.retryable || backend.Retryable(err) != tc.retryable {
				t.Fatalf("retryable %v, want %v", ve.Retryable, tc.retryable)
			}
			if strings.ContainsAny(ve.Message, "\x1b\x07") || !strings.Contains(ve.Message, "raw") {
				t.Fatalf("message %q", ve.Message)
			}
			switch {
			case tc.meaning == "" && ve.Meaning != "":
				t.Fatalf("unknown code got a meaning: %q", ve.Meaning)
			case tc.meaning != "" && (!strings.Contains(ve.Meaning+" "+ve.NextStep, tc.meaning) || ve.NextStep == ""):
				t.Fatalf("meaning %q / next %q lacks %q", ve.Meaning, ve.NextStep, tc.meaning)
			}
		})
	}
}

func TestNetworkCausePassesThrough(t *testing.T) {
	cause := &url.Error{Op: "Post", URL: "https://trtc.tencentcloudapi.com/", Err: &net.OpError{Op: "dial", Err: syscall.ECONNRESET}}
	err := convertError("DismissRoom", tcerr.NewTencentCloudSDKErrorWithCause("ClientError.NetworkError", "Fail to get response", "", cause))
	if err != error(cause) || !backend.Retryable(err) {
		t.Fatalf("got %#v", err)
	}
	st := &url.Error{Op: "Post", URL: "x", Err: &statusError{status: 503, body: "busy"}}
	err = convertError("DismissRoom", tcerr.NewTencentCloudSDKErrorWithCause("ClientError.NetworkError", "Fail to get response", "", st))
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "HTTP 503" || !backend.Retryable(err) {
		t.Fatalf("got %#v", err)
	}
}

// documentedCodes is every error code the SDK lists for each action quell
// calls: tencentcloud-sdk-go-intl-en tencentcloud/trtc/v20190722/client.go
// (the comment block above each action; SetUserBlocked* exist only there),
// the same file of tencentcloud-sdk-go for the rest, meanings from errors.go.
var documentedCodes = map[string][]string{
	"SetUserBlocked": {"FailedOperation.RoomNotExist", "FailedOperation.SdkAppIdNotExist", "FailedOperation.UserNotExist", "InternalError",
		"InternalError.UserNotExist", "InvalidParameter", "InvalidParameter.RoomId", "InvalidParameter.SdkAppId", "InvalidParameter.UserId",
		"InvalidParameterValue.RoomId", "MissingParameter.RoomId", "MissingParameter.SdkAppId", "UnauthorizedOperation.SdkAppId"},
	"SetUserBlockedByStrRoomId": {"FailedOperation.RoomNotExist", "FailedOperation.SdkAppIdNotExist", "FailedOperation.UserNotExist", "InternalError",
		"InvalidParameter", "InvalidParameter.RoomId", "InvalidParameter.SdkAppId", "InvalidParameter.UserId", "MissingParameter", "MissingParameter.AppId",
		"MissingParameter.RoomId", "MissingParameter.SdkAppId", "MissingParameter.UserId", "UnauthorizedOperation.SdkAppId"},
	"DismissRoom": {"FailedOperation.RoomNotExist", "InternalError", "InternalError.GetRoomCacheIpError", "InternalError.GetRoomFromCacheError",
		"InvalidParameter.RoomId", "InvalidParameter.SdkAppId", "InvalidParameterValue.RoomId", "MissingParameter.RoomId", "MissingParameter.SdkAppId",
		"UnauthorizedOperation.SdkAppId"},
	"DismissRoomByStrRoomId": {"FailedOperation.RoomNotExist", "InternalError", "InternalError.GetRoomCacheIpError", "InvalidParameter.RoomId",
		"InvalidParameter.SdkAppId", "InvalidParameterValue.RoomId", "MissingParameter.RoomId", "MissingParameter.SdkAppId", "UnauthorizedOperation.SdkAppId"},
	"RemoveUser": {"FailedOperation.RoomNotExist", "InternalError", "InternalError.GetRoomCacheIpError", "InternalError.GetRoomFromCacheError",
		"InvalidParameter.RoomId", "InvalidParameter.SdkAppId", "InvalidParameter.UserIds", "InvalidParameterValue.RoomId", "MissingParameter.RoomId",
		"MissingParameter.SdkAppId", "MissingParameter.UserIds", "UnauthorizedOperation.SdkAppId"},
	"RemoveUserByStrRoomId": {"FailedOperation.RoomNotExist", "InternalError", "InternalError.GetRoomCacheIpError", "InvalidParameter.RoomId",
		"InvalidParameter.SdkAppId", "InvalidParameter.UserIds", "InvalidParameterValue.RoomId", "MissingParameter.RoomId", "MissingParameter.SdkAppId",
		"MissingParameter.UserIds", "UnauthorizedOperation.SdkAppId"},
	"DescribeRoomInfo": {"InternalError", "InternalError.DBError", "InternalError.EsQueryError", "InternalError.HttpParaseFalied",
		"InternalError.InterfaceErr", "InternalError.MethodErr", "InvalidParameter.BodyParamsError", "InvalidParameter.EndTs", "InvalidParameter.PageNumber",
		"InvalidParameter.PageSize", "InvalidParameter.PageSizeOversize", "InvalidParameter.QueryScaleOversize", "InvalidParameter.SdkAppId",
		"InvalidParameter.StartTimeOversize", "InvalidParameter.StartTs", "InvalidParameter.StartTsOversize", "InvalidParameter.UrlParamsError",
		"InvalidParameter.UserId", "MissingParameter.CommIdOrSdkAppId", "MissingParameter.EndTs", "MissingParameter.RoomNum", "MissingParameter.SdkAppId",
		"MissingParameter.StartTs"},
	"DescribeUserInfo": {"InternalError", "InternalError.DBError", "InternalError.HttpParaseFalied", "InternalError.InterfaceErr",
		"InternalError.MethodErr", "InvalidParameter", "InvalidParameter.BodyParamsError", "InvalidParameter.EncodeParams", "InvalidParameter.PageNumber",
		"InvalidParameter.PageSize", "InvalidParameter.PageSizeOversize", "InvalidParameter.QueryScaleOversize", "InvalidParameter.SdkAppId",
		"InvalidParameter.StartTimeOversize", "InvalidParameter.StartTs", "InvalidParameter.StartTsOversize", "InvalidParameter.UserIdsMorethanSix",
		"MissingParameter", "MissingParameter.CommId", "MissingParameter.CommIdOrSdkAppId", "MissingParameter.EndTs", "MissingParameter.SdkAppId",
		"MissingParameter.StartTs"},
}

// TestEveryDocumentedCodeIsExplained: each code gets its own entry (not a
// family's words), a meaning and a next step. Only InternalError.* other
// than UserNotExist and MethodErr is worth a retry.
func TestEveryDocumentedCodeIsExplained(t *testing.T) {
	for action, list := range documentedCodes {
		for _, code := range list {
			x, ok := codes[code]
			if !ok || x.meaning == "" || x.next == "" {
				t.Errorf("%s %s: no explanation of its own", action, code)
				continue
			}
			wantRetry := strings.HasPrefix(code, "InternalError") && code != "InternalError.UserNotExist" && code != "InternalError.MethodErr"
			if x.retryable != wantRetry {
				t.Errorf("%s %s: retryable %v", action, code, x.retryable)
			}
			err := convertError(action, tcerr.NewTencentCloudSDKError(code, "m", "rid"))
			var ve *backend.VendorError
			if !errors.As(err, &ve) || ve.Meaning != x.meaning || ve.NextStep != x.next || backend.Retryable(err) != wantRetry {
				t.Errorf("%s %s: converted to %#v", action, code, err)
			}
		}
	}
}

// TestUserNotExistCodesSayLeft: both "not in the room" codes read as the
// user having left, with no retry.
func TestUserNotExistCodesSayLeft(t *testing.T) {
	for _, code := range []string{"FailedOperation.UserNotExist", "InternalError.UserNotExist"} {
		err := convertError("SetUserBlocked", tcerr.NewTencentCloudSDKError(code, "The user is not in the room.", "r"))
		var ve *backend.VendorError
		if !errors.As(err, &ve) || !strings.Contains(ve.Meaning, "left") || backend.Retryable(err) || !userLeft(code) {
			t.Errorf("%s: %#v", code, err)
		}
	}
}
