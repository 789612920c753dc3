package backend

import (
	"strings"
	"testing"
)

func TestIDProblem(t *testing.T) {
	cases := []struct {
		id   string
		max  int
		want string // substring of the problem; "" = valid
	}{
		{"alice", 32, ""},
		{"@TGS#2C5SZEAEF", 48, ""},
		{"用户-1", 32, ""},
		{"with space", 32, ""},
		{strings.Repeat("a", 32), 32, ""},
		{strings.Repeat("a", 33), 32, "is 33 bytes; the limit is 32"},
		{strings.Repeat("a", 10000), 256, "is 10000 bytes"},
		{"", 32, "is empty"},
		{"a\x00b", 32, "control character U+0000 at byte 1"},
		{"\x1b[31mred", 32, "U+001B at byte 0"},
		{"tab\there", 32, "U+0009"},
		{"del\x7f", 32, "U+007F"},
		{"c1\u009b2J", 32, "U+009B"},
		{"bad\xffutf8", 32, "not valid UTF-8"},
	}
	for _, c := range cases {
		got := IDProblem(c.id, c.max)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("IDProblem(%q, %d) = %q, want %q", ShortValue(c.id), c.max, got, c.want)
		}
	}
}

func TestShortValueCutsOnARuneBoundary(t *testing.T) {
	long := strings.Repeat("é", 100) // 2 bytes each
	got := ShortValue(long)
	if len(got) > 48+len("…") || !strings.HasSuffix(got, "…") || strings.ContainsRune(got, '\uFFFD') {
		t.Fatalf("ShortValue = %q", got)
	}
	if ShortValue("short") != "short" {
		t.Fatal("a short value must stay whole")
	}
}
