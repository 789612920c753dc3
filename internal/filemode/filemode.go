// Package filemode keeps quell's private files (the journal and its WAL, the
// log) readable and writable by their owner alone.
package filemode

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Private is the mode of every file quell writes that may name operators,
// users and vendor answers.
const Private fs.FileMode = 0o600

// chmod is os.Chmod; a test makes it fail as it does for a file of another
// owner.
var chmod = os.Chmod

// Tighten sets path to mode 0600 when it exists with any bit for group or
// others, and returns a note that says so for the operator. A file that does
// not exist is left alone (it will be created 0600). When the mode cannot be
// changed (the file belongs to another user) it returns an error naming the
// file and the fix, and the caller must refuse to use it.
func Tighten(path string) (note string, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	mode := st.Mode().Perm()
	if mode&0o077 == 0 {
		return "", nil
	}
	if err := chmod(path, Private); err != nil {
		return "", fmt.Errorf("%s has mode %04o (readable by others) and quell cannot change it (%v): as its owner run `chmod 600 %s`, or choose another file",
			path, mode, errors.Unwrap(err), path)
	}
	return fmt.Sprintf("%s had mode %04o (readable by others); quell set it to 0600", path, mode), nil
}
