package tencentchat

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// A hostile or broken server (or proxy) echoes the request URL back: in a
// gateway page, in ErrorInfo, in a per-user ResultInfo. None of it, nor any
// way of printing the client, may carry the SecretKey or the UserSig.
func TestSecretsStayOutOfErrorsLogsAndStrings(t *testing.T) {
	const key = "s3cret-KEY-that-must-never-be-shown"
	var sig string
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sig = r.URL.Query().Get("usersig")
		leak := r.URL.String() + " key=" + key
		switch r.URL.Path {
		case "/v4/sns/black_list_get":
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html>bad gateway for "+leak+"</html>")
		case "/v4/group_open_http_svc/destroy_group":
			_, _ = fmt.Fprintf(w, `{"ActionStatus":"FAIL","ErrorCode":60002,"ErrorInfo":%q,"ErrorDisplay":%q}`, "cannot parse "+leak, sig)
		case "/v4/sns/black_list_add":
			_, _ = fmt.Fprintf(w, `{"ActionStatus":"OK","ErrorCode":0,"ResultItem":[{"To_Account":"x","ResultCode":30002,"ResultInfo":%q}]}`, leak)
		case "/v4/group_open_http_svc/get_appid_group_list":
			_, _ = io.WriteString(w, "not json "+leak)
		}
	})
	srv := httptest.NewServer(echo)
	defer srv.Close()
	var logs bytes.Buffer
	opts := Options{Name: "secret-app", SDKAppID: 1400000009, Admin: "admin", SecretKey: key, Endpoint: srv.URL, Group: true}
	c, err := New(opts, backend.Deps{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	var shown []string
	show := func(what string, err error) {
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		shown = append(shown, what+": "+err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		if ve := backend.AsVendorError(backend.TencentChat, what, err); ve != nil {
			shown = append(shown, fmt.Sprintf("%+v", *ve))
		}
	}
	_, err = c.ListBlacklist(ctx, "owner")
	show("gateway page", err)
	if he := (*backend.HTTPStatusError)(nil); !asHTTP(err, &he) || he.Body == "" {
		t.Fatalf("502 lost its body: %v", err)
	} else {
		shown = append(shown, he.Body)
	}
	_, err = c.call(ctx, svcGroup, "destroy_group", map[string]any{"GroupId": "g"}, nil)
	show("ErrorInfo", err)
	_, err = c.ListRooms(ctx)
	show("not JSON", err)
	p, err := c.Plan(backend.ActionRequest{Kind: backend.ActBlacklistAdd, Owner: "o", Users: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	res := p.Exec(ctx, []string{"x"})
	show("ResultInfo", res.Failed["x"])
	srv.Close()
	_, err = c.ListMuted(ctx, "g")
	show("connection refused", err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.ListMuted(cctx, "g")
	show("cancelled", err)

	for _, h := range []slog.Handler{slog.NewJSONHandler(&logs, nil), slog.NewTextHandler(&logs, nil)} {
		slog.New(h).Info("app", "client", c, "options", opts)
	}
	shown = append(shown, logs.String(),
		fmt.Sprint(c), fmt.Sprintf("%v|%+v|%#v|%s", c, c, c, c),
		fmt.Sprint(opts), fmt.Sprintf("%v|%+v|%#v|%s", opts, opts, opts, opts),
		fmt.Sprintf("%v|%+v", []*Client{c}, map[string]any{"c": c, "o": opts}))
	if sig == "" {
		t.Fatal("the server saw no UserSig")
	}
	for _, s := range shown {
		for name, secret := range map[string]string{"SecretKey": key, "UserSig": sig, "UserSig (query-escaped)": url.QueryEscape(sig)} {
			if containsPart(s, secret, 24) {
				t.Errorf("%s (or 24 characters of it) shown in %q", name, s)
			}
		}
	}
	if !strings.Contains(fmt.Sprint(c), "secret-app") {
		t.Errorf("String() should still say which app: %s", c)
	}
}

func asHTTP(err error, target **backend.HTTPStatusError) bool {
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

// containsPart reports whether s holds any n-character piece of secret: a
// truncated echo leaks too.
func containsPart(s, secret string, n int) bool {
	if len(secret) <= n {
		return strings.Contains(s, secret)
	}
	for i := 0; i+n <= len(secret); i++ {
		if strings.Contains(s, secret[i:i+n]) {
			return true
		}
	}
	return false
}

func TestNewRejectsEndpointsThatBreakTheURL(t *testing.T) {
	for _, ep := range []string{"https://console.tim.qq.com/?x=1", "https://console.tim.qq.com/#frag", "ftp://console.tim.qq.com", "console.tim.qq.com"} {
		if _, err := New(Options{SDKAppID: 1, Admin: "a", SecretKey: "k", Endpoint: ep}, backend.Deps{}); err == nil {
			t.Errorf("endpoint %q accepted", ep)
		}
	}
	if _, err := New(Options{SDKAppID: 1, Admin: "a", SecretKey: "k", Endpoint: "https://adminapisgp.im.qcloud.com/"}, backend.Deps{}); err != nil {
		t.Errorf("a plain endpoint refused: %v", err)
	}
	_ = time.Second
}
