package ui

import (
	"reflect"
	"testing"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want parsedCommand
		bad  bool
	}{
		{in: ":apps", want: parsedCommand{Name: "apps"}},
		{in: "room 1234", want: parsedCommand{Name: "room", Arg: "1234"}},
		{in: ":room   lobby ", want: parsedCommand{Name: "room", Arg: "lobby"}},
		{in: ":blacklist alice", want: parsedCommand{Name: "blacklist", Arg: "alice"}},
		{in: ":blacklist", want: parsedCommand{Name: "blacklist"}},
		{in: ":quit", want: parsedCommand{Name: "q"}},
		{in: ":Q", want: parsedCommand{Name: "q"}},
		{in: ":room", bad: true},
		{in: ":apps now", bad: true},
		{in: ":delete everything", bad: true},
		{in: ":", bad: true},
	} {
		got, err := parseCommand(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%q accepted as %+v", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestCompletions(t *testing.T) {
	args := func(cmd string, _ []string) []string {
		switch cmd {
		case "room":
			return []string{"lobby", "Lounge", "arena", "lobby"}
		case "app":
			return []string{"chat-eu", "trtc-main"}
		}
		return nil
	}
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"ro", []string{"rooms", "room "}},
		{":a", []string{"apps", "app ", "activity"}},
		{"room l", []string{"room Lounge", "room lobby"}},
		{"room ", []string{"room Lounge", "room arena", "room lobby"}},
		{"app t", []string{"app trtc-main"}},
		{"apps x", nil},
		{"nothing ", nil},
	} {
		if got := completions(tc.line, args); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("completions(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}
