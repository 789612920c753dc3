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
	return Problem{Line: errorLine(data, err.Error(), text, reported),
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
		// after it, but never past the file's last line (an error at the
		// very end is reported on the line after it).
		return min(reported+1, lineAt(data, len(data)))
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
	lines := bytes.SplitAfter(data, []byte("\n"))
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

// lineAt is the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte("\n")) + 1
}
