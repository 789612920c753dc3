package tencentchat

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// TestAnswerLargerThanTheBoundIsRefused: an endpoint answering more than
// backend.MaxAnswerBytes (here a member list that never ends) gets a clear
// error instead of being read whole.
func TestAnswerLargerThanTheBoundIsRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"MemberNum":1,"MemberList":[`))
		chunk := []byte(strings.Repeat(`{"Member_Account":"u","Role":"Member"},`, 1000))
		for sent := 0; sent < 64<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	c, err := New(Options{Name: "chat", SDKAppID: wireApp, Admin: wireAdmin, SecretKey: wireKey, Endpoint: srv.URL + "/", Group: true},
		backend.Deps{Now: func() time.Time { return t1 }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListMembers(context.Background(), "@TGS#1")
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "answer-too-large" || !strings.Contains(err.Error(), "answer larger than 8 MB refused") {
		t.Fatalf("err = %v", err)
	}
}
