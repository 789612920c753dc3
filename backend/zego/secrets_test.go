package zego

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

const leakSecret = "9193cc662a4c0ec135ec71fb57194b38"

// echo answers with the request's own URL inside its body, as some proxies'
// error pages do. ZEGO's signature covers neither the action nor its
// parameters, so a signature that reached a log could be replayed for any
// action within ten minutes: it must not.
type echo struct{ mode string }

func (e echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch e.mode {
	case "502":
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprintf(w, "<html>bad gateway for %s</html>", r.URL.String())
	case "html":
		fmt.Fprintf(w, "<html>proxy saw %s</html>", r.URL.String())
	case "message":
		fmt.Fprintf(w, `{"Code":100000005,"Message":"bad signature in %s","RequestId":"r1"}`, r.URL.RawQuery)
	}
}

// errText is err's message and the vendor text it carries for display.
func errText(err error) string {
	s := fmt.Sprint(err)
	var ve *backend.VendorError
	if errors.As(err, &ve) {
		s += " message=" + ve.Message
	}
	var he *backend.HTTPStatusError
	if errors.As(err, &he) {
		s += " body=" + he.Body
	}
	return s
}

// TestNoSecretOrSignatureInErrorsLogsOrStrings drives every path by which
// text reaches an error, a log line or a String(), and looks for the
// ServerSecret and the signature of the request that was sent.
func TestNoSecretOrSignatureInErrorsLogsOrStrings(t *testing.T) {
	var logs bytes.Buffer
	deps := func(srv *httptest.Server) backend.Deps {
		return backend.Deps{Now: func() time.Time { return fixedNow }, HTTP: srv.Client(),
			Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), State: failingState{backend.NewMemoryState()}}
	}
	// With the nonce and clock pinned, this is the signature of every request.
	sig := Sign(12345, "4fd24687296dd9f3", leakSecret, fixedNow.Unix())
	var texts []string
	for _, mode := range []string{"502", "html", "message"} {
		srv := httptest.NewServer(echo{mode})
		c, err := New(Options{Name: "zg", AppID: 12345, ServerSecret: leakSecret, Endpoint: srv.URL, Operator: "op", Group: true}, deps(srv))
		if err != nil {
			t.Fatal(err)
		}
		c.nonce = func() string { return "4fd24687296dd9f3" }
		_, err = c.ListMembers(context.Background(), "g")
		texts = append(texts, mode+" list: "+errText(err))
		p, err := c.Plan(backend.ActionRequest{Kind: backend.ActMute, Room: "g", Users: []string{"u"}, Duration: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		res := p.Exec(context.Background(), []string{"u"})
		texts = append(texts, mode+" exec: "+errText(res.Err))
		srv.Close()
	}
	// A URL that no longer parses: the parse error would quote it whole.
	c, err := New(Options{Name: "zg", AppID: 12345, ServerSecret: leakSecret, Operator: "op", Group: true}, backend.Deps{Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	c.nonce = func() string { return "4fd24687296dd9f3" }
	c.endpoint = "http://[::1/"
	_, err = c.ListBlacklist(context.Background(), "owner")
	texts = append(texts, "bad url: "+errText(err))
	// A server that is gone: the transport error names the URL.
	gone := httptest.NewServer(echo{"html"})
	gone.Close()
	c2, _ := New(Options{Name: "zg", AppID: 12345, ServerSecret: leakSecret, Endpoint: gone.URL}, backend.Deps{Now: func() time.Time { return fixedNow }})
	c2.nonce = func() string { return "4fd24687296dd9f3" }
	_, err = c2.ListBlacklist(context.Background(), "owner")
	texts = append(texts, "gone: "+errText(err))

	opts := Options{Name: "zg", AppID: 12345, ServerSecret: leakSecret}
	texts = append(texts, fmt.Sprintf("%v|%+v|%#v|%s|%v|%+v", opts, opts, opts, opts, c, c), logs.String())
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "opts", opts, "client", c)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "opts", opts, "client", c)
	texts = append(texts, logs.String())

	for _, s := range texts {
		if strings.Contains(s, leakSecret) || strings.Contains(s, sig) {
			t.Errorf("secret or signature leaked: %s", s)
		}
	}
	if !strings.Contains(texts[0], "HTTP 502") && !strings.Contains(texts[0], "502") {
		t.Errorf("the redaction must not hide what went wrong: %s", texts[0])
	}
}

// failingState makes every mute record fail, so the warning log line runs.
type failingState struct{ *backend.MemoryState }

func (failingState) SetGroupMute(string, string, string, time.Time, string, time.Time) error {
	return fmt.Errorf("disk full")
}

func (failingState) GroupMutes(string, string) (map[string]time.Time, error) { return nil, nil }
