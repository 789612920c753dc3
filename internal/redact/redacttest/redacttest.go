// Package redacttest gives tests the encodings in which a server may echo a
// secret, and a check that none of them reached some output.
package redacttest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Encoding is one way a server may echo a text.
type Encoding struct {
	Name   string
	Encode func(string) string
}

// Encodings are applied by tests to a whole echoed text (a URL, a header),
// so the secret inside may sit at any offset of a base64 run.
var Encodings = []Encoding{
	{"raw", func(s string) string { return s }},
	{"query-escaped", url.QueryEscape},
	{"query-escaped lower hex", func(s string) string { return lowerHex(url.QueryEscape(s)) }},
	{"path-escaped", url.PathEscape},
	{"json", func(s string) string { b, _ := json.Marshal(s); return string(b[1 : len(b)-1]) }},
	{"json \\u00XX", jsonEveryByte},
	{"json \\/", func(s string) string {
		b, _ := json.Marshal(s)
		return strings.ReplaceAll(string(b[1:len(b)-1]), "/", `\/`)
	}},
	{"base64", b64(base64.StdEncoding)},
	{"base64 raw", b64(base64.RawStdEncoding)},
	{"base64url", b64(base64.URLEncoding)},
	{"base64url raw", b64(base64.RawURLEncoding)},
}

// Named returns the encoding called name; it panics on a typo.
func Named(name string) Encoding {
	for _, e := range Encodings {
		if e.Name == name {
			return e
		}
	}
	panic("redacttest: no encoding " + name)
}

// Leaks lists each encoding of secret that text holds: the secret encoded
// alone, or (for base64, where the echo's alignment matters) any 12
// characters that the secret alone decides in one of the three alignments.
func Leaks(text, secret string) []string {
	var found []string
	for _, e := range Encodings {
		if strings.Contains(text, e.Encode(secret)) {
			found = append(found, e.Name)
		}
	}
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		for shift := range 3 {
			full := enc.EncodeToString(append(make([]byte, shift), secret...))
			core := full[(8*shift+5)/6 : 8*(shift+len(secret))/6]
			for i := 0; i+12 <= len(core); i++ {
				if strings.Contains(text, core[i:i+12]) {
					found = append(found, fmt.Sprintf("base64 at offset %d", shift))
					break
				}
			}
		}
	}
	return found
}

func lowerHex(s string) string {
	return regexp.MustCompile(`%[0-9A-F]{2}`).ReplaceAllStringFunc(s, strings.ToLower)
}

func jsonEveryByte(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func b64(enc *base64.Encoding) func(string) string {
	return func(s string) string { return enc.EncodeToString([]byte(s)) }
}
