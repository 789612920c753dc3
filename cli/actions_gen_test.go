package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
)

// TestEveryActionHasAGeneratedCommand: each action of the table has its
// headless command, with a flag for each parameter the table declares, and
// no hand-written command is needed for a new one.
func TestEveryActionHasAGeneratedCommand(t *testing.T) {
	for spec := range backend.Actions() {
		args := append(strings.Fields(spec.Command), "--help")
		var out, errb bytes.Buffer
		if code := run(t.Context(), args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Errorf("%s: exit %d: %s", spec.Command, code, errb.String())
			continue
		}
		help := out.String()
		want := []string{spec.Help, "--app"}
		if spec.NeedsOwner {
			want = append(want, "--owner")
		} else {
			want = append(want, "--room")
		}
		if spec.Takes(backend.ParamDuration) {
			want = append(want, "--for")
		}
		if spec.Takes(backend.ParamAVMode) {
			want = append(want, "--audio", "--video")
		}
		if spec.Takes(backend.ParamReason) {
			want = append(want, "--reason")
		}
		if spec.TypeToConfirm {
			want = append(want, "--yes")
		}
		for _, w := range want {
			if !strings.Contains(help, w) {
				t.Errorf("quell %s --help lacks %q:\n%s", spec.Command, w, help)
			}
		}
	}
}
