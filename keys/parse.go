package keys

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// namedKeys are the key names bubbletea v1 reports (KeyMsg.String) beyond
// single characters and modifier chords.
var namedKeys = map[string]bool{
	"up": true, "down": true, "left": true, "right": true,
	"enter": true, "esc": true, "tab": true, "backspace": true, "delete": true,
	"insert": true, "home": true, "end": true, "pgup": true, "pgdown": true,
}

// aliases map friendly config spellings to bubbletea's names.
var aliases = map[string]string{
	"space": " ", "escape": "esc", "return": "enter", "pageup": "pgup", "pagedown": "pgdown",
	"page_up": "pgup", "page_down": "pgdown", "del": "delete", "ins": "insert",
}

func init() {
	for i := 1; i <= 20; i++ {
		namedKeys[fmt.Sprintf("f%d", i)] = true
	}
}

// parseKeys reads an override value: one key, or several separated by commas.
// A lone "," is the comma key itself.
func parseKeys(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, fmt.Errorf("empty key (use %q to disable a binding)", Disabled)
	}
	parts := []string{v}
	if v != "," && strings.Contains(v, ",") {
		parts = strings.Split(v, ",")
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		k, err := parseKey(p)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

func parseKey(p string) (string, error) {
	if p == " " {
		return " ", nil
	}
	p = strings.TrimSpace(p)
	if p == "" {
		return "", fmt.Errorf("empty key in list")
	}
	if a, ok := aliases[strings.ToLower(p)]; ok {
		return a, nil
	}
	if utf8.RuneCountInString(p) == 1 {
		return p, nil
	}
	low := strings.ToLower(p)
	if namedKeys[low] {
		return low, nil
	}
	for _, mod := range []string{"ctrl+shift+", "ctrl+alt+", "ctrl+", "alt+", "shift+"} {
		if rest, ok := strings.CutPrefix(low, mod); ok && rest != "" {
			if mod == "alt+" {
				// alt chords keep the case of the letter: alt+M is not alt+m.
				rest = p[len(mod):]
				if r, err := parseKey(rest); err == nil {
					return mod + r, nil
				}
				break
			}
			if utf8.RuneCountInString(rest) == 1 || namedKeys[rest] {
				return mod + rest, nil
			}
			break
		}
	}
	return "", fmt.Errorf("unknown key %q (use a character, a name like enter, esc, tab, pgup, f1, space, or a chord like ctrl+x, alt+x, shift+tab)", p)
}

// displayKey is how a key reads in help and errors.
func displayKey(k string) string {
	switch k {
	case " ":
		return "space"
	case "up":
		return "↑"
	case "down":
		return "↓"
	}
	return k
}

func helpKeys(ks []string) string {
	d := make([]string, len(ks))
	for i, k := range ks {
		d[i] = displayKey(k)
	}
	return strings.Join(d, "/")
}
