package trtc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// TestAnswerLargerThanTheBoundIsRefused: the SDK reads TRTC's answer
// itself; quell's transport refuses one past backend.MaxAnswerBytes, whether
// it says its length up front or streams without end.
func TestAnswerLargerThanTheBoundIsRefused(t *testing.T) {
	for _, declared := range []bool{true, false} {
		t.Run("Content-Length "+strconv.FormatBool(declared), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				head := `{"Response":{"RequestId":"r","Pad":"`
				total := 64 << 20
				if declared {
					w.Header().Set("Content-Length", strconv.Itoa(total))
				}
				_, _ = w.Write([]byte(head))
				chunk := []byte(strings.Repeat("x", 32<<10))
				for sent := len(head); sent+len(chunk) <= total; sent += len(chunk) {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			}))
			t.Cleanup(srv.Close)
			c, err := New(Options{Name: "trtc-test", SDKAppID: 1400000001, Region: "ap-singapore",
				SecretID: "AKIDtest", SecretKey: "keytest", Endpoint: srv.URL},
				backend.Deps{Now: func() time.Time { return fixedNow }})
			if err != nil {
				t.Fatal(err)
			}
			plan, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "42", Users: []string{"alice"}})
			if err != nil {
				t.Fatal(err)
			}
			res := plan.Exec(context.Background(), []string{"alice"})
			var ve *backend.VendorError
			if !errors.As(res.Err, &ve) || ve.Code != "answer-too-large" || !strings.Contains(res.Err.Error(), "answer larger than 8 MB refused") {
				t.Fatalf("err = %v", res.Err)
			}
		})
	}
}

// TestNonObjectAnswerIsRefusedNotPanicked: the SDK panics on a bare `null`
// in HTTP 200 (a nil pointer in TryReadErr); quell's transport refuses any
// answer that is not a JSON object before the SDK reads it.
func TestNonObjectAnswerIsRefusedNotPanicked(t *testing.T) {
	for _, body := range []string{"null", " null\n", "[]", `"x"`, "42"} {
		tr := &fuzzTransport{body: []byte(body), left: 1}
		c, err := New(Options{Name: "trtc-test", SDKAppID: 1400000001, Region: "ap-singapore",
			SecretID: "AKIDtest", SecretKey: "keytest", Endpoint: "http://trtc.invalid"},
			backend.Deps{HTTP: &http.Client{Transport: tr}, Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		plan, _ := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "42", Users: []string{"a"}})
		res := plan.Exec(context.Background(), []string{"a"})
		var ve *backend.VendorError
		if !errors.As(res.Err, &ve) || ve.Code != "bad-answer" {
			t.Fatalf("answer %q: err = %v", body, res.Err)
		}
	}
}
