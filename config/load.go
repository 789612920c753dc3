package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// DefaultRefresh is the live list refresh interval when the file sets none.
const DefaultRefresh = 3 * time.Second

// DefaultPath is $XDG_CONFIG_HOME/quell/config.yaml, else
// ~/.config/quell/config.yaml.
func DefaultPath() string {
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "quell", "config.yaml")
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return filepath.Join(".config", "quell", "config.yaml")
	}
	return filepath.Join(home, ".config", "quell", "config.yaml")
}

// Load reads, expands and validates the config file at path. Warnings are
// problems that do not stop quell (a secret-holding file others can read).
// The error, when not nil, is an *Error listing every problem found, each with
// the file, line, field and fix; it never contains a secret.
func Load(path string) (*Config, []string, error) {
	data, problem := readFile(path)
	if problem != nil {
		return nil, nil, &Error{File: path, Problems: []Problem{*problem}}
	}
	cfg, warnings, err := Parse(path, data)
	if err != nil {
		return nil, warnings, err
	}
	if cfg.hasSecrets {
		if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
			warnings = append(warnings, fmt.Sprintf(
				"%s holds secrets and is readable by group or others (mode %04o): run `chmod 600 %s`",
				path, st.Mode().Perm(), path))
		}
	}
	return cfg, warnings, nil
}

// errText is err's message without the path repeated by *fs.PathError.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse validates config text; name is used in messages and as Config.Path.
// ${NAME} references are expanded from the process environment.
func Parse(name string, data []byte) (*Config, []string, error) {
	return parse(name, data, os.LookupEnv)
}

func parse(name string, data []byte, lookup func(string) (string, bool)) (*Config, []string, error) {
	d := &decoder{file: name, lookup: lookup, lines: lineCount(data)}
	cfg := &Config{Path: name, Refresh: DefaultRefresh}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, &Error{File: name, Problems: []Problem{yamlSyntaxProblem(data, err)}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		d.add(0, "apps", "the file is empty", "add an apps: list (see the README's Config section)")
		return nil, nil, d.err()
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.add(root.Line, "", "the file must be a mapping of refresh, apps, keys, journal, quota and ssh", "start it with `apps:`")
		return nil, nil, d.err()
	}
	var appsNode *yaml.Node
	for _, kv := range d.pairs(root, "") {
		switch kv.key {
		case "refresh":
			if v, ok := d.duration(kv.val, "refresh"); ok {
				if v <= 0 {
					d.add(kv.val.Line, "refresh", "must be positive", "write a duration such as 3s")
				} else {
					cfg.Refresh = v
				}
			}
		case "apps":
			appsNode = kv.val
		case "keys":
			cfg.Keys = d.keys(kv.val)
		case "journal":
			// A PostgreSQL URL may carry a password: it is read as a secret.
			if v, ok := d.str(kv.val, "journal"); ok {
				if IsJournalURL(v) {
					cfg.JournalURL = Secret(v)
					if u, err := url.Parse(v); err == nil && u.User != nil {
						if _, has := u.User.Password(); has {
							d.secrets = true
						}
					}
				} else if strings.Contains(v, "://") {
					d.add(kv.val.Line, "journal", "only postgres:// URLs are journals besides a file path",
						"write a file path, or postgres://USER@HOST:PORT/DB with the password in ${ENV}")
				} else {
					cfg.Journal = expandHome(v)
				}
			}
		case "quota":
			if v, ok := d.secret(kv.val, "quota"); ok && v != "" {
				if problem := quotaProblem(v.Reveal()); problem != "" {
					d.add(kv.val.Line, "quota", problem, "write redis://HOST:PORT/DB or rediss://HOST:PORT/DB (TLS), with the password in ${ENV}")
				} else {
					cfg.Quota = v
				}
			}
		case "ssh":
			cfg.SSH = d.ssh(kv.val)
		default:
			d.unknown(kv.line, "", kv.key, topFields)
		}
	}
	if appsNode == nil {
		d.add(root.Line, "apps", "no apps configured", "add an apps: list with at least one app")
	} else {
		cfg.Apps = d.apps(appsNode)
	}
	if err := d.err(); err != nil {
		return nil, nil, err
	}
	cfg.hasSecrets = d.secrets
	return cfg, nil, nil
}

var topFields = []string{"refresh", "apps", "keys", "journal", "quota", "ssh"}

// IsJournalURL says whether a journal setting names a PostgreSQL database
// rather than a SQLite file.
func IsJournalURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// quotaProblem checks a quota URL's shape without ever quoting it (it may
// hold a password).
func quotaProblem(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme != "redis" && u.Scheme != "rediss":
		return "must be a redis:// or rediss:// URL"
	case u.Hostname() == "":
		return "names no host"
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		if _, err := strconv.Atoi(db); err != nil {
			return "the database after the host must be a number"
		}
	}
	return ""
}

