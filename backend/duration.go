package backend

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxLength bounds a typed length: past it a moderator means "forever", and
// the bound keeps the arithmetic far from overflow.
const maxLength = 100 * 365 * 24 * time.Hour

// LengthExamples is how every length prompt and error words the format.
const LengthExamples = "90s, 10m, 1.5h, 1d12h or 7d, or forever"

// ParseLength reads how long a timed action (mute, ban) lasts, for the
// console's prompt and the CLI's --for alike: numbers with a unit s, m, h or
// d, whole or decimal, one or more combined ("90s", "1.5h", "1d12h",
// "2h30m"), or "forever". The result is whole seconds, at least one: vendors
// count in seconds, and Tencent Chat reads 0 as "lift it", the opposite of
// what was asked. field names the input in errors ("--for", "length").
func ParseLength(field, s string) (d time.Duration, forever bool, err error) {
	s = strings.TrimSpace(strings.ToLower(s))
	bad := func(problem string) error {
		return &InputError{Field: field, Value: ShortValue(s), Problem: problem, Fix: "write a length such as " + LengthExamples}
	}
	switch s {
	case "":
		return 0, false, bad("a length is needed")
	case "forever", "permanent", "perm":
		return 0, true, nil
	}
	if strings.HasPrefix(s, "-") {
		return 0, false, bad("a length cannot be negative; to lift a mute or ban use unmute or unban")
	}
	rest := s
	seen := map[byte]bool{}
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, false, bad("is not a length")
		}
		if i == len(rest) {
			return 0, false, bad(fmt.Sprintf("%q has no unit (s, m, h or d)", ShortValue(rest)))
		}
		n, convErr := strconv.ParseFloat(rest[:i], 64)
		unit := rest[i]
		var per time.Duration
		switch unit {
		case 's':
			per = time.Second
		case 'm':
			if strings.HasPrefix(rest[i:], "ms") {
				return 0, false, bad("too short: vendors count whole seconds")
			}
			per = time.Minute
		case 'h':
			per = time.Hour
		case 'd':
			per = 24 * time.Hour
		default:
			return 0, false, bad(fmt.Sprintf("unknown unit %q: use s, m, h or d", unit))
		}
		if convErr != nil {
			return 0, false, bad(fmt.Sprintf("%q is not a number", ShortValue(rest[:i])))
		}
		if seen[unit] {
			return 0, false, bad(fmt.Sprintf("unit %q given twice", unit))
		}
		seen[unit] = true
		// Bound before multiplying so a huge number cannot wrap around.
		if n > float64(maxLength/per) {
			return 0, false, bad("too long; for no end write forever")
		}
		d += time.Duration(n * float64(per))
		if d > maxLength {
			return 0, false, bad("too long; for no end write forever")
		}
		rest = rest[i+1:]
	}
	d = d.Truncate(time.Second)
	if d < time.Second {
		return 0, false, bad("too short: at least 1s; to lift a mute or ban use unmute or unban")
	}
	return d, false, nil
}
