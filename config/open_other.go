//go:build !unix

package config

import "os"

// openNonBlocking is a plain open where O_NONBLOCK does not exist; the
// regular-file check after it still refuses devices and pipes.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }
