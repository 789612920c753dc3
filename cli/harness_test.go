package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// harness runs quell's commands in-process against an in-process emulator
// with the demo seed (no churn, so the world holds still while asserted).
type harness struct {
	t   *testing.T
	srv *emulator.Server
	cfg string
	// console is the interactive console of the commands run; nil: none.
	console Console
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	srv := emulator.New(emulator.Options{Demo: true, Seed: 7})
	if _, err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := srv.WriteConfig(path); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, srv: srv, cfg: path}
}

type cmdResult struct {
	out, err string
	code     int
}

// run executes `quell --config CFG args...` with stdin.
func (h *harness) run(stdin string, args ...string) cmdResult {
	h.t.Helper()
	var out, errb bytes.Buffer
	code := runWith(context.Background(), h.console, append([]string{"--config", h.cfg}, args...), strings.NewReader(stdin), &out, &errb)
	return cmdResult{out: out.String(), err: errb.String(), code: code}
}

// ok runs a command that must exit 0 and returns its stdout.
func (h *harness) ok(args ...string) string {
	h.t.Helper()
	r := h.run("", args...)
	if r.code != 0 {
		h.t.Fatalf("quell %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.out, r.err)
	}
	return r.out
}

// json runs a command with -o json that must exit with code and decodes
// its output into v.
func (h *harness) json(v any, code int, stdin string, args ...string) {
	h.t.Helper()
	r := h.run(stdin, append(args, "-o", "json")...)
	if r.code != code {
		h.t.Fatalf("quell %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.out, r.err)
	}
	if err := json.Unmarshal([]byte(r.out), v); err != nil {
		h.t.Fatalf("quell %s: bad JSON: %v\n%s", strings.Join(args, " "), err, r.out)
	}
}

// action runs an action with -o json and returns its report.
func (h *harness) action(code int, stdin string, args ...string) actionReport {
	h.t.Helper()
	var rep actionReport
	h.json(&rep, code, stdin, args...)
	return rep
}

// actionReport decodes the JSON action shape of issue #2 §5.
type actionReport struct {
	Action  string `json:"action"`
	App     string `json:"app"`
	Room    string `json:"room"`
	Applied int    `json:"applied"`
	Failed  int    `json:"failed"`
	Results []struct {
		User      string `json:"user"`
		OK        bool   `json:"ok"`
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
	} `json:"results"`
}

// keysOf lists the keys of every object in a JSON array, sorted, asserting
// every object has the same ones.
func keysOf(t *testing.T, raw []map[string]any) string {
	t.Helper()
	if len(raw) == 0 {
		t.Fatal("empty list")
	}
	var first string
	for i, obj := range raw {
		var ks []string
		for k := range obj {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		s := strings.Join(ks, ",")
		if i == 0 {
			first = s
		} else if s != first {
			t.Fatalf("object %d has keys %s, object 0 has %s", i, s, first)
		}
	}
	return first
}

// users makes n user IDs with a prefix.
func users(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}
