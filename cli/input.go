package cli

import (
	"bufio"
	"io"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
)

// maxStdinUsers bounds a user list read from standard input: a runbook that
// pipes the wrong file should fail, not read gigabytes.
const maxStdinUsers = 1_000_000

// readUsers returns the users named on the command line, or, for a lone
// "-", read from r one per line (blank lines skipped).
func readUsers(args []string, r io.Reader) ([]string, error) {
	if len(args) == 0 {
		return nil, usageErrorf("no users given: name them, or pass - and give one per line on standard input")
	}
	for _, a := range args {
		if a == "-" && len(args) > 1 {
			return nil, usageErrorf("- reads every user from standard input: give it alone, without other users")
		}
	}
	if args[0] != "-" {
		return args, nil
	}
	var users []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for line := 1; sc.Scan(); line++ {
		u := strings.TrimSpace(sc.Text())
		if u == "" {
			continue
		}
		if len(users) == maxStdinUsers {
			return nil, usageErrorf("standard input: more than %d users", maxStdinUsers)
		}
		users = append(users, u)
	}
	if err := sc.Err(); err != nil {
		return nil, usageErrorf("standard input: %v", err)
	}
	if len(users) == 0 {
		return nil, usageErrorf("standard input held no users: give one user ID per line")
	}
	return users, nil
}

// parseMuteFor reads --for with the one parser the console's length prompt
// uses too (backend.ParseLength). Vendor maxima are the engine's to check.
func parseMuteFor(s string) (d time.Duration, forever bool, err error) {
	return backend.ParseLength("--for", s)
}
