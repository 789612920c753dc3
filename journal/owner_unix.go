//go:build unix

package journal

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// ownerLock tells live actions from orphans. Each open Journal holds an
// exclusive flock on its own file in PATH.owners/ and stamps the actions it
// begins with that file's name. The kernel drops the lock when the process
// dies, however it dies, so another handle — in this process or another —
// that can take the lock knows the runner is gone and its unfinished actions
// are pending. Without this, a console started while the SSH server is in
// the middle of a bulk mute would offer to "resume" the server's live action
// and send it twice.
type ownerLock struct {
	dir  string
	name string
	f    *os.File
}

func ownersDir(dbPath string) string { return dbPath + ".owners" }

func newOwnerLock(dbPath string) (*ownerLock, error) {
	dir := ownersDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	name := newID(nowUTC())
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	o := &ownerLock{dir: dir, name: name, f: f}
	o.sweep()
	return o, nil
}

// sweep removes the lock files of dead processes whose actions all finished
// (alive removes the others' when it meets them), so the directory does not
// grow with every crash.
func (o *ownerLock) sweep() {
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			o.alive(e.Name())
		}
	}
}

// release removes the lock file and drops the lock.
func (o *ownerLock) release() {
	os.Remove(o.f.Name())
	o.f.Close()
}

// alive reports whether the handle named runner is still open somewhere. A
// runner whose lock can be taken is dead; its file is removed on the way.
func (o *ownerLock) alive(runner string) bool {
	if runner == o.name {
		return true
	}
	if runner == "" || filepath.Base(runner) != runner {
		return false
	}
	p := filepath.Join(o.dir, runner)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		// Gone: its handle closed (or a previous check found it dead). A
		// permission problem is reported as alive, the safe answer: never
		// offer to resume what might still be running.
		return !errors.Is(err, os.ErrNotExist)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	os.Remove(p)
	return false
}
