package cli

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
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

// parseMuteFor reads --for: a whole number of s, m, h or d (combined as in
// 1d12h if wanted), or "forever". Vendor maxima are the engine's to check.
func parseMuteFor(s string) (d time.Duration, forever bool, err error) {
	s = strings.TrimSpace(strings.ToLower(s))
	bad := func(problem string) error {
		return &backend.InputError{Field: "--for", Value: s, Problem: problem,
			Fix: "write a length such as 90s, 10m, 2h or 7d, or forever"}
	}
	switch s {
	case "":
		return 0, false, bad("a mute needs a length")
	case "forever", "permanent":
		return 0, true, nil
	}
	rest := s
	seen := map[byte]bool{}
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, false, bad("not a duration")
		}
		n, convErr := strconv.ParseInt(rest[:i], 10, 64)
		unit := rest[i]
		var per time.Duration
		switch unit {
		case 's':
			per = time.Second
		case 'm':
			per = time.Minute
		case 'h':
			per = time.Hour
		case 'd':
			per = 24 * time.Hour
		default:
			return 0, false, bad(fmt.Sprintf("unknown unit %q", unit))
		}
		if seen[unit] {
			return 0, false, bad(fmt.Sprintf("unit %q given twice", unit))
		}
		seen[unit] = true
		// Cap before multiplying so a huge number cannot wrap around.
		if convErr != nil || n > int64(100*365*24*time.Hour/per) {
			return 0, false, bad("too long; for no end write forever")
		}
		d += time.Duration(n) * per
		rest = rest[i+1:]
	}
	if d <= 0 {
		return 0, false, bad("a mute must last some time; to lift one use unmute")
	}
	return d, false, nil
}
