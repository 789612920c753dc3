package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Forms lists the ways secret may appear in text a server sends back: raw;
// percent-encoded (Go's QueryEscape and PathEscape, JavaScript's
// encodeURIComponent, every reserved byte, twice-encoded; hex in either
// case); JSON-escaped (Go's HTML-safe and plain escapes, `\/`, every
// punctuation byte as \u00XX in either case); and base64, standard and URL
// alphabets, padded or not. A hex secret (a signature) also appears in
// either case.
//
// base64 of a longer text that holds the secret shows a different run of
// characters depending on where the secret starts (its offset mod 3): for
// each of the three offsets, Forms lists the characters that depend on the
// secret alone, so an echo of the whole header or URL in base64 is caught
// too.
func Forms(secret string) []string {
	if secret == "" {
		return nil
	}
	var out []string
	add := func(fs ...string) {
		for _, f := range fs {
			if f != "" {
				out = append(out, f)
			}
		}
	}
	add(secret)
	if isHex(secret) {
		add(strings.ToLower(secret), strings.ToUpper(secret))
	}
	for _, p := range percentForms(secret) {
		add(p, lowerHex(p, '%'))
	}
	add(url.QueryEscape(url.QueryEscape(secret)))
	for _, j := range jsonForms(secret) {
		add(j, strings.ReplaceAll(j, "/", `\/`))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		add(enc.EncodeToString([]byte(secret)))
		for shift := range 3 {
			add(base64Core(enc, secret, shift))
		}
	}
	return out
}

// percentForms are the percent-encodings in upper-case hex.
func percentForms(s string) []string {
	unreserved := func(c byte) bool { return isAlnum(c) || strings.IndexByte("-_.~", c) >= 0 }
	jsComponent := func(c byte) bool { return isAlnum(c) || strings.IndexByte("-_.!~*'()", c) >= 0 }
	return []string{url.QueryEscape(s), url.PathEscape(s), percent(s, unreserved), percent(s, jsComponent)}
}

func percent(s string, keep func(byte) bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; keep(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// jsonForms are the contents of JSON strings holding s.
func jsonForms(s string) []string {
	htmlSafe, _ := json.Marshal(s)
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	var upper, lower strings.Builder
	for _, r := range s {
		if r < 0x80 && !isAlnum(byte(r)) {
			fmt.Fprintf(&upper, `\u%04X`, r)
			fmt.Fprintf(&lower, `\u%04x`, r)
		} else {
			upper.WriteRune(r)
			lower.WriteRune(r)
		}
	}
	return []string{unquote(string(htmlSafe)), unquote(strings.TrimSuffix(plain.String(), "\n")), upper.String(), lower.String()}
}

func unquote(q string) string { return strings.TrimSuffix(strings.TrimPrefix(q, `"`), `"`) }

// base64Core is the run of base64 characters that depend only on secret
// when it starts shift bytes (mod 3) into the encoded text.
func base64Core(enc *base64.Encoding, secret string, shift int) string {
	full := enc.WithPadding(base64.NoPadding).EncodeToString(append(make([]byte, shift), secret...))
	first := (8*shift + 5) / 6            // the first character with no bit of the prefix
	last := 8 * (shift + len(secret)) / 6 // characters before this one are complete
	if first >= last || last > len(full) {
		return ""
	}
	return full[first:last]
}

// lowerHex rewrites the hex digits after each escape byte in lower case.
func lowerHex(s string, esc byte) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == esc {
			b[i+1], b[i+2] = toLower(b[i+1]), toLower(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func toLower(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
