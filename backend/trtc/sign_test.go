package trtc

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/quell-console/quell/backend"
)

// tc3Sign is the test's own TC3-HMAC-SHA256, written from providers.md, to
// check both the vectors and what the SDK actually sends.
func tc3Sign(secretKey, svc, contentType, host string, ts int64, body string) string {
	h := func(s string) string { x := sha256.Sum256([]byte(s)); return hex.EncodeToString(x[:]) }
	mac := func(key []byte, msg string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	canonical := "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n" + h(body)
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	toSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(ts, 10) + "\n" + date + "/" + svc + "/tc3_request\n" + h(canonical)
	k := mac(mac(mac([]byte("TC3"+secretKey), date), svc), "tc3_request")
	return hex.EncodeToString(mac(k, toSign))
}

func TestTC3Vectors(t *testing.T) {
	cvm := tc3Sign("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", "application/json; charset=utf-8", "cvm.tencentcloudapi.com", 1551113065,
		`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`)
	if cvm != "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168" {
		t.Errorf("CVM vector: %s", cvm)
	}
	trtc := tc3Sign("SECRETKEYEXAMPLE", "trtc", "application/json", "trtc.tencentcloudapi.com", 1700000000, `{"RoomId":"room-1","SdkAppId":1400000001}`)
	if trtc != "b90d1f72c3313b3362c15bb50badd391ab44fc4574547d36ca01f056419ca615" {
		t.Errorf("TRTC vector: %s", trtc)
	}
}

// captureTransport records one request and answers an empty success.
type captureTransport struct {
	req  *http.Request
	body string
}

func (c *captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(r.Body)
	c.req, c.body = r, string(b)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"Response":{"RequestId":"r-1"}}`)), Request: r}, nil
}

// TestSDKSignsTheTRTCVector pins the SDK's timestamp (a request header
// overrides the one it stamps) and checks the signature it sends is the
// TRTC vector's.
func TestSDKSignsTheTRTCVector(t *testing.T) {
	capture := &captureTransport{}
	c, err := New(Options{Name: "v", SDKAppID: 1400000001, Region: "ap-singapore", StringRoomIDs: true,
		SecretID: "AKIDEXAMPLE", SecretKey: "SECRETKEYEXAMPLE"}, backend.Deps{HTTP: &http.Client{Transport: capture}})
	if err != nil {
		t.Fatal(err)
	}
	// The vector's body has RoomId before SdkAppId.
	req := &struct {
		*tchttp.BaseRequest
		RoomId   string `json:"RoomId"`
		SdkAppId uint64 `json:"SdkAppId"`
	}{BaseRequest: base(t.Context(), "DismissRoomByStrRoomId"), RoomId: "room-1", SdkAppId: 1400000001}
	req.SetHeader(map[string]string{"X-TC-Timestamp": "1700000000"})
	if err := c.sdk.Send(req, &ackResponse{BaseResponse: &tchttp.BaseResponse{}}); err != nil {
		t.Fatal(err)
	}
	if capture.body != `{"RoomId":"room-1","SdkAppId":1400000001}` {
		t.Fatalf("body %s", capture.body)
	}
	if capture.req.Host != "trtc.tencentcloudapi.com" || capture.req.URL.Scheme != "https" {
		t.Fatalf("sent to %s://%s", capture.req.URL.Scheme, capture.req.Host)
	}
	want := "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/trtc/tc3_request, SignedHeaders=content-type;host, " +
		"Signature=b90d1f72c3313b3362c15bb50badd391ab44fc4574547d36ca01f056419ca615"
	if got := capture.req.Header.Get("Authorization"); got != want {
		t.Fatalf("Authorization\n got %s\nwant %s", got, want)
	}
}
