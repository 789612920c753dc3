package config

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/quell-console/quell/keys"
)

// yamlBlock is a fenced ```yaml block of the README.
var yamlBlock = regexp.MustCompile("(?ms)^```yaml\n(.*?)^```")

// TestREADMEConfigExamplesValidate parses every YAML example in the README
// through the same validation `quell` runs, so the documented config can
// never drift from what quell accepts (keys: as the console checks them). A block without apps: (a fragment,
// such as the keys: example) is checked on top of the first block's apps.
// ${NAME} references expand to a placeholder: the examples name variables,
// they do not set them.
func TestREADMEConfigExamplesValidate(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := yamlBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 2 {
		t.Fatalf("the README has %d yaml blocks; the Config section has at least two", len(blocks))
	}
	full := blocks[0][1]
	if !regexp.MustCompile(`(?m)^apps:`).MatchString(full) {
		t.Fatalf("the README's first yaml block is not a whole config (no apps:):\n%s", full)
	}
	appsSection := full[strings.Index(full, "\napps:")+1:]
	lookup := func(string) (string, bool) { return "placeholder-value", true }
	for i, b := range blocks {
		text := b[1]
		if !regexp.MustCompile(`(?m)^apps:`).MatchString(text) {
			text = appsSection + text
		}
		cfg, warnings, err := parse("README.md yaml block "+string(rune('1'+i)), []byte(text), lookup)
		if err != nil {
			t.Errorf("README yaml block %d does not validate:\n%v\n--- block ---\n%s", i+1, err, b[1])
			continue
		}
		if len(warnings) > 0 {
			t.Errorf("README yaml block %d draws warnings: %q", i+1, warnings)
		}
		if len(cfg.Apps) == 0 {
			t.Errorf("README yaml block %d configures no app", i+1)
		}
		// The console checks key names when it starts; so does this.
		if _, err := keys.New(cfg.Keys); err != nil {
			t.Errorf("README yaml block %d: keys: %v", i+1, err)
		}
	}
}
