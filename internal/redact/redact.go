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

// Redactor replaces known secrets, in every encoding of Forms, with Mark.
// The zero value is not usable; call New. Its methods are safe for
// concurrent use, and a nil *Redactor redacts nothing.
type Redactor struct {
	mu        sync.Mutex
	lasting   []string // secrets kept for the Redactor's life (keys, UserSigs)
	ephemeral []string // ring of per-request secrets, newest last
	replacer  *strings.Replacer
	patterns  []string // every form of every secret, longest first
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
		if len(s) < MinLen || slices.Contains(r.ephemeral, s) {
			continue
		}
		if len(r.ephemeral) >= recent {
			r.ephemeral = slices.Delete(r.ephemeral, 0, len(r.ephemeral)-recent+1)
		}
		r.ephemeral = append(r.ephemeral, s)
		r.replacer = nil
	}
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
		out.lasting = append(slices.Clone(r.lasting), r.ephemeral...)
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
	if rep := r.current(); rep != nil {
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

// current is the replacer of every form, rebuilt only after a change.
func (r *Redactor) current() *strings.Replacer {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.replacer != nil {
		return r.replacer
	}
	seen := map[string]bool{}
	var pats []string
	for _, s := range append(slices.Clone(r.lasting), r.ephemeral...) {
		for _, f := range Forms(s) {
			if len(f) >= MinLen/2 && !seen[f] {
				seen[f] = true
				pats = append(pats, f)
			}
		}
	}
	if len(pats) == 0 {
		return nil
	}
	// At any one position the longest form wins: a percent-encoded UserSig
	// starts like the raw one and must go whole.
	slices.SortStableFunc(pats, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(pats))
	for _, p := range pats {
		pairs = append(pairs, p, Mark)
	}
	r.patterns = pats
	r.replacer = strings.NewReplacer(pairs...)
	return r.replacer
}
