package zego

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact/redacttest"
)

// TestEchoedSecretsInEveryEncoding: an endpoint echoes the query (the
// Signature and SignatureNonce) and the ServerSecret in each encoding, in
// Message and in a gateway page. No error or message quell keeps may hold
// any form of them.
func TestEchoedSecretsInEveryEncoding(t *testing.T) {
	const nonce = "4fd24687296dd9f3"
	sig := Sign(12345, nonce, leakSecret, fixedNow.Unix())
	for _, enc := range redacttest.Encodings {
		for _, mode := range []string{"message", "502"} {
			t.Run(enc.Name+"/"+mode, func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					echo := enc.Encode(r.Method + " " + r.URL.String() + " secret " + leakSecret)
					if mode == "502" {
						w.WriteHeader(http.StatusBadGateway)
						fmt.Fprintf(w, "<html>%s</html>", echo)
						return
					}
					quoted, _ := json.Marshal("bad signature in " + echo)
					fmt.Fprintf(w, `{"Code":100000005,"Message":%s,"RequestId":"r1"}`, quoted)
				}))
				defer srv.Close()
				c, err := New(Options{Name: "zg", AppID: 12345, ServerSecret: leakSecret, Endpoint: srv.URL, Operator: "op", Group: true},
					backend.Deps{Now: func() time.Time { return fixedNow }, HTTP: srv.Client()})
				if err != nil {
					t.Fatal(err)
				}
				c.nonce = func() string { return nonce }
				var shown []string
				show := func(err error) {
					ve := backend.AsVendorError(backend.Zego, "x", err)
					shown = append(shown, fmt.Sprint(err), ve.Message, ve.RequestID)
					if he := (*backend.HTTPStatusError)(nil); asStatus(err, &he) {
						shown = append(shown, he.Body)
					}
				}
				if mode == "message" { // a 502 is retried with pauses: Exec alone is enough
					_, err = c.ListMembers(context.Background(), "g")
					show(err)
				}
				p, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "g", Users: []string{"u"}})
				if err != nil {
					t.Fatal(err)
				}
				show(p.Exec(context.Background(), []string{"u"}).Err)
				for _, s := range shown {
					for name, secret := range map[string]string{"ServerSecret": leakSecret, "Signature": sig, "SignatureNonce": nonce} {
						if leaks := redacttest.Leaks(s, secret); len(leaks) > 0 {
							t.Errorf("%s as %v in %q", name, leaks, s)
						}
					}
				}
			})
		}
	}
}

func asStatus(err error, target **backend.HTTPStatusError) bool {
	for err != nil {
		if he, ok := err.(*backend.HTTPStatusError); ok {
			*target = he
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}
