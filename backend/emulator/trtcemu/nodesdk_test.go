package trtcemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nodeSDKRequest builds a request exactly as the official Node SDK does
// (tencentcloud-sdk-nodejs, src/common/abstract_client.ts doRequestWithSign3
// and src/common/http/http_connection.ts doRequestWithSign3, signed by
// src/common/sign.ts sign3):
//   - the service is the endpoint's text before its first dot
//     (`this.endpoint.split(".")[0]`): "127" for 127.0.0.1:PORT;
//   - the canonical host is the URL's hostname, without the port
//     (`host:${urlObj.hostname}`), while the Host header keeps it;
//   - Content-Type application/json, SignedHeaders content-type;host;
//   - X-TC-Timestamp, X-TC-Version, X-TC-Region, X-TC-RequestClient, and an
//     X-TC-TraceId (a UUID) the server echoes.
//
// This is an independent transcription of that code, not the emulator's own
// tc3Signature, so a wrong reading on either side shows.
func nodeSDKRequest(t *testing.T, endpoint, action, secretID, secretKey, body string, ts int64) *http.Request {
	t.Helper()
	rawURL := "http://" + endpoint + "/"
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	svc := strings.Split(endpoint, ".")[0]
	hash := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	mac := func(key []byte, msg string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	contentType := "application/json"
	headers := "content-type:" + contentType + "\n" + "host:" + u.Hostname() + "\n"
	signedHeaders := "content-type;host"
	canonical := "POST\n" + u.Path + "\n" + u.RawQuery + "\n" + headers + "\n" + signedHeaders + "\n" + hash(body)
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	toSign := "TC3-HMAC-SHA256\n" + strconv.FormatInt(ts, 10) + "\n" + date + "/" + svc + "/tc3_request\n" + hash(canonical)
	kDate := mac([]byte("TC3"+secretKey), date)
	kService := mac(kDate, svc)
	kSigning := mac(kService, "tc3_request")
	sig := hex.EncodeToString(mac(kSigning, toSign))

	r, err := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", contentType)
	r.Header.Set("X-TC-Action", action)
	r.Header.Set("X-TC-Region", "ap-singapore")
	r.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	r.Header.Set("X-TC-Version", apiVersion)
	r.Header.Set("X-TC-RequestClient", "SDK_NODEJS_4.1.0")
	r.Header.Set("X-TC-TraceId", "5d0b9e0e-8c1f-4a4e-9d57-1f2e3a4b5c6d")
	r.Header.Set("Authorization", fmt.Sprintf("TC3-HMAC-SHA256 Credential=%s/%s/%s/tc3_request, SignedHeaders=%s, Signature=%s",
		secretID, date, svc, signedHeaders, sig))
	return r
}

// TestNodeSDKSignatureAccepted: a client speaking the real protocol the way
// the Node SDK does works against the emulator on 127.0.0.1:PORT, gets its
// trace ID back, and a wrong key, a changed body or a foreign host still fail.
func TestNodeSDKSignatureAccepted(t *testing.T) {
	e, _ := newTestEmu(t)
	e.env.SetClock(time.Now)
	e.AddRoom(numApp, "42", []string{"alice", "bob"})
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	endpoint := strings.TrimPrefix(srv.URL, "http://") // 127.0.0.1:PORT
	body := `{"SdkAppId":1400000001,"RoomId":42,"UserId":"alice","IsMute":1}`

	do := func(r *http.Request) (code string, trace string) {
		t.Helper()
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a answer
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
			t.Fatal(err)
		}
		return a.code(), resp.Header.Get("X-TC-TraceId")
	}
	now := time.Now().Unix()

	code, trace := do(nodeSDKRequest(t, endpoint, "SetUserBlocked", "AKIDnum", "keynum", body, now))
	if code != "" {
		t.Fatalf("Node-style request answered %s", code)
	}
	if trace != "5d0b9e0e-8c1f-4a4e-9d57-1f2e3a4b5c6d" {
		t.Fatalf("X-TC-TraceId not echoed: %q", trace)
	}
	if e.AVBlock(numApp, "42", "alice") != 1 {
		t.Fatal("block not applied")
	}

	wrongKey := nodeSDKRequest(t, endpoint, "SetUserBlocked", "AKIDnum", "not-the-key", body, now)
	if code, _ := do(wrongKey); code != "AuthFailure.SignatureFailure" {
		t.Fatalf("wrong key: %q", code)
	}
	tampered := nodeSDKRequest(t, endpoint, "SetUserBlocked", "AKIDnum", "keynum", body, now)
	tampered.Body = nopBody(strings.Replace(body, `"IsMute":1`, `"IsMute":3`, 1)) // same length, other meaning
	if code, _ := do(tampered); code != "AuthFailure.SignatureFailure" {
		t.Fatalf("changed body: %q", code)
	}
	// Signed for another host: neither form of this request's Host.
	foreign := nodeSDKRequest(t, "trtc.example.net", "SetUserBlocked", "AKIDnum", "keynum", body, now)
	foreign.URL.Host, foreign.Host = endpoint, endpoint
	if code, _ := do(foreign); code != "AuthFailure.SignatureFailure" {
		t.Fatalf("foreign host: %q", code)
	}
	if e.AVBlock(numApp, "42", "alice") != 1 || e.AVBlock(numApp, "42", "bob") != 0 {
		t.Fatal("a rejected request took effect")
	}
}

func nopBody(s string) *readCloser { return &readCloser{strings.NewReader(s)} }

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }
