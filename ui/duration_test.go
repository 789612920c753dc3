package ui

import (
	"testing"
	"time"
)

func TestParseMuteDuration(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    time.Duration
		forever bool
		bad     bool
	}{
		{in: "1m", want: time.Minute},
		{in: "10m", want: 10 * time.Minute},
		{in: "90s", want: 90 * time.Second},
		{in: "3h", want: 3 * time.Hour},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "7d", want: 7 * 24 * time.Hour},
		{in: " 24H ", want: 24 * time.Hour},
		{in: "forever", forever: true},
		{in: "", bad: true},
		{in: "0s", bad: true},
		{in: "-5m", bad: true},
		{in: "0d", bad: true},
		{in: "1.5d", want: 36 * time.Hour},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "soon", bad: true},
		{in: "500ms", bad: true},
	} {
		d, forever, err := parseMuteDuration(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: accepted as %v", tc.in, d)
			}
			continue
		}
		if err != nil || d != tc.want || forever != tc.forever {
			t.Errorf("%q = %v, %v, %v; want %v, %v", tc.in, d, forever, err, tc.want, tc.forever)
		}
	}
}

func TestFormatLength(t *testing.T) {
	for _, tc := range []struct {
		d       time.Duration
		forever bool
		want    string
	}{
		{10 * time.Minute, false, "10m"},
		{time.Hour, false, "1h"},
		{90 * time.Second, false, "1m30s"},
		{7 * 24 * time.Hour, false, "7d"},
		{0, true, "forever"},
	} {
		if got := formatLength(tc.d, tc.forever); got != tc.want {
			t.Errorf("formatLength(%v, %v) = %q, want %q", tc.d, tc.forever, got, tc.want)
		}
	}
}
