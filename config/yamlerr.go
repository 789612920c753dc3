package config

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yamlSyntaxProblem rewords a yaml.v3 error so that it points at the line
// to fix. Its messages name the line and the kind of token but never quote
// a value, so no secret can leak through.
//
// yaml.v3's line is not always that line: for a parser error ("did not find
// expected key") it reports where the enclosing block or flow began,
// counted from 0, so a bad indent on line 4 reads "line 3" or "line 1"; and
// some errors carry no line at all (control characters, bad UTF-8, an
// unknown alias). errorLine finds the real one.
func yamlSyntaxProblem(data []byte, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	text := msg
	var reported int
	if n, _ := fmt.Sscanf(msg, "line %d:", &reported); n == 1 {
		text = strings.TrimSpace(strings.SplitN(msg, ":", 2)[1])
	}
	return Problem{Line: min(errorLine(data, err.Error(), text, reported), lineCount(data)),
		Problem: "not valid YAML: " + text, Fix: "check the indentation and quoting near this line"}
}

// maxRefineBytes and maxRefineParses bound the prefix search below (each
// step parses a prefix of the file): a config is a few kilobytes and its
// error a few lines past the block's start; beyond either bound the line
// after yaml.v3's is kept.
const (
	maxRefineBytes  = 64 << 10
	maxRefineParses = 200
)

var unknownAlias = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

func errorLine(data []byte, full, text string, reported int) int {
	switch {
	case strings.HasPrefix(text, "did not find expected"):
		if len(data) <= maxRefineBytes {
			if l := firstFailingLine(data, full, reported); l > 0 {
				return l
			}
		}
		// The block began on the 0-based line reported: the problem is
		// after it (yamlSyntaxProblem keeps it within the file).
		return reported + 1
	case reported > 0:
		return reported
	case unknownAlias.MatchString(text):
		name := unknownAlias.FindStringSubmatch(text)[1]
		if i := bytes.Index(data, []byte("*"+name)); i >= 0 {
			return lineAt(data, i)
		}
	case strings.Contains(text, "UTF-8") || strings.Contains(text, "control characters"):
		if i := firstUnreadable(data); i >= 0 {
			return lineAt(data, i)
		}
	}
	return 0
}

// firstFailingLine is the first line whose prefix of the file (lines 1..k)
// already fails with the whole file's error: the parser gave up there.
// The block of the error began after the 0-based line yaml.v3 reported, so
// the search starts there.
func firstFailingLine(data []byte, full string, from int) int {
	lines := splitLines(data)
	// An error at the end of the file is reported past its last line: the
	// search then starts at that line.
	from = min(from, len(lines)-1)
	end, parses := 0, 0
	for k := 1; k <= len(lines); k++ {
		end += len(lines[k-1])
		if k <= from {
			continue
		}
		if parses++; parses > maxRefineParses {
			return 0
		}
		var n yaml.Node
		if err := yaml.Unmarshal(data[:end], &n); err != nil && err.Error() == full {
			return k
		}
	}
	return 0
}

// firstUnreadable is the offset of the first byte YAML refuses: invalid
// UTF-8, or a control character other than tab, line feed, carriage return
// and NEL (YAML 1.2 §5.1); -1 when there is none.
func firstUnreadable(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return i
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			return i
		}
		i += size
	}
	return -1
}

// Lines are counted the way yaml.v3 counts them, so that its lines, the
// nodes' lines and ours agree: CR LF is one break, and so is a lone CR, LF,
// NEL, LS or PS (YAML 1.1 §5.4, which yaml.v3's scanner follows; a lone CR
// is an old Mac line end, and editors show it as one too).

// breakAt is the length of the line break starting at data[i], 0 if none.
func breakAt(data []byte, i int) int {
	switch {
	case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
		return 2
	case data[i] == '\r' || data[i] == '\n':
		return 1
	case bytes.HasPrefix(data[i:], []byte("\u0085")):
		return 2
	case bytes.HasPrefix(data[i:], []byte("\u2028")), bytes.HasPrefix(data[i:], []byte("\u2029")):
		return 3
	}
	return 0
}

// splitLines cuts data after each line break, like bytes.SplitAfter.
func splitLines(data []byte) [][]byte {
	var lines [][]byte
	start := 0
	for i := 0; i < len(data); {
		if n := breakAt(data, i); n > 0 {
			i += n
			lines = append(lines, data[start:i])
			start = i
			continue
		}
		i++
	}
	return append(lines, data[start:])
}

// lineAt is the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	return len(splitLines(data[:i]))
}

// lineCount is the number of lines in data, the last one possibly empty
// (a file ending in a line break has an empty line after it, where yaml.v3
// reports an error at the very end).
func lineCount(data []byte) int { return lineAt(data, len(data)) }
