package config

import (
	"strings"
	"testing"
	"time"
)

// sshConfig is a minimal config whose ssh: section ends with extra lines.
func sshConfig(extra string) string {
	return `apps:
  - name: emu
    provider: zego
    app_id: 1
    server_secret: s
    endpoint: http://127.0.0.1:1
ssh:
  host_key: /tmp/hk
` + extra
}

// TestSSHLimitKeys reads the limits that keep one client from exhausting
// `quell serve` (issue #11), and refuses values that would undo them.
func TestSSHLimitKeys(t *testing.T) {
	cases := []struct {
		yaml    string
		want    func(SSH) bool
		wantErr string
	}{
		{yaml: "  max_columns: 300\n  max_rows: 120\n", want: func(s SSH) bool { return s.MaxColumns == 300 && s.MaxRows == 120 }},
		{yaml: "  login_timeout: 5s\n", want: func(s SSH) bool { return s.LoginTimeout == 5*time.Second }},
		{yaml: "  max_unauthenticated: 32\n  max_unauthenticated_per_address: 4\n",
			want: func(s SSH) bool { return s.MaxUnauthenticated == 32 && s.MaxUnauthenticatedAddr == 4 }},
		{yaml: "  max_columns: 65535\n", wantErr: "ssh.max_columns"},
		{yaml: "  max_rows: -1\n", wantErr: "ssh.max_rows"},
		{yaml: "  login_timeout: -1s\n", wantErr: "ssh.login_timeout"},
		{yaml: "  max_unauthenticated: lots\n", wantErr: "ssh.max_unauthenticated"},
		{yaml: "  max_unauthenticated_per_address: -2\n", wantErr: "ssh.max_unauthenticated_per_address"},
	}
	for _, c := range cases {
		cfg, _, err := parse("c.yaml", []byte(sshConfig(c.yaml)), testEnv)
		switch {
		case c.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%q: err %v, want one naming %s", c.yaml, err, c.wantErr)
			}
		case err != nil:
			t.Errorf("%q: %v", c.yaml, err)
		case !c.want(cfg.SSH):
			t.Errorf("%q: got %+v", c.yaml, cfg.SSH)
		}
	}
}
