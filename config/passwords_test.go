package config

import (
	"slices"
	"testing"
)

func TestServicePasswords(t *testing.T) {
	cases := []struct {
		journal, quota string
		want           []string
	}{
		{"", "", nil},
		{"postgres://quell@db:5432/quell", "redis://cache:6379/0", nil},
		{"postgres://quell:pg-pass%2Fword@db:5432/quell", "", []string{"pg-pass/word"}},
		{"postgresql://quell@db/quell?sslmode=require&password=in-the-query", "", []string{"in-the-query"}},
		{"", "rediss://:redis-secret-1@cache:6380/2", []string{"redis-secret-1"}},
		{"postgres://a:one-password@db/q", "redis://u:two-password@c:6379", []string{"one-password", "two-password"}},
	}
	for _, c := range cases {
		cfg := &Config{JournalURL: Secret(c.journal), Quota: Secret(c.quota)}
		if got := cfg.ServicePasswords(); !slices.Equal(got, c.want) {
			t.Errorf("journal %q quota %q: got %q, want %q", c.journal, c.quota, got, c.want)
		}
	}
}
