package zego

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/quell-console/quell/backend"
)

// endlessAnswer serves a JSON envelope whose list never ends (up to 64 MB)
// and counts what it managed to write.
func endlessAnswer(t *testing.T, head string) (*httptest.Server, *atomic.Int64) {
	var wrote atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := w.Write([]byte(head))
		wrote.Add(int64(n))
		chunk := []byte(strings.Repeat(`{"UserId":"u","UserName":"n"},`, 1000))
		for wrote.Load() < 64<<20 {
			n, err := w.Write(chunk)
			wrote.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &wrote
}

// TestAnswerLargerThanTheBoundIsRefused: an endpoint answering more than
// backend.MaxAnswerBytes gets a clear error, and quell stops reading.
func TestAnswerLargerThanTheBoundIsRefused(t *testing.T) {
	srv, _ := endlessAnswer(t, `{"Code":0,"Message":"success","RequestId":"r","NextFlag":"","UserList":[`)
	c := pinned(t, srv, false)
	_, err := c.ListMembers(context.Background(), "lobby")
	var ve *backend.VendorError
	if !errors.As(err, &ve) || ve.Code != "answer-too-large" || !strings.Contains(err.Error(), "answer larger than 8 MB refused") {
		t.Fatalf("err = %v", err)
	}
}
