package sshd

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// loadHostKey reads the host key, or makes one (ed25519, mode 0600, in a
// 0700 directory) on first start. A file that is there but unreadable or
// not a key is an error naming it and the fix: quell never replaces a host
// key on its own, since operators would then see a changed fingerprint.
func loadHostKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return makeHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("ssh.host_key %s: %w; make it readable by the user running quell serve", path, err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("ssh.host_key %s: not a private key quell can read (%v); restore it from a backup, or move it aside "+
			"and quell makes a new one at the next start (operators then see a new host key fingerprint)", path, err)
	}
	// An existing key readable by others is tightened, not refused: the
	// server would otherwise not start for a mode bit.
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, fmt.Errorf("ssh.host_key %s: %w", path, err)
	}
	return signer, nil
}

func makeHostKey(path string) (gossh.Signer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("ssh.host_key %s: %w", path, err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ssh.host_key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "quell host key")
	if err != nil {
		return nil, fmt.Errorf("ssh.host_key: %w", err)
	}
	// O_EXCL: two servers starting at once must not overwrite each other's key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ssh.host_key %s: %w", path, err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		return nil, fmt.Errorf("ssh.host_key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("ssh.host_key %s: %w", path, err)
	}
	return gossh.NewSignerFromKey(priv)
}
