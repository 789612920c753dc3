package tencentchat

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact/redacttest"
)

// TestEchoedSecretsInEveryEncoding: an endpoint echoes the request URL (its
// UserSig) and the SecretKey, percent-encoded, JSON-escaped or in base64, in
// ErrorInfo, in a per-user ResultInfo and in a gateway page. No error, no
// vendor message and no body quell keeps may hold any form of either.
func TestEchoedSecretsInEveryEncoding(t *testing.T) {
	const key = "b7f5e6ec1b1b4e8a9c1d2f3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b"
	for _, enc := range redacttest.Encodings {
		t.Run(enc.Name, func(t *testing.T) {
			var sig string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sig = r.URL.Query().Get("usersig")
				echo := enc.Encode("POST " + r.URL.String() + " with key " + key)
				quoted, _ := json.Marshal(echo)
				switch r.URL.Path {
				case "/v4/sns/black_list_get":
					w.WriteHeader(http.StatusBadGateway)
					_, _ = io.WriteString(w, "<html>bad gateway for "+echo+"</html>")
				case "/v4/group_open_http_svc/destroy_group":
					fmt.Fprintf(w, `{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":%s,"ErrorDisplay":%s}`, quoted, quoted)
				case "/v4/sns/black_list_add":
					fmt.Fprintf(w, `{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"To_Account":"x","ResultCode":30002,"ResultInfo":%s}]}`, quoted)
				}
			}))
			defer srv.Close()
			c, err := New(Options{Name: "echo", SDKAppID: 1400000009, Admin: "administrator", SecretKey: key, Endpoint: srv.URL, Group: true}, backend.Deps{})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			var shown []string
			show := func(err error) {
				if err == nil {
					t.Fatal("no error")
				}
				shown = append(shown, err.Error(), fmt.Sprintf("%+v", err))
				ve := backend.AsVendorError(backend.TencentChat, "x", err)
				shown = append(shown, ve.Message, ve.RequestID, ve.Code)
				var he *backend.HTTPStatusError
				if asHTTP(err, &he) {
					shown = append(shown, he.Body)
				}
			}
			_, err = c.ListBlacklist(ctx, "owner")
			show(err)
			_, err = c.call(ctx, svcGroup, "destroy_group", map[string]any{"GroupId": "g"}, nil)
			show(err)
			p, err := c.Plan(backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "o", Users: []string{"x"}})
			if err != nil {
				t.Fatal(err)
			}
			show(p.Exec(ctx, []string{"x"}).Failed["x"])
			if sig == "" {
				t.Fatal("the server saw no UserSig")
			}
			for _, s := range shown {
				for name, secret := range map[string]string{"UserSig": sig, "SecretKey": key} {
					if leaks := redacttest.Leaks(s, secret); len(leaks) > 0 {
						t.Errorf("%s as %v in %q", name, leaks, s)
					}
				}
			}
		})
	}
}
