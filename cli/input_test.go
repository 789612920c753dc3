package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseMuteFor(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		forever bool
		bad     bool
	}{
		{"90s", 90 * time.Second, false, false},
		{"10m", 10 * time.Minute, false, false},
		{"2h", 2 * time.Hour, false, false},
		{"7d", 7 * 24 * time.Hour, false, false},
		{"1d12h", 36 * time.Hour, false, false},
		{"1h30m", 90 * time.Minute, false, false},
		{"forever", 0, true, false},
		{"FOREVER", 0, true, false},
		{"permanent", 0, true, false},
		{"", 0, false, true},
		{"0s", 0, false, true},
		{"-5m", 0, false, true},
		{"10", 0, false, true},
		{"m", 0, false, true},
		{"10w", 0, false, true},
		{"1.5h", 90 * time.Minute, false, false},
		{"1h1h", 0, false, true},
		{"99999999999999999999d", 0, false, true},
		{"40000d", 0, false, true},
	}
	for _, tc := range tests {
		d, forever, err := parseMuteFor(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("parseMuteFor(%q) = %v, want error", tc.in, d)
			} else if !strings.Contains(err.Error(), "--for") {
				t.Errorf("parseMuteFor(%q) error does not name --for: %v", tc.in, err)
			}
			continue
		}
		if err != nil || d != tc.want || forever != tc.forever {
			t.Errorf("parseMuteFor(%q) = %v %v %v, want %v %v", tc.in, d, forever, err, tc.want, tc.forever)
		}
	}
}

func TestReadUsers(t *testing.T) {
	got, err := readUsers([]string{"-"}, strings.NewReader("alice\n\n  bob  \r\n\ncarol"))
	if err != nil || strings.Join(got, ",") != "alice,bob,carol" {
		t.Errorf("stdin: %q %v", got, err)
	}
	got, err = readUsers([]string{"a", "b"}, strings.NewReader("ignored"))
	if err != nil || strings.Join(got, ",") != "a,b" {
		t.Errorf("args: %q %v", got, err)
	}
	for _, tc := range []struct {
		args  []string
		stdin string
	}{{nil, ""}, {[]string{"-"}, "\n\n"}, {[]string{"a", "-"}, "b"}} {
		if _, err := readUsers(tc.args, strings.NewReader(tc.stdin)); err == nil {
			t.Errorf("readUsers(%q, %q): want error", tc.args, tc.stdin)
		} else if ee, ok := err.(*exitError); !ok || ee.code != exitUsage {
			t.Errorf("readUsers(%q): want a usage error, got %v", tc.args, err)
		}
	}
}

func TestWriteJSONEscapesTerminalControls(t *testing.T) {
	v := map[string]string{"name": "a\x1b]0;pwned\x07b\u009b31mc\u202ed"}
	var buf bytes.Buffer
	if err := writeJSON(&buf, v); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, r := range out {
		if r == 0x1b || r == 0x07 || (r >= 0x80 && r < 0xa0) || r == 0x202e {
			t.Fatalf("raw control %U in JSON output %q", r, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back["name"] != v["name"] {
		t.Errorf("round trip changed the value: %q %v", back["name"], err)
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45s", 90 * time.Second: "1m30s", 10 * time.Minute: "10m",
		2 * time.Hour: "2h", 125 * time.Minute: "2h5m", 7 * 24 * time.Hour: "7d", 36 * time.Hour: "1d12h",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestReadUsersJSON: quell's own -o json listings piped into - are read as
// JSON, which keeps an ID holding a line break whole (as lines it would be
// two IDs, the second possibly a real user's).
func TestReadUsersJSON(t *testing.T) {
	cases := []struct {
		name, stdin string
		want        []string
	}{
		{"members as printed", `{"members":[{"user":"alice","name":"A"},{"user":"x\r\nhost_1","name":""}],"shown":2,"total":2}`, []string{"alice", "x\r\nhost_1"}},
		{"array of objects (muted, blacklist, jq)", "\n  [{\"user\":\"bob\",\"muted_until\":\"forever\"},{\"user\":\"carol\"}]\n", []string{"bob", "carol"}},
		{"array of strings", `["a", " b ", "c"]`, []string{"a", " b ", "c"}},
	}
	for _, c := range cases {
		got, err := readUsers([]string{"-"}, strings.NewReader(c.stdin))
		if err != nil || strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q %v, want %q", c.name, got, err, c.want)
		}
	}
	for _, bad := range []string{`{"rooms":[]}`, `[1, 2]`, `[{"name":"no user"}]`, `[]`, `{"members":[]}`, `[bot]x` + "\nuser2\n", `{"members":[{"user":"a"}`} {
		_, err := readUsers([]string{"-"}, strings.NewReader(bad))
		if ee, ok := err.(*exitError); !ok || ee.code != exitUsage || !strings.Contains(err.Error(), "standard input") {
			t.Errorf("%q: want a usage error naming standard input, got %v", bad, err)
		}
	}
}
