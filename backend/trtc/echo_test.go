package trtc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact/redacttest"
)

// TestEchoedSecretsInEveryEncoding: an endpoint echoes the request's
// Authorization header (the SecretId and the TC3 signature) and the
// SecretKey in each encoding, in an error Message and in a gateway page.
// No error, message or RequestId quell keeps may hold any form of them.
func TestEchoedSecretsInEveryEncoding(t *testing.T) {
	const secretID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	for _, enc := range redacttest.Encodings {
		for _, mode := range []string{"message", "502"} {
			t.Run(enc.Name+"/"+mode, func(t *testing.T) {
				var mu sync.Mutex
				var sigs []string
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					auth := r.Header.Get("Authorization")
					_, sig, _ := strings.Cut(auth, "Signature=")
					mu.Lock()
					sigs = append(sigs, sig)
					mu.Unlock()
					echo := enc.Encode("Authorization: " + auth + " key " + leakKey)
					if mode == "502" {
						w.WriteHeader(http.StatusBadGateway)
						fmt.Fprintf(w, "<html>%s</html>", echo)
						return
					}
					quoted, _ := json.Marshal("bad request " + echo)
					fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":%s},"RequestId":"r1"}}`, quoted)
				}))
				defer srv.Close()
				c, err := New(Options{Name: "t", SDKAppID: 1400000001, Region: "ap-singapore", SecretID: secretID, SecretKey: leakKey, Endpoint: srv.URL}, backend.Deps{})
				if err != nil {
					t.Fatal(err)
				}
				var shown []string
				show := func(err error) {
					ve := backend.AsVendorError(backend.TRTC, "x", err)
					shown = append(shown, fmt.Sprint(err), ve.Message, ve.RequestID)
				}
				_, err = c.ListRooms(context.Background())
				show(err)
				p, err := c.Plan(backend.ActionRequest{Kind: backend.ActKick, Room: "42", Users: []string{"u"}})
				if err != nil {
					t.Fatal(err)
				}
				show(p.Exec(context.Background(), []string{"u"}).Err)
				mu.Lock()
				defer mu.Unlock()
				secrets := map[string]string{"SecretId": secretID, "SecretKey": leakKey}
				for i, sig := range sigs {
					secrets[fmt.Sprintf("signature %d", i)] = sig
				}
				for _, s := range shown {
					for name, secret := range secrets {
						if leaks := redacttest.Leaks(s, secret); len(leaks) > 0 {
							t.Errorf("%s as %v in %q", name, leaks, s)
						}
					}
				}
			})
		}
	}
}
