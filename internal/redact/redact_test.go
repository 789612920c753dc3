package redact

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quell-console/quell/internal/redact/redacttest"
)

// The kinds of secret quell holds, each in its real shape.
var kinds = []struct{ name, secret string }{
	{"TRTC SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"},
	{"TRTC SecretKey", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"},
	{"TC3 signature", "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"},
	{"Chat SecretKey", "b7f5e6ec1b1b4e8a9c1d2f3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b"},
	{"Chat UserSig", "eJwtzEELgjAYgOH-8p0XbJ9Ozd2iQ0HRpRKJLrP5aV-hlgtLpP8e*tP-0HjziCJNzajEe5R-oSslU0Ujo3GgMb3LV2qTtHK4kNuz8lg__"},
	{"ZEGO ServerSecret", "9193cc662a4c0ec135ec71fb57194b38"},
	{"ZEGO signature", "d41d8cd98f00b204e9800998ecf8427e"},
	{"ZEGO nonce", "4fd24687296dd9f3"},
	{"a key with punctuation", "Ab1/Cd2+Ef3=Gh4&<x>*'!"},
}

// TestEveryKindInEveryEncodingIsRedacted echoes each secret inside a
// longer text (the way a proxy quotes a URL or a header), encodes the whole
// echo in each encoding, and expects no encoding of the secret left.
func TestEveryKindInEveryEncodingIsRedacted(t *testing.T) {
	for _, k := range kinds {
		r := New(k.secret)
		for _, e := range redacttest.Encodings {
			for pad := range 3 { // the secret at each base64 alignment
				echo := strings.Repeat("x", pad) + "GET /v4/x?usersig=" + k.secret + "&random=7 Authorization: Signature=" + k.secret + " tail"
				in := "error: " + e.Encode(echo) + " (code 70001)"
				out := r.String(in)
				if leaks := redacttest.Leaks(out, k.secret); len(leaks) > 0 {
					t.Errorf("%s, %s, offset %d: %v left in %q", k.name, e.Name, pad, leaks, out)
				}
				if !strings.Contains(out, Mark) || !strings.HasPrefix(out, "error: ") || !strings.HasSuffix(out, " (code 70001)") {
					t.Errorf("%s, %s: the text around the secret must stay: %q", k.name, e.Name, out)
				}
			}
		}
	}
}

func TestEverySecretOfTheSetAtOnce(t *testing.T) {
	var all []string
	for _, k := range kinds {
		all = append(all, k.secret)
	}
	r := New(all...)
	text := fmt.Sprint(all)
	out := r.String(text)
	for _, k := range kinds {
		if strings.Contains(out, k.secret) {
			t.Errorf("%s left in %q", k.name, out)
		}
	}
}

func TestShortSecretsAndNilRedactNothing(t *testing.T) {
	if got := New("abc").String("abc abc"); got != "abc abc" {
		t.Errorf("a 3-byte secret redacted ordinary text: %q", got)
	}
	var r *Redactor
	if got := r.String("x secret y"); got != "x secret y" {
		t.Errorf("nil redactor changed text: %q", got)
	}
	r.Add("whatever-secret")
	r.AddRecent("whatever-secret")
}

func TestWithAddsForOneRequestOnly(t *testing.T) {
	base := New("lasting-secret-1")
	one := base.With("request-signature-1")
	if got := one.String("lasting-secret-1 request-signature-1"); got != Mark+" "+Mark {
		t.Errorf("With: %q", got)
	}
	if got := base.String("request-signature-1"); got != "request-signature-1" {
		t.Errorf("With changed its parent: %q", got)
	}
}

// A secret inside another (the SecretId inside a TC3 Authorization header)
// must not split the longer one: in base64 the text between them would be
// left, and with it the shape of the header.
func TestSecretInsideAnotherGoesWhole(t *testing.T) {
	id, sig := "AKID-quell-emulator-test-only-1", "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
	auth := "TC3-HMAC-SHA256 Credential=" + id + "/2026-12-02/trtc/tc3_request, SignedHeaders=content-type;host, Signature=" + sig
	for _, e := range redacttest.Encodings {
		echo := e.Encode("Authorization: " + auth + " URL: /")
		if got := New(id).With(auth, sig).String(echo); redacttest.Leaks(got, auth) != nil || strings.Count(got, Mark) != 1 {
			t.Errorf("%s: %q", e.Name, got)
		}
	}
}

func TestRecentIsBounded(t *testing.T) {
	r := New()
	for i := range recent + 10 {
		r.AddRecent(fmt.Sprintf("signature-%04d", i))
	}
	if got := r.String("signature-0000"); got != "signature-0000" { // its block has gone
		t.Errorf("the oldest signature should have left the ring: %q", got)
	}
	last := fmt.Sprintf("signature-%04d", recent+9)
	if got := r.String(last); got != Mark {
		t.Errorf("the newest signature must be redacted: %q", got)
	}
	held := 0
	for _, b := range r.recent {
		held += len(b.secrets)
	}
	if held > recent || held < recent-blockSize {
		t.Errorf("ring holds %d, want about %d", held, recent)
	}
}

func TestWriterRedactsEachWrite(t *testing.T) {
	var b strings.Builder
	w := Writer(&b, New("log-secret-123"))
	n, err := w.Write([]byte("level=INFO msg=x body=log-secret-123\n"))
	if err != nil || n != len("level=INFO msg=x body=log-secret-123\n") {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if b.String() != "level=INFO msg=x body="+Mark+"\n" {
		t.Errorf("log line: %q", b.String())
	}
}
