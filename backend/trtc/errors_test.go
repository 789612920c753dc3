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