// Problem is one thing wrong with the file.
type Problem struct {
	Line    int    // 0 when the problem is with the whole file
	Field   string // "apps[1].region"
	Problem string
	Fix     string
}

// Error lists every problem found in a config file.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
		if p.Field != "" {
			b.WriteString(p.Field + ": ")
		}
		b.WriteString(p.Problem)
		if p.Fix != "" {
			b.WriteString("; " + p.Fix)
		}
	}
	return b.String()
}

// decoder walks the yaml.Node tree by hand so every problem has a line, and
// every problem is collected rather than stopping at the first.
type decoder struct {
	file     string
	lookup   func(string) (string, bool)
	problems []Problem
	secrets  bool // a secret field was set (inline or expanded)
	lines    int  // the file's line count: no problem is placed past it
}

func (d *decoder) add(line int, field, problem, fix string) {
	d.problems = append(d.problems, Problem{Line: min(line, d.lines), Field: field, Problem: problem, Fix: fix})
}

func (d *decoder) err() error {
	if len(d.problems) == 0 {
		return nil
	}
	return &Error{File: d.file, Problems: d.problems}
}

type pair struct {
	key  string
	line int
	val  *yaml.Node
}

// pairs lists a mapping's entries, reporting duplicate and non-string keys.
func (d *decoder) pairs(m *yaml.Node, prefix string) []pair {
	seen := map[string]int{}
	var out []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.add(k.Line, prefix, "a key must be a plain name", "")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.add(k.Line, join(prefix, k.Value), fmt.Sprintf("set twice (first at line %d)", first), "keep one")
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, pair{key: k.Value, line: k.Line, val: v})
	}
	return out
}

func join(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

func (d *decoder) unknown(line int, prefix, key string, known []string) {
	fix := "remove it; known fields: " + strings.Join(known, ", ")
	if s := closest(key, known); s != "" {
		fix = fmt.Sprintf("did you mean %s?", s)
	}
	d.add(line, join(prefix, key), "unknown field", fix)
}

// scalar expands a scalar node. ok is false (and a problem recorded) when the
// node is not a scalar or names a missing environment variable. secret
// fields never have their value quoted.
func (d *decoder) scalar(n *yaml.Node, field string, secret bool) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.add(n.Line, field, "must be a single value, not a list or mapping", "")
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	v, missing := expandEnv(n.Value, d.lookup)
	if len(missing) > 0 {
		for _, name := range missing {
			d.add(n.Line, field, fmt.Sprintf("environment variable %s is not set", name),
				fmt.Sprintf("export %s before starting quell", name))
		}
		return "", false
	}
	if secret && v != "" {
		d.secrets = true
	}
	return v, true
}

func (d *decoder) str(n *yaml.Node, field string) (string, bool) { return d.scalar(n, field, false) }

func (d *decoder) secret(n *yaml.Node, field string) (Secret, bool) {
	v, ok := d.scalar(n, field, true)
	return Secret(v), ok
}

func (d *decoder) duration(n *yaml.Node, field string) (time.Duration, bool) {
	v, ok := d.str(n, field)
	if !ok {
		return 0, false
	}
	t, err := time.ParseDuration(v)
	if err != nil {
		d.add(n.Line, field, fmt.Sprintf("%q is not a duration", v), "write it like 3s, 500ms or 10m")
		return 0, false
	}
	return t, true
}

func (d *decoder) strList(n *yaml.Node, field string) []string {
	if n.Kind != yaml.SequenceNode {
		d.add(n.Line, field, "must be a list", "write it as [a, b] or one `- item` per line")
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		f := fmt.Sprintf("%s[%d]", field, i)
		if v, ok := d.str(item, f); ok {
			if v == "" {
				d.add(item.Line, f, "is empty", "remove it or write a value")
				continue
			}
			out = append(out, v)
		}
	}
	return out
}

func (d *decoder) keys(n *yaml.Node) map[string]string {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, "keys", "must be a mapping of action name to key", "write it like `mute: m`")
		return nil
	}
	out := map[string]string{}
	for _, kv := range d.pairs(n, "keys") {
		f := "keys." + kv.key
		if v, ok := d.str(kv.val, f); ok {
			if v == "" {
				d.add(kv.val.Line, f, "no key given", `write a key such as "m", or "<disabled>"`)
				continue
			}
			out[kv.key] = v
		}
	}
	return out
}

// expandHome turns a leading ~/ into the home directory.
func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}
