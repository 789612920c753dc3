package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// muteChoices are the durations the mute picker offers before typing.
var muteChoices = []string{"1m", "10m", "1h", "24h", "7d", "forever"}

// parseMuteDuration reads a picker choice or a typed length: Go durations
// ("90s", "3h", "1h30m") plus days ("7d"), or "forever". Zero and negative
// lengths are refused: a zero MuteTime unmutes on Tencent Chat, which is the
// opposite of what the moderator asked for.
func parseMuteDuration(s string) (d time.Duration, forever bool, err error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "":
		return 0, false, fmt.Errorf("type a length such as 90s, 10m, 3h or 7d")
	case "forever", "permanent", "perm":
		return 0, true, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return 0, false, fmt.Errorf("%q: days must be a whole positive number, e.g. 7d", s)
		}
		return time.Duration(n) * 24 * time.Hour, false, nil
	}
	d, err = time.ParseDuration(s)
	if err != nil {
		return 0, false, fmt.Errorf("%q is not a length: use 90s, 10m, 3h or 7d", s)
	}
	if d < time.Second {
		return 0, false, fmt.Errorf("%q is too short: at least 1s", s)
	}
	return d.Truncate(time.Second), false, nil
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
