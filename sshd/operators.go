// Package sshd serves the console over SSH with wish: public-key
// authentication against the config's operators, one console per session
// with its own renderer, roles enforced by the engine, idle and session
// limits, and a graceful shutdown that lets running actions finish.
package sshd

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/config"
)

// Operator is a config user allowed in over SSH.
type Operator struct {
	Name string
	Role backend.Role
}

// operators maps a key's SHA256 fingerprint to its operator.
type operators map[string]Operator

// parseOperators reads the config's users; a bad role, a key that does not
// parse, or one key given to two users is an error naming the user.
func parseOperators(users []config.SSHUser) (operators, error) {
	ops := operators{}
	for i, u := range users {
		if u.Name == "" {
			return nil, fmt.Errorf("ssh.users[%d]: name is empty; give every operator a name", i)
		}
		role, ok := backend.ParseRole(u.Role)
		if !ok {
			return nil, fmt.Errorf("ssh.users[%d] (%s): role %q is not %s", i, u.Name, u.Role, backend.RoleChoices())
		}
		if len(u.Keys) == 0 {
			return nil, fmt.Errorf("ssh.users[%d] (%s): no keys; add the operator's public key (ssh-ed25519 AAAA...)", i, u.Name)
		}
		for j, line := range u.Keys {
			key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(strings.TrimSpace(line)))
			if err != nil {
				return nil, fmt.Errorf("ssh.users[%d] (%s).keys[%d]: not a public key (%v); paste one line of the operator's .pub file", i, u.Name, j, err)
			}
			fp := gossh.FingerprintSHA256(key)
			if prev, dup := ops[fp]; dup && prev.Name != u.Name {
				return nil, fmt.Errorf("ssh.users[%d] (%s).keys[%d]: key %s already belongs to %s; one key, one operator", i, u.Name, j, fp, prev.Name)
			}
			ops[fp] = Operator{Name: u.Name, Role: role}
		}
	}
	return ops, nil
}

// permFingerprint is where authentication records which key it accepted.
// x/crypto returns the permissions of the key that actually signed, so the
// session can compare this with the key it holds and refuse a mismatch (a
// client that offered one operator's key and signed with another).
const permFingerprint = "quell-operator-fp"

// authHandler accepts a key only when it belongs to a configured operator.
// The SSH user name plays no part.
func (ops operators) authHandler(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	if _, ok := ops[fp]; !ok {
		return false
	}
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[permFingerprint] = fp
	return true
}

// operatorOf returns the operator of an authenticated session, checking the
// fingerprint stored at authentication against the session's own key.
func (ops operators) operatorOf(sess ssh.Session) (Operator, string, error) {
	key := sess.PublicKey()
	if key == nil {
		return Operator{}, "", fmt.Errorf("no public key on this session")
	}
	fp := gossh.FingerprintSHA256(key)
	stored := sess.Permissions().Extensions[permFingerprint]
	if stored == "" || stored != fp {
		return Operator{}, fp, fmt.Errorf("the key used to sign in does not match the key authenticated")
	}
	op, ok := ops[fp]
	if !ok {
		return Operator{}, fp, fmt.Errorf("key %s is not an operator's", fp)
	}
	return op, fp, nil
}
