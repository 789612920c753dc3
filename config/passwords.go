package config

import "net/url"

// ServicePasswords are the passwords inside the journal and quota URLs, for
// the process's redactor: a driver's error or a log line that echoes a
// connection string must not show them.
func (c *Config) ServicePasswords() []string {
	return append(URLPasswords(c.JournalURL.Reveal()), URLPasswords(c.Quota.Reveal())...)
}

// URLPasswords are the passwords a service URL carries: in its user info
// (postgres://u:PASS@h/db) or, as PostgreSQL also reads it, a password=
// parameter; percent-decoded as the drivers read them. Anything that is
// not a URL has none.
func URLPasswords(raw string) []string {
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		return nil
	}
	var out []string
	if u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			out = append(out, p)
		}
	}
	if p := u.Query().Get("password"); p != "" {
		out = append(out, p)
	}
	return out
}
