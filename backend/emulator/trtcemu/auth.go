package trtcemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file verifies TC3-HMAC-SHA256 with an implementation written from
// Tencent's description, independent of the SDK that signs, so a signing bug
// in the client cannot hide behind the same bug here.

const (
	tc3Algorithm = "TC3-HMAC-SHA256"
	service      = "trtc"
	maxSkew      = 5 * time.Minute
)

// authorization is the parsed Authorization header.
type authorization struct {
	SecretID      string
	Date          string // YYYY-MM-DD from the credential scope
	Service       string
	SignedHeaders []string
	Signature     string
}

// parseAuthorization reads
// "TC3-HMAC-SHA256 Credential=ID/DATE/trtc/tc3_request, SignedHeaders=a;b, Signature=HEX".
func parseAuthorization(h string) (authorization, bool) {
	var a authorization
	rest, ok := strings.CutPrefix(h, tc3Algorithm+" ")
	if !ok {
		return a, false
	}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return a, false
		}
		switch k {
		case "Credential":
			scope := strings.Split(v, "/")
			if len(scope) != 4 || scope[3] != "tc3_request" {
				return a, false
			}
			a.SecretID, a.Date, a.Service = scope[0], scope[1], scope[2]
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			a.Signature = v
		}
	}
	if a.SecretID == "" || a.Signature == "" || len(a.SignedHeaders) == 0 {
		return a, false
	}
	return a, true
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// tc3Signature computes the hex signature of a POST to "/" with no query.
// headers maps each signed header's lower-case name to its value.
func tc3Signature(secretKey, svc string, timestamp int64, signed []string, headers map[string]string, body []byte) string {
	var canon strings.Builder
	canon.WriteString("POST\n/\n\n")
	for _, name := range signed {
		canon.WriteString(name)
		canon.WriteByte(':')
		canon.WriteString(strings.ToLower(strings.TrimSpace(headers[name])))
		canon.WriteByte('\n')
	}
	canon.WriteByte('\n')
	canon.WriteString(strings.Join(signed, ";"))
	canon.WriteByte('\n')
	canon.WriteString(sha256Hex(body))

	date := time.Unix(timestamp, 0).UTC().Format("2006-01-02")
	toSign := tc3Algorithm + "\n" + strconv.FormatInt(timestamp, 10) + "\n" +
		date + "/" + svc + "/tc3_request\n" + sha256Hex([]byte(canon.String()))

	kDate := hmacSHA256([]byte("TC3"+secretKey), date)
	kService := hmacSHA256(kDate, svc)
	kSigning := hmacSHA256(kService, "tc3_request")
	return hex.EncodeToString(hmacSHA256(kSigning, toSign))
}

// verify checks the request's signature. It returns "" when the request is
// authentic, else the TRTC error code and message to answer.
func (e *Emulator) verify(r *http.Request, body []byte, now time.Time) (secretID, code, msg string) {
	auth, ok := parseAuthorization(r.Header.Get("Authorization"))
	if !ok {
		return "", "AuthFailure.InvalidAuthorization", "The Authorization header is malformed."
	}
	key, known := e.secretKey(auth.SecretID)
	if !known {
		return "", "AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."
	}
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil {
		return "", "MissingParameter", "The request is missing a valid X-TC-Timestamp header."
	}
	if d := now.Sub(time.Unix(ts, 0)); d > maxSkew || d < -maxSkew {
		return "", "AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ by more than 5 minutes."
	}
	if !slices.Contains(services(r.Host), auth.Service) || auth.Date != time.Unix(ts, 0).UTC().Format("2006-01-02") {
		return "", "AuthFailure.SignatureFailure", "The credential scope does not match the request's date and service."
	}
	if !slices.Contains(auth.SignedHeaders, "content-type") || !slices.Contains(auth.SignedHeaders, "host") {
		return "", "AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host."
	}
	got := []byte(strings.ToLower(auth.Signature))
	for _, host := range hosts(r.Host) {
		headers := map[string]string{}
		for _, name := range auth.SignedHeaders {
			if name == "host" {
				headers[name] = host
			} else {
				headers[name] = r.Header.Get(name)
			}
		}
		if hmac.Equal([]byte(tc3Signature(key, auth.Service, ts, auth.SignedHeaders, headers, body)), got) {
			return auth.SecretID, "", ""
		}
	}
	return "", "AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."
}

// hosts are the forms of the Host header a client may have signed. The real
// endpoint never carries a port, so clients differ only here, on loopback:
// the Go SDK signs "host:port" (its Endpoint as given), the Node SDK signs
// the URL's hostname without the port (tencentcloud-sdk-nodejs
// src/common/sign.ts sign3: headers += `host:${urlObj.hostname}`). Either
// form of this request's own Host is accepted; no other host is.
func hosts(h string) []string {
	if name, _, err := net.SplitHostPort(h); err == nil && name != "" {
		if strings.Contains(name, ":") {
			name = "[" + name + "]" // an IPv6 URL's hostname keeps its brackets
		}
		return []string{h, name}
	}
	return []string{h}
}

// services are the credential-scope services accepted: "trtc", and the
// service the Node SDK derives from its endpoint, the text before the first
// dot (tencentcloud-sdk-nodejs src/common/abstract_client.ts
// doRequestWithSign3: service: this.endpoint.split(".")[0]), which is
// "trtc" for trtc.tencentcloudapi.com and "127" for 127.0.0.1:PORT.
func services(h string) []string {
	first, _, _ := strings.Cut(h, ".")
	if first == "" || first == service {
		return []string{service}
	}
	return []string{service, first}
}
