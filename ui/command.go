package ui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/quell-console/quell/views"
)

// ownCommands are the `:` commands that open no view; the views declare
// the others (views.Commands).
var ownCommands = []views.Command{
	{Name: "watch", Arg: "ROOM", Help: "watch a room of a ZEGO app (ZEGO cannot list rooms)",
		Complete: func(h views.Here) []string {
			out := make([]string, 0, len(h.Rooms))
			for _, r := range h.Rooms {
				out = append(out, clean(r.ID))
			}
			return out
		}},
	{Name: "help", Help: "every key and command"},
	{Name: "q", Help: "quit"},
}

// commands is every `:` command, in the order the help lists them.
func commands() []views.Command {
	return append(append(views.Commands(), actionCommands()...), ownCommands...)
}

// parsedCommand is a command line split into its command and argument.
type parsedCommand struct {
	Name string
	Arg  string
}

// parseCommand reads "room 1234" (a leading ":" is allowed) and checks the
// command exists and has the argument it needs.
func parseCommand(line string) (parsedCommand, error) {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), ":"))
	if line == "" {
		return parsedCommand{}, fmt.Errorf("type a command: %s", commandNames())
	}
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	name = strings.ToLower(name)
	if name == "quit" {
		name = "q"
	}
	c, ok := findCommand(name)
	if !ok {
		return parsedCommand{}, fmt.Errorf("no command %q: try %s", name, commandNames())
	}
	switch {
	case c.Arg != "" && arg == "" && !c.ArgOptional:
		return parsedCommand{}, fmt.Errorf(":%s needs %s", c.Name, c.Arg)
	case c.Arg == "" && arg != "":
		return parsedCommand{}, fmt.Errorf(":%s takes no argument", c.Name)
	}
	return parsedCommand{Name: c.Name, Arg: arg}, nil
}

func findCommand(name string) (views.Command, bool) {
	for _, c := range commands() {
		if c.Name == name {
			return c, true
		}
	}
	return views.Command{}, false
}

// commandIDs are the command names, for the command line's hint.
func commandIDs() []string {
	cs := commands()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

func commandNames() string {
	cs := commands()
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = ":" + c.Name
	}
	return strings.Join(names, " ")
}

// maxCompletions caps the candidates offered, so a room list of thousands
// does not flood the screen or the tab cycle.
const maxCompletions = 50

// completions returns what line may become: command names while the first
// word is typed, then the arguments args offers for that command (app names,
// room IDs, user IDs), matched by prefix, case-insensitively. A command of
// several words (CompleteWord) completes its last word, given those before
// it; the others complete their whole argument. Every candidate is a whole
// line.
func completions(line string, args func(cmd string, before []string) []string) []string {
	line = strings.TrimPrefix(line, ":")
	name, arg, spaced := strings.Cut(line, " ")
	var out []string
	if !spaced {
		for _, c := range commands() {
			if strings.HasPrefix(c.Name, strings.ToLower(name)) {
				cand := c.Name
				if c.Arg != "" {
					cand += " "
				}
				out = append(out, cand)
			}
		}
		return out
	}
	c, ok := findCommand(strings.ToLower(name))
	if !ok || c.Arg == "" || args == nil {
		return nil
	}
	head, prefix, before := c.Name+" ", strings.TrimLeft(arg, " "), []string(nil)
	if c.CompleteWord != nil {
		words := strings.Fields(prefix)
		if !strings.HasSuffix(prefix, " ") && len(words) > 0 {
			prefix, words = words[len(words)-1], words[:len(words)-1]
		} else {
			prefix = ""
		}
		before = words
		if len(words) > 0 {
			head += strings.Join(words, " ") + " "
		}
	}
	prefix = strings.ToLower(prefix)
	seen := map[string]bool{}
	for _, a := range args(c.Name, before) {
		if seen[a] || !strings.HasPrefix(strings.ToLower(a), prefix) {
			continue
		}
		seen[a] = true
		if c.CompleteWord != nil && !strings.HasSuffix(a, "/") {
			a += " " // the word is whole: the next tab completes the next one
		}
		out = append(out, head+a)
	}
	sort.Strings(out)
	if len(out) > maxCompletions {
		out = out[:maxCompletions]
	}
	return out
}
