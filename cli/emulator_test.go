package cli

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The emulator refuses, before it listens, any --listen address off
// loopback, naming the flag and the address to use instead.
func TestEmulatorListensOnLoopbackOnly(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want string // "" = accepted
	}{
		{"127.0.0.1:0", ""},
		{"127.0.0.2:8931", ""},
		{"[::1]:8931", ""},
		{"localhost:8931", ""},
		{"0.0.0.0:8931", `--listen "0.0.0.0:8931": the emulator listens on loopback only`},
		{":8931", "use --listen 127.0.0.1:8931"},
		{"[::]:0", "loopback only"},
		{"192.0.2.7:8931", "loopback only"},
		{"8931", "not host:port"},
	} {
		err := checkLoopback(tc.addr)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s refused: %v", tc.addr, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", tc.addr, err, tc.want)
		}
	}

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var out, errb strings.Builder
	code := run(ctx, []string{"emulator", "--listen", "0.0.0.0:0"}, strings.NewReader(""), &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "loopback only") || strings.Contains(out.String(), "listening") {
		t.Errorf("emulator --listen 0.0.0.0:0: exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
}
