package tencentchat

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Chat's own codes for a UserSig the server refuses (REST API common error
// codes). The emulator answers with them; the client explains them.
const (
	CodeSigExpired       = 70001 // now is past TLS.time + TLS.expire
	CodeSigUnparsable    = 70003 // not base64 / zlib / JSON, or a field missing
	CodeSigBadHMAC       = 70009 // signed with another key
	CodeSigWrongUser     = 70013 // identifier in the URL differs from the one signed
	CodeSigWrongSDKAppID = 70014 // sdkappid in the URL differs from the one signed
)

// SigError is why VerifyUserSig refused a UserSig, with the code the Chat
// server answers for it.
type SigError struct {
	Code   int
	Reason string
}

func (e *SigError) Error() string { return fmt.Sprintf("usersig: %s (%d)", e.Reason, e.Code) }

// sigDoc is the JSON document inside a UserSig v2.
type sigDoc struct {
	Ver        string      `json:"TLS.ver"`
	Identifier string      `json:"TLS.identifier"`
	SDKAppID   json.Number `json:"TLS.sdkappid"`
	Expire     json.Number `json:"TLS.expire"`
	Time       json.Number `json:"TLS.time"`
	Sig        string      `json:"TLS.sig"`
	UserBuf    string      `json:"TLS.userbuf,omitempty"`
}

// sigContent is exactly the text the HMAC covers. userbuf (base64) is only
// part of it when present, as in Tencent's reference generators.
func sigContent(identifier string, sdkAppID uint64, t, expire int64, userbuf string) string {
	s := "TLS.identifier:" + identifier + "\n" +
		"TLS.sdkappid:" + strconv.FormatUint(sdkAppID, 10) + "\n" +
		"TLS.time:" + strconv.FormatInt(t, 10) + "\n" +
		"TLS.expire:" + strconv.FormatInt(expire, 10) + "\n"
	if userbuf != "" {
		s += "TLS.userbuf:" + userbuf + "\n"
	}
	return s
}

// sigHMAC is HMAC-SHA256 keyed with the SecretKey's own bytes (the key is
// hex-looking text, but it is not hex-decoded).
func sigHMAC(secretKey, content string) []byte {
	m := hmac.New(sha256.New, []byte(secretKey))
	m.Write([]byte(content))
	return m.Sum(nil)
}

var sigEscaper = strings.NewReplacer("+", "*", "/", "-", "=", "_")
var sigUnescaper = strings.NewReplacer("*", "+", "-", "/", "_", "=")

// UserSig makes a UserSig v2 for identifier, valid from now for expire
// (whole seconds, at least one).
func UserSig(secretKey string, sdkAppID uint64, identifier string, now time.Time, expire time.Duration) (string, error) {
	switch {
	case secretKey == "":
		return "", errors.New("usersig: empty secret key")
	case identifier == "":
		return "", errors.New("usersig: empty identifier")
	case !utf8.ValidString(identifier):
		// JSON would carry it as U+FFFD: the document would name another
		// identifier than the one signed, and never verify.
		return "", errors.New("usersig: identifier is not valid UTF-8")
	case expire < time.Second:
		return "", errors.New("usersig: expire must be at least one second")
	}
	t, exp := now.Unix(), int64(expire/time.Second)
	mac := sigHMAC(secretKey, sigContent(identifier, sdkAppID, t, exp, ""))
	doc := sigDoc{
		Ver:        "2.0",
		Identifier: identifier,
		SDKAppID:   json.Number(strconv.FormatUint(sdkAppID, 10)),
		Expire:     json.Number(strconv.FormatInt(exp, 10)),
		Time:       json.Number(strconv.FormatInt(t, 10)),
		Sig:        base64.StdEncoding.EncodeToString(mac),
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	if _, err := w.Write(raw); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return sigEscaper.Replace(base64.StdEncoding.EncodeToString(z.Bytes())), nil
}

// VerifyUserSig checks sig as the Chat server does: decodes it, checks the
// sdkappid it was made for, its expiry (valid through time+expire inclusive)
// and its HMAC, and returns the identifier it was made for. Failures are
// *SigError carrying the server's code.
func VerifyUserSig(sig, secretKey string, sdkAppID uint64, now time.Time) (identifier string, err error) {
	doc, err := parseSigDoc(sig)
	if err != nil {
		return "", err
	}
	bad := func(why string) (string, error) { return "", &SigError{Code: CodeSigUnparsable, Reason: why} }
	app, e1 := strconv.ParseUint(doc.SDKAppID.String(), 10, 64)
	t, e2 := strconv.ParseInt(doc.Time.String(), 10, 64)
	exp, e3 := strconv.ParseInt(doc.Expire.String(), 10, 64)
	if e1 != nil || e2 != nil || e3 != nil || doc.Identifier == "" || doc.Sig == "" || exp < 0 {
		return bad("missing or malformed field")
	}
	if app != sdkAppID {
		return "", &SigError{Code: CodeSigWrongSDKAppID, Reason: "made for another SDKAppID"}
	}
	want := sigHMAC(secretKey, sigContent(doc.Identifier, app, t, exp, doc.UserBuf))
	got, err := base64.StdEncoding.DecodeString(doc.Sig)
	if err != nil || !hmac.Equal(got, want) {
		return "", &SigError{Code: CodeSigBadHMAC, Reason: "signature does not match the key"}
	}
	if now.Unix() > t+exp {
		return "", &SigError{Code: CodeSigExpired, Reason: "expired"}
	}
	return doc.Identifier, nil
}

// parseSigDoc undoes the URL-safe base64 and zlib layers of a UserSig.
func parseSigDoc(sig string) (sigDoc, error) {
	var doc sigDoc
	bad := func(why string) (sigDoc, error) { return doc, &SigError{Code: CodeSigUnparsable, Reason: why} }
	if sig == "" {
		return bad("empty")
	}
	z, err := base64.StdEncoding.DecodeString(sigUnescaper.Replace(sig))
	if err != nil {
		return bad("not base64")
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return bad("not zlib")
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 64<<10))
	if err != nil {
		return bad("truncated")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return bad("not JSON")
	}
	return doc, nil
}

// sigLifetime is how long the admin UserSig the client makes is valid; the
// docs advise at least a day. sigRenewBefore renews it well before it ends,
// so a request in flight never carries a signature about to lapse.
const (
	sigLifetime    = 7 * 24 * time.Hour
	sigRenewBefore = 24 * time.Hour
)

// sigCache holds the admin's current UserSig.
type sigCache struct {
	mu      sync.Mutex
	sig     string
	expires time.Time
}

func (c *sigCache) get(secretKey string, sdkAppID uint64, admin string, now time.Time) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sig != "" && now.Before(c.expires.Add(-sigRenewBefore)) {
		return c.sig, nil
	}
	sig, err := UserSig(secretKey, sdkAppID, admin, now, sigLifetime)
	if err != nil {
		return "", err
	}
	c.sig, c.expires = sig, now.Add(sigLifetime)
	return sig, nil
}
