package config

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestYAMLErrorsPointAtTheLine: every malformed file below names the line
// to fix. yaml.v3 alone reports the line where the enclosing block began
// (counted from 0) or no line at all for most of them.
func TestYAMLErrorsPointAtTheLine(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // "c.yaml:LINE: not valid YAML: ..."
	}{
		{"bad indent in a list item", "apps:\n  - name: a\n    provider: trtc\n   region: x\n", "c.yaml:4: not valid YAML: did not find expected '-' indicator"},
		{"key dedented by one", "refresh: 3s\nkeys:\n  mute: m\n kick: k\n", "c.yaml:4: not valid YAML: did not find expected key"},
		{"list item under a mapping", "refresh: 3s\nkeys:\n  mute: m\n  - x\n", "c.yaml:4: not valid YAML: did not find expected key"},
		{"list item at the top", "refresh: 3s\napps:\n  - name: a\n    provider: trtc\n- b\n", "c.yaml:5: not valid YAML: did not find expected key"},
		{"mapping in a list", "refresh: 3s\napps:\n  - x\n  y: 2\n", "c.yaml:4: not valid YAML: did not find expected '-' indicator"},
		{"unclosed flow list", "refresh: 3s\napps: [a, b\n", "c.yaml:2: not valid YAML: did not find expected ',' or ']'"},
		{"unclosed flow mapping", "refresh: 3s\napps:\n  - {name: a\n  - b\n", "c.yaml:3: not valid YAML: did not find expected ',' or '}'"},
		{"missing colon", "apps:\n  - name: a\n    provider: trtc\n  bad\n", "c.yaml:4: not valid YAML: could not find expected ':'"},
		{"tab indent", "refresh: 3s\napps:\n\t- name: a\n", "c.yaml:3: not valid YAML: found character that cannot start any token"},
		{"unclosed quote", "refresh: 3s\napps:\n  - name: \"a\n", "c.yaml:3: not valid YAML: found unexpected end of stream"},
		{"control character", "refresh: 3s\napps:\n  - name: a\x01\n", "c.yaml:3: not valid YAML: control characters are not allowed"},
		{"escape sequence", "refresh: 3s\n\napps: \x1b[2J\n", "c.yaml:3: not valid YAML: control characters are not allowed"},
		{"invalid UTF-8", "refresh: 3s\napps:\n  - name: \xff\n", "c.yaml:3: not valid YAML: invalid leading UTF-8 octet"},
		{"unknown alias", "refresh: 3s\napps:\n  - *nope\n", "c.yaml:3: not valid YAML: unknown anchor 'nope' referenced"},
		// Found by CI's fuzz pass: a lone CR is a line break to yaml.v3,
		// which put this error on line 2 of what we counted as 1 line.
		{"unclosed quote, CR line end", "a: 'b\r", "c.yaml:2: not valid YAML: found unexpected end of stream"},
		{"bad indent, CR line ends", "refresh: 3s\rkeys:\r  mute: m\r kick: k\r", "c.yaml:4: not valid YAML: did not find expected key"},
		{"bad indent, CRLF line ends", "refresh: 3s\r\nkeys:\r\n  mute: m\r\n kick: k\r\n", "c.yaml:4: not valid YAML: did not find expected key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := parse("c.yaml", []byte(c.yaml), testEnv)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("err = %v\nwant  %s", err, c.want)
			}
		})
	}
}

// TestExpandedValuesDoNotShiftLines: ${ENV} expands inside a scalar after
// parsing, so a value of many lines moves no later line number.
func TestExpandedValuesDoNotShiftLines(t *testing.T) {
	lookup := env(map[string]string{"MULTI": "a\nb\nc\nd"})
	yaml := "apps:\n  - name: c\n    provider: tencent-chat\n    sdk_app_id: 1\n    admin: ${MULTI}\n    secret_key: x\n    regoin: y\n"
	_, _, err := parse("c.yaml", []byte(yaml), lookup)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:7: apps[0] (c).regoin: unknown field") {
		t.Fatalf("err = %v", err)
	}
}

// TestLineCountMatchesYAML: our line numbers (used to place errors and to
// bound them) count breaks as yaml.v3 does, for every kind of line end.
func TestLineCountMatchesYAML(t *testing.T) {
	for _, brk := range []string{"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029"} {
		data := []byte(strings.Join([]string{"a: 1", "b: 2", "", "c: 3", ""}, brk))
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%q: %v", brk, err)
		}
		keys := doc.Content[0].Content
		for i := 0; i < len(keys); i += 2 {
			at := strings.Index(string(data), keys[i].Value+":")
			if got := lineAt(data, at); got != keys[i].Line {
				t.Errorf("break %q: key %s is on yaml.v3's line %d, lineAt says %d", brk, keys[i].Value, keys[i].Line, got)
			}
		}
		if got := lineCount(data); got != 5 {
			t.Errorf("break %q: lineCount = %d, want 5", brk, got)
		}
	}
}
