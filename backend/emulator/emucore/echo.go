package emucore

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/quell-console/quell/internal/redact/redacttest"
)

// echoEncodings are the ways the Echo knob may quote a request's
// credentials, the ways real gateways and vendors have been seen to: as
// sent, percent-encoded (a proxy that re-encodes the URL), JSON-escaped
// byte by byte, or base64 (a log line or a trace header).
var echoEncodings = map[string]func(string) string{
	"raw":       func(s string) string { return s },
	"query":     url.QueryEscape,
	"path":      url.PathEscape,
	"json":      redacttest.Named("json \\u00XX").Encode,
	"base64":    func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
	"base64url": func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) },
}

// EchoEncodings names the encodings the Echo knob takes.
func EchoEncodings() []string {
	var out []string
	for k := range echoEncodings {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Echo is the Echo knob: when it names an encoding, every authenticated
// request is refused with a message that quotes its credentials (the
// Authorization header with TRTC's SecretId and signature, the URL with
// Chat's UserSig or ZEGO's Signature and nonce) in that encoding. It lets a
// test prove none of them reaches what quell shows or stores.
func (e *Env) Echo(r *http.Request) (string, bool) {
	enc, ok := echoEncodings[e.Faults().Echo]
	if !ok {
		return "", false
	}
	e.Rec.Fault("echo")
	e.noteEchoed(r)
	return "request refused: " + enc("Authorization: "+r.Header.Get("Authorization")+" URL: "+r.URL.String()), true
}

// noteEchoed keeps the credentials an echo quoted, for Echoed.
func (e *Env) noteEchoed(r *http.Request) {
	auth := r.Header.Get("Authorization")
	_, sig, _ := strings.Cut(auth, "Signature=")
	q := r.URL.Query()
	e.echoMu.Lock()
	defer e.echoMu.Unlock()
	for _, c := range []string{auth, sig, q.Get("usersig"), q.Get("Signature"), q.Get("SignatureNonce")} {
		if c != "" {
			e.echoed = append(e.echoed, c)
		}
	}
}

// Echoed lists the credentials the Echo knob has quoted: what a test must
// find nowhere in quell's output.
func (e *Env) Echoed() []string {
	e.echoMu.Lock()
	defer e.echoMu.Unlock()
	return append([]string(nil), e.echoed...)
}
