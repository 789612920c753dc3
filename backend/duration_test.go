package backend

import (
	"strings"
	"testing"
	"time"
)

// TestParseLength holds the console and the CLI to one reading: before,
// 1d12h worked only in the CLI and 1.5h only in the console.
func TestParseLength(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    time.Duration
		forever bool
		bad     bool
	}{
		{in: "90s", want: 90 * time.Second},
		{in: "10m", want: 10 * time.Minute},
		{in: "2h", want: 2 * time.Hour},
		{in: "7d", want: 7 * 24 * time.Hour},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "1.5d", want: 36 * time.Hour},
		{in: "0.5m", want: 30 * time.Second},
		{in: " 24H ", want: 24 * time.Hour},
		{in: "1.2s", want: time.Second},
		{in: "forever", forever: true},
		{in: "FOREVER", forever: true},
		{in: "permanent", forever: true},
		{in: "", bad: true},
		{in: "0s", bad: true},
		{in: "0d", bad: true},
		{in: "0.4s", bad: true},
		{in: "-5m", bad: true},
		{in: "10", bad: true},
		{in: "m", bad: true},
		{in: "10w", bad: true},
		{in: "500ms", bad: true},
		{in: "1h1h", bad: true},
		{in: "1..5h", bad: true},
		{in: "soon", bad: true},
		{in: "99999999999999999999d", bad: true},
		{in: "40000d", bad: true},
	} {
		d, forever, err := ParseLength("--for", tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: accepted as %v", tc.in, d)
			} else if !strings.HasPrefix(err.Error(), "--for") || !IsInputError(err) {
				t.Errorf("%q: error does not name the field: %v", tc.in, err)
			}
			continue
		}
		if err != nil || d != tc.want || forever != tc.forever {
			t.Errorf("%q = %v, %v, %v; want %v, %v", tc.in, d, forever, err, tc.want, tc.forever)
		}
	}
}
