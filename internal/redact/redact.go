// Package redact removes secrets from text a provider sent back before any of
// it is stored or shown. A vendor, a proxy or a gateway may echo a request's
// credentials in any encoding it happened to hold them in: the raw value, a
// URL's percent-encoding, a JSON string's escapes or base64. A Redactor knows
// each secret in all of those forms and replaces every one with [redacted].
//
// One Redactor is shared by everything a process opens (the provider
// clients, the journal, the log): each client adds what it holds or issues
// (keys, UserSigs) and each request's signatures, so the journal and the log
// can blank them too, as a second line behind the clients' own boundary.
package redact

import (
	"slices"
	"strings"
	"sync"
)

// Mark stands in for every secret removed.
const Mark = "[redacted]"

// MinLen is the shortest secret redacted: shorter text is too likely to be
// part of ordinary words and IDs (every real key, signature and UserSig is
// 16 characters or more).
const MinLen = 8

// recent bounds how many per-request secrets (signatures, nonces) a
// long-lived Redactor keeps: enough for every request in flight, so a bulk
// action of 100,000 calls does not grow it without end.
const recent = 256

// blockSize is how many per-request secrets share one replacer. Building a
// replacer of all 256 takes about 12 ms; a new signature rebuilds only its
// block's (under 1 ms), so a 20-calls-a-second action costs little.
const blockSize = 16

// Redactor replaces known secrets, in every encoding of Forms, with Mark.
// The zero value is not usable; call New. Its methods are safe for
// concurrent use, and a nil *Redactor redacts nothing.
type Redactor struct {
	mu       sync.Mutex
	lasting  []string // secrets kept for the Redactor's life (keys, UserSigs)
	replacer *strings.Replacer
	recent   []*block // per-request secrets, oldest block first
}

// block is up to blockSize per-request secrets and their replacer.
type block struct {
	secrets  []string
	replacer *strings.Replacer // nil until used after a change
}

// New returns a Redactor of secrets.
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add keeps secrets for the Redactor's life.
func (r *Redactor) Add(secrets ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) >= MinLen && !slices.Contains(r.lasting, s) {
			r.lasting = append(r.lasting, s)
			r.replacer = nil
		}
	}
}

// AddRecent keeps per-request secrets (a request's signature and nonce)
// among the latest few hundred: long enough for anything that request's
// answer reaches (the journal row, the log line), bounded however many
// requests are sent.
func (r *Redactor) AddRecent(secrets ...string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if len(s) < MinLen || r.hasRecent(s) {
			continue
		}
		if n := len(r.recent); n == 0 || len(r.recent[n-1].secrets) >= blockSize {
			if n >= recent/blockSize {
				r.recent = slices.Delete(r.recent, 0, 1)
			}
			r.recent = append(r.recent, &block{})
		}
		b := r.recent[len(r.recent)-1]
		b.secrets, b.replacer = append(b.secrets, s), nil
	}
}

func (r *Redactor) hasRecent(s string) bool {
	for _, b := range r.recent {
		if slices.Contains(b.secrets, s) {
			return true
		}
	}
	return false
}

// With returns a Redactor of r's secrets now and these, for one request's
// answer: the request's own signature is redacted whatever else has been
// sent since. r is not changed. One replacer holds them all, so a secret
// inside another (the SecretId inside an Authorization header) never
// splits the longer one's match.
func (r *Redactor) With(secrets ...string) *Redactor {
	out := &Redactor{}
	if r != nil {
		r.mu.Lock()
		out.lasting = slices.Clone(r.lasting)
		for _, b := range r.recent {
			out.lasting = append(out.lasting, b.secrets...)
		}
		r.mu.Unlock()
	}
	out.Add(secrets...)
	return out
}

// String returns s with every form of every secret replaced by Mark.
func (r *Redactor) String(s string) string {
	if r == nil || s == "" {
		return s
	}
	// Newest requests first, then the lasting secrets: a per-request
	// Authorization header holds the SecretId and must match whole.
	for _, rep := range r.replacers() {
		s = rep.Replace(s)
	}
	return s
}

// Bytes is String for a byte slice; b is returned as is when it holds no
// secret.
func (r *Redactor) Bytes(b []byte) []byte {
	if r == nil || len(b) == 0 {
		return b
	}
	s := r.String(string(b))
	if s == string(b) {
		return b
	}
	return []byte(s)
}

// Contains reports whether s holds any form of any secret.
func (r *Redactor) Contains(s string) bool { return r.String(s) != s }

// replacers are the recent blocks' (newest first) and the lasting
// secrets', each rebuilt only after a change.
func (r *Redactor) replacers() []*strings.Replacer {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*strings.Replacer
	for i := len(r.recent) - 1; i >= 0; i-- {
		b := r.recent[i]
		if b.replacer == nil {
			b.replacer = replacerOf(b.secrets)
		}
		out = append(out, b.replacer)
	}
	if r.replacer == nil && len(r.lasting) > 0 {
		r.replacer = replacerOf(r.lasting)
	}
	if r.replacer != nil {
		out = append(out, r.replacer)
	}
	return out
}

// replacerOf replaces every form of secrets with Mark.
func replacerOf(secrets []string) *strings.Replacer {
	seen := map[string]bool{}
	var pats []string
	for _, s := range secrets {
		for _, f := range Forms(s) {
			if len(f) >= MinLen/2 && !seen[f] {
				seen[f] = true
				pats = append(pats, f)
			}
		}
	}
	// At any one position the longest form wins: a percent-encoded UserSig
	// starts like the raw one and must go whole.
	slices.SortStableFunc(pats, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(pats))
	for _, p := range pats {
		pairs = append(pairs, p, Mark)
	}
	return strings.NewReplacer(pairs...)
}
