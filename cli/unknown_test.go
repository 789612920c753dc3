package cli

import (
	"strings"
	"testing"
)

// A mistyped command is named, with the closest command, even when flags
// follow it (cobra used to parse them as the root's and say "unknown flag:
// --app"); flags and their values before it are skipped, not taken for it.
func TestUnknownCommandIsNamed(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"mtue", "--app", "x"}, `unknown command "mtue" for "quell"; did you mean "mute"?`},
		{[]string{"mtue"}, `unknown command "mtue" for "quell"; did you mean "mute"?`},
		{[]string{"-o", "json", "--read-only", "kik", "--app", "x", "--room", "r", "u1"}, `unknown command "kik" for "quell"; did you mean "kick"?`},
		{[]string{"--log-file=" + t.TempDir() + "/l", "mebmers", "--app", "x"}, `unknown command "mebmers" for "quell"; did you mean "members"?`},
		{[]string{"blacklist", "ad", "--app", "x", "--owner", "o"}, `unknown command "ad" for "quell blacklist"; did you mean "add"?`},
		{[]string{"journal", "resme", "--app", "x"}, `unknown command "resme" for "quell journal"; did you mean "resume"?`},
		{[]string{"frobnicate", "--app", "x"}, `unknown command "frobnicate" for "quell"`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			h.srv.Env().Rec.Reset()
			r := h.run("", tc.args...)
			if r.code != exitUsage || !strings.Contains(r.err, tc.want) || strings.Contains(r.err, "unknown flag") {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", r.code, exitUsage, tc.want, r.err)
			}
			if calls := h.srv.Env().Rec.Summary(); len(calls) != 0 {
				t.Errorf("requests were sent: %v", calls)
			}
		})
	}
	// The same scan leaves real commands and flag values alone.
	if out := h.ok("-o", "json", "apps"); !strings.Contains(out, `"name"`) {
		t.Errorf("-o json apps: %s", out)
	}
}
