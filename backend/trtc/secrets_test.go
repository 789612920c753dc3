package trtc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/quell-console/quell/backend"
)

const leakKey = "LEAKYsecretKEY0123456789"

// echoAuth answers with the request's Authorization header inside its body,
// as a misbehaving proxy's error page might, and remembers the signatures
// it saw.
type echoAuth struct {
	mode string
	mu   sync.Mutex
	sigs []string
}

func (e *echoAuth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	_, sig, _ := strings.Cut(auth, "Signature=")
	e.mu.Lock()
	e.sigs = append(e.sigs, sig)
	e.mu.Unlock()
	switch e.mode {
	case "502":
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, "<html>bad gateway: %s</html>", auth)
	case "html":
		fmt.Fprintf(w, "<html>proxy saw %s</html>", auth)
	case "message":
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad %s"},"RequestId":"r1"}}`, auth)
	}
}

func errText(err error) string {
	s := fmt.Sprint(err)
	var ve *backend.VendorError
	if errors.As(err, &ve) {
		s += " message=" + ve.Message
	}
	return s
}

// TestNoSecretOrSignatureInErrorsLogsOrStrings drives every path by which
// text reaches an error, a log line or a String(), and looks for the
// SecretKey and the TC3 signature of each request sent.
func TestNoSecretOrSignatureInErrorsLogsOrStrings(t *testing.T) {
	var texts []string
	var echoes []*echoAuth
	for _, mode := range []string{"502", "html", "message"} {
		e := &echoAuth{mode: mode}
		echoes = append(echoes, e)
		srv := httptest.NewServer(e)
		c, err := New(Options{Name: "t", SDKAppID: 1400000001, Region: "ap-singapore", SecretID: "AKIDleak", SecretKey: leakKey, Endpoint: srv.URL},
			backend.Deps{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListRooms(context.Background())
		texts = append(texts, mode+" list: "+errText(err))
		p, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "42", Users: []string{"u"}})
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, mode+" exec: "+errText(p.Exec(context.Background(), []string{"u"}).Err))
		srv.Close()
	}
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	c, _ := New(Options{Name: "t", SDKAppID: 1400000001, Region: "ap-singapore", SecretID: "AKIDleak", SecretKey: leakKey, Endpoint: gone.URL}, backend.Deps{})
	_, err := c.ListRooms(context.Background())
	texts = append(texts, "gone: "+errText(err))
	_, err = New(Options{Name: "t", SDKAppID: 1, Region: "ap-singapore", SecretKey: leakKey}, backend.Deps{})
	texts = append(texts, "half a key pair: "+errText(err))

	opts := Options{Name: "t", SDKAppID: 1400000001, Region: "ap-singapore", SecretID: "AKIDleak", SecretKey: leakKey}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "opts", opts, "client", c)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "opts", opts, "client", c)
	texts = append(texts, fmt.Sprintf("%v|%+v|%#v|%s|%v|%+v", opts, opts, opts, opts, c, c), logs.String())

	for _, s := range texts {
		if strings.Contains(s, leakKey) {
			t.Errorf("SecretKey leaked: %s", s)
		}
		for _, e := range echoes {
			for _, sig := range e.sigs {
				if sig != "" && strings.Contains(s, sig) {
					t.Errorf("signature leaked: %s", s)
				}
			}
		}
	}
	if !strings.Contains(texts[0], "HTTP 502") {
		t.Errorf("the redaction must not hide what went wrong: %s", texts[0])
	}
}
