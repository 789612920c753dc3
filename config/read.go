package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// MaxFileBytes is the largest config file quell reads. A real one is a few
// kilobytes; the bound keeps `--config /dev/zero` or a runaway generated
// file from filling memory.
const MaxFileBytes = 1 << 20

// readFile reads path as a regular file of at most MaxFileBytes. It opens
// without blocking (openNonBlocking), so a named pipe with no writer cannot
// hang start-up past SIGTERM, then refuses anything fstat does not call a
// regular file: devices (/dev/zero), pipes, sockets, directories.
func readFile(path string) ([]byte, *Problem) {
	f, err := openNonBlocking(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Problem{Problem: "no config file here",
				Fix: "create it (see the README's Config section), pass --config FILE, or try `quell demo`"}
		}
		return nil, &Problem{Problem: "cannot read: " + errText(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Problem{Problem: "cannot read: " + errText(err)}
	}
	if !st.Mode().IsRegular() {
		return nil, &Problem{Problem: "not a regular file (" + kindOf(st.Mode()) + ")",
			Fix: "point --config at a YAML file"}
	}
	if st.Size() > MaxFileBytes {
		return nil, tooLarge(st.Size())
	}
	// The file may grow between fstat and read: read one byte past the
	// limit to notice, never more.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, &Problem{Problem: "cannot read: " + errText(err)}
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}

func tooLarge(size int64) *Problem {
	return &Problem{Problem: fmt.Sprintf("the file is %s; the limit is 1 MB", megabytes(size)),
		Fix: "a config holds apps and keys, a few kilobytes: check that this is the right file"}
}

// megabytes prints a size over the limit to the nearest tenth, never as
// the limit itself (1,048,577 bytes is "1.1 MB", not "1.0 MB", which would
// read as allowed).
func megabytes(n int64) string {
	tenths := (n*10 + (1 << 19)) / (1 << 20)
	if n > MaxFileBytes && tenths <= 10 {
		tenths = 11
	}
	return fmt.Sprintf("%d.%d MB", tenths/10, tenths%10)
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}
