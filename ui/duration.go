package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
)

// muteChoices are the durations the mute picker offers before typing.
var muteChoices = []string{"1m", "10m", "1h", "24h", "7d", "forever"}

// parseMuteDuration reads a picker choice or a typed length with the one
// parser the CLI's --for uses too (backend.ParseLength): "90s", "1.5h",
// "1d12h", "7d" or "forever".
func parseMuteDuration(s string) (d time.Duration, forever bool, err error) {
	return backend.ParseLength("length", s)
}

// formatLength writes a mute length the way the picker offers it.
func formatLength(d time.Duration, forever bool) string {
	if forever {
		return "forever"
	}
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	s := d.String() // "1h0m0s", "10m0s", "1m30s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
