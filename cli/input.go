package cli

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
)

// maxStdinUsers bounds a user list read from standard input: a runbook that
// pipes the wrong file should fail, not read gigabytes.
const maxStdinUsers = 1_000_000

// maxStdinJSONBytes bounds a JSON user list on standard input (a
// 20,000-member room's `quell members -o json` is about 4 MB).
const maxStdinJSONBytes = 256 << 20

// readUsers returns the users named on the command line, or, for a lone
// "-", read from r: JSON when it starts with { or [ (readUsersJSON), else
// one per line (blank lines skipped).
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
	br := bufio.NewReader(r)
	if first, err := firstNonSpace(br); err == nil && (first == '{' || first == '[') {
		return readUsersJSON(br, first)
	}
	var users []string
	sc := bufio.NewScanner(br)
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

// firstNonSpace peeks at the first byte of br that is not white space,
// leaving it unread.
func firstNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return b, br.UnreadByte()
		}
	}
}

// readUsersJSON reads users from what quell's own listings print with
// -o json, piped as it is or through a jq filter that keeps its shape:
// members' {"members": [{"user": …}, …]}, an array of objects with "user"
// (muted, blacklist, members[]), or an array of strings. Unlike lines, a
// JSON string keeps an ID whole: an ID a hostile client made of
// "x\r\nhost_1" read as lines would be two IDs, the second a real user's.
// first is the input's first byte that is not white space ({ or [).
func readUsersJSON(r io.Reader, first byte) ([]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxStdinJSONBytes+1))
	if err != nil {
		return nil, usageErrorf("standard input: %v", err)
	}
	if len(data) > maxStdinJSONBytes {
		return nil, usageErrorf("standard input: JSON larger than %d MB", maxStdinJSONBytes>>20)
	}
	var doc struct {
		Members *[]json.RawMessage `json:"members"`
	}
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		if err := json.Unmarshal(data, &doc); err != nil || doc.Members == nil {
			return nil, usageErrorf("standard input starts with %c but is not JSON quell reads: give `quell members -o json` (or muted, blacklist list) as it prints, or an array of user ID strings (also for IDs that begin with [ or {)", first)
		}
		items = *doc.Members
	}
	if len(items) > maxStdinUsers {
		return nil, usageErrorf("standard input: more than %d users", maxStdinUsers)
	}
	users := make([]string, 0, len(items))
	for i, raw := range items {
		var id string
		if err := json.Unmarshal(raw, &id); err != nil {
			var obj struct {
				User *string `json:"user"`
			}
			if err := json.Unmarshal(raw, &obj); err != nil || obj.User == nil {
				return nil, usageErrorf("standard input: entry %d is neither a user ID string nor an object with \"user\"", i)
			}
			id = *obj.User
		}
		users = append(users, id)
	}
	if len(users) == 0 {
		return nil, usageErrorf("standard input held no users: the JSON list is empty")
	}
	return users, nil
}

// parseMuteFor reads --for with the one parser the console's length prompt
// uses too (backend.ParseLength). Vendor maxima are the engine's to check.
func parseMuteFor(s string) (d time.Duration, forever bool, err error) {
	return backend.ParseLength("--for", s)
}
