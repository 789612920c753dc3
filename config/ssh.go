package config

import (
	"fmt"
	"net"
	"strconv"

	"golang.org/x/crypto/ssh"
	"gopkg.in/yaml.v3"

	"github.com/quell-console/quell/backend"
)

var sshFields = []string{"listen", "host_key", "idle_timeout", "max_sessions", "users",
	"max_columns", "max_rows", "login_timeout", "max_unauthenticated", "max_unauthenticated_per_address"}
var sshUserFields = []string{"name", "role", "keys"}

func (d *decoder) ssh(n *yaml.Node) SSH {
	var s SSH
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, "ssh", "must be a mapping", "write listen, host_key, idle_timeout, max_sessions and users under it")
		return s
	}
	for _, kv := range d.pairs(n, "ssh") {
		f := "ssh." + kv.key
		switch kv.key {
		case "listen":
			if v, ok := d.str(kv.val, f); ok && v != "" {
				if _, port, err := net.SplitHostPort(v); err != nil || !validPort(port) {
					d.add(kv.val.Line, f, fmt.Sprintf("%q is not host:port", v), "write it like 127.0.0.1:2222 or :2222")
				} else {
					s.Listen = v
				}
			}
		case "host_key":
			if v, ok := d.str(kv.val, f); ok {
				s.HostKey = expandHome(v)
			}
		case "idle_timeout":
			if v, ok := d.duration(kv.val, f); ok {
				if v < 0 {
					d.add(kv.val.Line, f, "must not be negative", "write a duration such as 30m (0 for none)")
				} else {
					s.IdleTimeout = v
				}
			}
		case "max_sessions":
			d.sshCount(kv.val, f, &s.MaxSessions)
		case "max_columns":
			d.sshSize(kv.val, f, &s.MaxColumns)
		case "max_rows":
			d.sshSize(kv.val, f, &s.MaxRows)
		case "max_unauthenticated":
			d.sshCount(kv.val, f, &s.MaxUnauthenticated)
		case "max_unauthenticated_per_address":
			d.sshCount(kv.val, f, &s.MaxUnauthenticatedAddr)
		case "login_timeout":
			if v, ok := d.duration(kv.val, f); ok {
				if v < 0 {
					d.add(kv.val.Line, f, "must not be negative", "write a duration such as 10s (0 for the default)")
				} else {
					s.LoginTimeout = v
				}
			}
		case "users":
			s.Users = d.sshUsers(kv.val)
		default:
			d.unknown(kv.line, "ssh", kv.key, sshFields)
		}
	}
	return s
}

// sshCount reads a whole number of at least 0 (0: the default) into dst.
func (d *decoder) sshCount(n *yaml.Node, f string, dst *int) {
	if v, ok := d.str(n, f); ok {
		m, err := strconv.Atoi(v)
		if err != nil || m < 0 {
			d.add(n.Line, f, fmt.Sprintf("%q is not a count", v), "write a whole number, 0 for the default")
			return
		}
		*dst = m
	}
}

// maxTerminalCells is the most a terminal limit may be set to: past it one
// session's frames cost tens of megabytes again (issue #11).
const maxTerminalCells = 2000

// sshSize reads a terminal dimension limit (columns or rows).
func (d *decoder) sshSize(n *yaml.Node, f string, dst *int) {
	if v, ok := d.str(n, f); ok {
		m, err := strconv.Atoi(v)
		if err != nil || m < 0 || m > maxTerminalCells {
			d.add(n.Line, f, fmt.Sprintf("%q is not a size from 1 to %d", v, maxTerminalCells), "write a whole number such as 500, 0 for the default")
			return
		}
		*dst = m
	}
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 0 && n <= 65535
}

func (d *decoder) sshUsers(n *yaml.Node) []SSHUser {
	if n.Kind != yaml.SequenceNode {
		d.add(n.Line, "ssh.users", "must be a list", "start each user with `- name: ...`")
		return nil
	}
	var users []SSHUser
	names := map[string]int{}
	for i, un := range n.Content {
		prefix := fmt.Sprintf("ssh.users[%d]", i)
		if un.Kind != yaml.MappingNode {
			d.add(un.Line, prefix, "must be a mapping of name, role and keys", "")
			continue
		}
		var u SSHUser
		seen := map[string]bool{}
		for _, kv := range d.pairs(un, prefix) {
			f := prefix + "." + kv.key
			seen[kv.key] = true
			switch kv.key {
			case "name":
				if v, ok := d.str(kv.val, f); ok {
					u.Name = v
					if first, dup := names[v]; dup && v != "" {
						d.add(kv.val.Line, f, fmt.Sprintf("duplicate user %q (first at line %d)", v, first), "give each user one entry")
					}
					names[v] = kv.val.Line
				}
			case "role":
				if v, ok := d.str(kv.val, f); ok {
					if _, ok := backend.ParseRole(v); !ok {
						fix := "use " + backend.RoleChoices()
						if s := closest(v, backend.RoleNames()); s != "" {
							fix = fmt.Sprintf("did you mean %s?", s)
						}
						d.add(kv.val.Line, f, fmt.Sprintf("unknown role %q", v), fix)
					}
					u.Role = v
				}
			case "keys":
				for j, k := range d.strList(kv.val, f) {
					if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k)); err != nil {
						line := kv.val.Line
						if j < len(kv.val.Content) {
							line = kv.val.Content[j].Line
						}
						d.add(line, fmt.Sprintf("%s[%d]", f, j), "not a public key line",
							"paste a line from ~/.ssh/id_ed25519.pub (type, base64 key, comment)")
						continue
					}
					u.Keys = append(u.Keys, k)
				}
			default:
				d.unknown(kv.line, prefix, kv.key, sshUserFields)
			}
		}
		if u.Name == "" {
			d.add(un.Line, prefix+".name", "missing", "add name: the operator's name, shown in the journal")
		}
		if !seen["role"] {
			d.add(un.Line, prefix+".role", "missing", "add role: "+backend.RoleChoices())
		}
		if !seen["keys"] {
			d.add(un.Line, prefix+".keys", "missing", "add keys: a list of the operator's public key lines")
		}
		users = append(users, u)
	}
	return users
}
