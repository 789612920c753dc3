package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quell-console/quell/backend"
)

// writeJSON writes v indented. Strings stay exact (IDs feed later commands)
// but are escaped so the output is also safe to show in a terminal.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = escapeTerminalUnsafe(b)
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// escapeTerminalUnsafe rewrites, as \uXXXX escapes, the characters JSON
// leaves raw that a terminal may act on: C1 controls (U+0080–U+009F, which
// include a one-byte CSI) and bidirectional overrides. Such characters can
// only occur inside JSON strings, so the document's meaning is unchanged.
func escapeTerminalUnsafe(b []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if (r >= 0x80 && r < 0xa0) || isBidi(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}

func isBidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// jsonTime is RFC 3339 in UTC, or null for an unknown time.
func jsonTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// jsonUntil is like jsonTime but says "forever" for a permanent mute or ban.
func jsonUntil(t time.Time) *string {
	if backend.IsForever(t) {
		s := "forever"
		return &s
	}
	return jsonTime(t)
}

// tableTime is a time for people: local, to the second.
func tableTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// tableUntil adds how long is left, which is what a moderator asks.
func tableUntil(t, now time.Time) string {
	switch {
	case t.IsZero():
		return "-"
	case backend.IsForever(t):
		return "forever"
	case !t.After(now):
		return tableTime(t) + " (ended)"
	}
	return tableTime(t) + " (" + shortDuration(t.Sub(now)) + " left)"
}

// shortDuration writes d in the units moderators use: 90s, 10m, 2h5m, 7d.
func shortDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return trimZero(fmt.Sprintf("%dm%ds", int(d.Minutes()), int(d.Seconds())%60))
	case d < 24*time.Hour:
		return trimZero(fmt.Sprintf("%dh%dm", int(d.Hours()), int(d.Minutes())%60))
	}
	return trimZero(fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24))
}

func trimZero(s string) string {
	for _, suffix := range []string{"0s", "0m", "0h"} {
		if strings.HasSuffix(s, suffix) && len(s) > len(suffix) && (s[len(s)-len(suffix)-1] < '0' || s[len(s)-len(suffix)-1] > '9') {
			return s[:len(s)-len(suffix)]
		}
	}
	return s
}

// isTerminal reports whether w is a character device (a terminal), where
// progress lines are worth drawing.
func isTerminal(w io.Writer) bool {
	if u, ok := w.(interface{ Unwrap() io.Writer }); ok {
		w = u.Unwrap() // stdout and stderr go through the redactor
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
