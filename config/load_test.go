package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// leak is a recognisable secret placed in every config below: no error or
// warning may ever contain it.
const leak = "SUPERSECRET-d34db33f"

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

var testEnv = env(map[string]string{"CHAT_KEY": leak, "EMPTY": "", "REGION": "ap-singapore", "ID": "1400000001"})

const validYAML = `refresh: 5s
apps:
  - name: trtc-sg
    provider: trtc
    sdk_app_id: 1400188366
    region: ap-singapore
    room_ids: string
    secret_id: AKID` + leak + `
    secret_key: ` + leak + `
    endpoint: http://127.0.0.1:9000
    rate_limits:
      SetUserBlocked: 10
  - name: live-sg
    provider: tencent-chat
    sdk_app_id: 20000001
    admin: administrator
    secret_key: ${CHAT_KEY}
    endpoint: https://adminapisgp.im.qcloud.com/
    av: trtc-sg
  - name: zego-prod
    provider: zego
    rooms: group
    app_id: 1234567
    server_secret: ` + leak + `
    operator: admin-bot
    watch: [lobby, stage-1, lobby]
keys:
  mute: M
  kick: "<disabled>"
journal: /tmp/j.db
ssh:
  listen: 127.0.0.1:2222
  host_key: /tmp/hk
  idle_timeout: 30m
  max_sessions: 8
  users:
    - name: ana
      role: admin
      keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ana@x"]
`

func TestParseValid(t *testing.T) {
	cfg, warn, err := parse("c.yaml", []byte(validYAML), testEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(warn) != 0 {
		t.Errorf("warnings: %v", warn)
	}
	if cfg.Refresh != 5*time.Second || len(cfg.Apps) != 3 {
		t.Fatalf("cfg = %+v", cfg)
	}
	tr, ch, zg := cfg.Apps[0], cfg.Apps[1], cfg.Apps[2]
	if tr.Name != "trtc-sg" || tr.SDKAppID != 1400188366 || tr.Region != "ap-singapore" || tr.RoomIDs != "string" ||
		tr.SecretKey.Reveal() != leak || tr.Endpoint != "http://127.0.0.1:9000" || tr.RateLimits["SetUserBlocked"] != 10 || tr.Line != 3 {
		t.Errorf("trtc = %+v", tr)
	}
	if ch.Rooms != "live" || ch.Admin != "administrator" || ch.SecretKey.Reveal() != leak || ch.AV != "trtc-sg" ||
		ch.Endpoint != "https://adminapisgp.im.qcloud.com" {
		t.Errorf("chat = %+v", ch)
	}
	if zg.Rooms != "group" || zg.AppID != 1234567 || zg.Operator != "admin-bot" || strings.Join(zg.Watch, ",") != "lobby,stage-1" {
		t.Errorf("zego = %+v", zg)
	}
	if cfg.Keys["mute"] != "M" || cfg.Keys["kick"] != "<disabled>" || cfg.Journal != "/tmp/j.db" {
		t.Errorf("keys/journal = %v %q", cfg.Keys, cfg.Journal)
	}
	s := cfg.SSH
	if s.Listen != "127.0.0.1:2222" || s.IdleTimeout != 30*time.Minute || s.MaxSessions != 8 || len(s.Users) != 1 ||
		s.Users[0].Role != "admin" || len(s.Users[0].Keys) != 1 {
		t.Errorf("ssh = %+v", s)
	}
	if !cfg.hasSecrets {
		t.Error("hasSecrets not set")
	}
	if out := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg); strings.Contains(out, leak) {
		t.Error("formatting the config shows a secret")
	}
}

func TestDefaults(t *testing.T) {
	cfg, _, err := parse("c.yaml", []byte(`apps:
  - {name: a, provider: trtc, sdk_app_id: 1, region: ap-beijing}
  - {name: b, provider: tencent-chat, sdk_app_id: 2, admin: x, secret_key: k}
  - {name: c, provider: zego, app_id: 3, server_secret: s}
`), testEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Refresh != 3*time.Second || cfg.Apps[0].RoomIDs != "numeric" || cfg.Apps[1].Rooms != "live" ||
		cfg.Apps[2].Rooms != "zim" || cfg.Apps[2].Watch != nil {
		t.Errorf("defaults wrong: %+v", cfg)
	}
}

// app wraps fields into a one-app config whose first field sits on line 3.
func app(fields string) string { return "refresh: 3s\napps:\n  - " + fields }

func TestParseErrors(t *testing.T) {
	chat := "name: c\n    provider: tencent-chat\n    sdk_app_id: 1\n    admin: a\n    secret_key: " + leak
	tests := []struct {
		name, yaml string
		want       []string // substrings of the error, including file:line
	}{
		{"syntax", "apps:\n  - name: a\n   provider: [" + leak, []string{"c.yaml:", "not valid YAML"}},
		{"empty file", "", []string{"c.yaml: apps: the file is empty"}},
		{"not a mapping", "- a\n- b", []string{"c.yaml:1:", "must be a mapping"}},
		{"no apps", "refresh: 3s\n", []string{"c.yaml:1: apps: no apps configured"}},
		{"apps not a list", "apps: {a: 1}\n", []string{"c.yaml:1: apps: must be a list"}},
		{"unknown top field", "refesh: 3s\n" + app(chat), []string{"c.yaml:1: refesh: unknown field; did you mean refresh?"}},
		{"duplicate top field", "apps: []\napps: []\n", []string{"c.yaml:2: apps: set twice (first at line 1)"}},
		{"bad refresh", "refresh: soon\n" + app(chat)[12:], []string{"c.yaml:1: refresh: \"soon\" is not a duration"}},
		{"negative refresh", "refresh: -1s\n" + app(chat)[12:], []string{"c.yaml:1: refresh: must be positive"}},
		{"unknown provider", app("name: a\n    provider: tencentchat\n    secret_key: " + leak),
			[]string{"c.yaml:4: apps[0] (a).provider: unknown provider \"tencentchat\"; did you mean tencent-chat?"}},
		{"missing provider", app("name: a"), []string{"c.yaml:3: apps[0] (a).provider: missing; add provider: trtc, tencent-chat or zego"}},
		{"missing name", app("provider: zego\n    app_id: 1\n    server_secret: " + leak), []string{"c.yaml:3: apps[0].name: missing"}},
		{"bad name", app("name: Live_SG\n    provider: zego\n    app_id: 1\n    server_secret: " + leak),
			[]string{"c.yaml:3: apps[0].name: \"Live_SG\" may hold only a-z, 0-9 and -; use a name such as \"live-sg\""}},
		{"duplicate name", app(chat) + "\n  - " + chat, []string{"c.yaml:8: apps[1].name: duplicate name \"c\" (first used at line 3)"}},
		{"missing sdk_app_id", app("name: t\n    provider: trtc\n    region: ap-beijing"),
			[]string{"c.yaml:3: apps[0] (t).sdk_app_id: missing; add sdk_app_id"}},
		{"missing app_id", app("name: z\n    provider: zego\n    server_secret: " + leak), []string{"c.yaml:3: apps[0] (z).app_id: missing"}},
		{"missing admin", app("name: c\n    provider: tencent-chat\n    sdk_app_id: 1\n    secret_key: " + leak),
			[]string{"c.yaml:3: apps[0] (c).admin: missing; add admin:"}},
		{"missing chat secret", app("name: c\n    provider: tencent-chat\n    sdk_app_id: 1\n    admin: a"),
			[]string{"c.yaml:3: apps[0] (c).secret_key: missing; add secret_key: ${CHAT_SECRET_KEY}"}},
		{"missing zego secret", app("name: z\n    provider: zego\n    app_id: 1"), []string{"c.yaml:3: apps[0] (z).server_secret: missing"}},
		{"empty secret via env", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: ${EMPTY}"),
			[]string{"c.yaml:6: apps[0] (z).server_secret: is empty"}},
		{"null secret", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret:"),
			[]string{"c.yaml:6: apps[0] (z).server_secret: is empty"}},
		{"trtc half credentials", app("name: t\n    provider: trtc\n    sdk_app_id: 1\n    region: ap-beijing\n    secret_key: " + leak),
			[]string{"c.yaml:3: apps[0] (t).secret_id: missing while secret_key is set"}},
		{"missing region", app("name: t\n    provider: trtc\n    sdk_app_id: 1"), []string{"c.yaml:3: apps[0] (t).region: missing"}},
		{"bad region", app("name: t\n    provider: trtc\n    sdk_app_id: 1\n    region: ap-tokyo\n    secret_id: " + leak + "\n    secret_key: " + leak),
			[]string{"c.yaml:6: apps[0] (t).region: \"ap-tokyo\" is not a region", "use ap-beijing, ap-guangzhou or ap-singapore"}},
		{"bad sdk_app_id", app("name: t\n    provider: trtc\n    sdk_app_id: 14x\n    region: ap-beijing"),
			[]string{"c.yaml:5: apps[0] (t).sdk_app_id: \"14x\" is not a positive whole number"}},
		{"bad room_ids", app("name: t\n    provider: trtc\n    sdk_app_id: 1\n    region: ap-beijing\n    room_ids: text"),
			[]string{"c.yaml:7: apps[0] (t).room_ids: \"text\" is not a room ID kind; use numeric (the default) or string"}},
		{"bad chat rooms", app(chat + "\n    rooms: zim"), []string{"c.yaml:8: apps[0] (c).rooms: \"zim\" is not a room kind of tencent-chat; use live (the default) or group"}},
		{"bad zego rooms", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: " + leak + "\n    rooms: live"),
			[]string{"c.yaml:7: apps[0] (z).rooms: \"live\" is not a room kind of zego; use zim (the default), group or rtc"}},
		{"zego group without operator", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: " + leak + "\n    rooms: group"),
			[]string{"c.yaml:3: apps[0] (z).operator: missing"}},
		{"av missing app", app(chat + "\n    av: trtc-sq"), []string{"c.yaml:8: apps[0] (c).av: no app named \"trtc-sq\""}},
		{"av names non-trtc", app(chat+"\n    av: z") + "\n  - {name: z, provider: zego, app_id: 1, server_secret: " + leak + "}",
			[]string{"c.yaml:8: apps[0] (c).av: \"z\" is a zego app, not a TRTC app"}},
		{"av names numeric trtc", app(chat+"\n    av: t") + "\n  - {name: t, provider: trtc, sdk_app_id: 1, region: ap-beijing}",
			[]string{"c.yaml:8: apps[0] (c).av: TRTC app \"t\" uses numeric room IDs", "set room_ids: string on app t (line 9)"}},
		{"av names china-site trtc", app(chat+"\n    av: t") + "\n  - {name: t, provider: trtc, sdk_app_id: 1, region: ap-beijing, room_ids: string}",
			[]string{"c.yaml:8: apps[0] (c).av: TRTC app \"t\" is on the China-site endpoint https://trtc.tencentcloudapi.com, which has no audio/video block",
				"set endpoint: https://trtc.intl.tencentcloudapi.com on it"}},
		{"av names explicit china-site trtc", app(chat+"\n    av: t") +
			"\n  - {name: t, provider: trtc, sdk_app_id: 1, region: ap-beijing, room_ids: string, endpoint: https://trtc.ap-beijing.tencentcloudapi.com}",
			[]string{"c.yaml:8: apps[0] (c).av: TRTC app \"t\" is on the China-site endpoint https://trtc.ap-beijing.tencentcloudapi.com"}},
		{"trtc endpoint of another product", app("name: t\n    provider: trtc\n    sdk_app_id: 1\n    region: ap-beijing\n    endpoint: https://cvm.tencentcloudapi.com"),
			[]string{"c.yaml:7: apps[0] (t).endpoint: \"https://cvm.tencentcloudapi.com\" is not a TRTC endpoint",
				"use https://trtc.intl.tencentcloudapi.com (international site: every action) or https://trtc.tencentcloudapi.com (China site, the default: no audio/video block)"}},
		{"av on zego", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: " + leak + "\n    av: t"),
			[]string{"c.yaml:7: apps[0] (z).av: does not apply to provider zego (it is a tencent-chat field)"}},
		{"endpoint not url", app(chat + "\n    endpoint: adminapisgp.im.qcloud.com"),
			[]string{"c.yaml:8: apps[0] (c).endpoint: \"adminapisgp.im.qcloud.com\" is not a full URL"}},
		{"endpoint ftp", app(chat + "\n    endpoint: ftp://x"), []string{"c.yaml:8: apps[0] (c).endpoint: \"ftp://x\" is not a full URL"}},
		{"unknown app field", app(chat + "\n    secretkey: " + leak), []string{"c.yaml:8: apps[0] (c).secretkey: unknown field; did you mean secret_key?"}},
		{"duplicate app field", app(chat + "\n    admin: b"), []string{"c.yaml:8: apps[0] (c).admin: set twice (first at line 6)"}},
		{"missing env var", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: ${ZEGO_SERVER_SECRET}"),
			[]string{"c.yaml:6: apps[0] (z).server_secret: environment variable ZEGO_SERVER_SECRET is not set; export ZEGO_SERVER_SECRET"}},
		{"missing env var in region", app("name: t\n    provider: trtc\n    sdk_app_id: 1\n    region: ${TRTC_REGION}"),
			[]string{"c.yaml:6: apps[0] (t).region: environment variable TRTC_REGION is not set"}},
		{"secret as list", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: [" + leak + "]"),
			[]string{"c.yaml:6: apps[0] (z).server_secret: must be a single value"}},
		{"unknown rate call", app(chat + "\n    rate_limits: {forbid_send_mgs: 5}"),
			[]string{"c.yaml:8: apps[0] (c).rate_limits.forbid_send_mgs: not a tencent-chat call; did you mean forbid_send_msg?"}},
		{"bad rate", app(chat + "\n    rate_limits: {forbid_send_msg: -5}"),
			[]string{"c.yaml:8: apps[0] (c).rate_limits.forbid_send_msg: \"-5\" is not a rate"}},
		{"watch not list", app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: " + leak + "\n    watch: lobby"),
			[]string{"c.yaml:7: apps[0] (z).watch: must be a list"}},
		{"keys not mapping", "keys: [a]\n" + app(chat)[12:], []string{"c.yaml:1: keys: must be a mapping"}},
		{"ssh bad listen", "ssh: {listen: 2222}\n" + app(chat)[12:], []string{"c.yaml:1: ssh.listen: \"2222\" is not host:port"}},
		{"ssh unknown field", "ssh: {listn: x}\n" + app(chat)[12:], []string{"c.yaml:1: ssh.listn: unknown field; did you mean listen?"}},
		{"ssh bad role", "ssh:\n  users:\n    - {name: a, role: admn, keys: []}\n" + app(chat)[12:],
			[]string{"c.yaml:3: ssh.users[0].role: unknown role \"admn\"; did you mean admin?"}},
		{"ssh bad key", "ssh:\n  users:\n    - name: a\n      role: viewer\n      keys: [\"ssh-rsa " + leak + "\"]\n" + app(chat)[12:],
			[]string{"c.yaml:5: ssh.users[0].keys[0]: not a public key line"}},
		{"ssh bad timeout", "ssh: {idle_timeout: 1 hour}\n" + app(chat)[12:], []string{"c.yaml:1: ssh.idle_timeout: \"1 hour\" is not a duration"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parse("c.yaml", []byte(tc.yaml), testEnv)
			if err == nil {
				t.Fatalf("no error for:\n%s", tc.yaml)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, leak) || strings.Contains(msg, "d34db33f") {
				t.Errorf("error shows the secret:\n%s", msg)
			}
		})
	}
}

func TestAllProblemsReported(t *testing.T) {
	_, _, err := parse("c.yaml", []byte(app("name: A\n    provider: trtc\n    region: mars")), testEnv)
	ce, ok := err.(*Error)
	if !ok || len(ce.Problems) != 3 { // bad name, bad region, missing sdk_app_id
		t.Fatalf("want 3 problems, got %v", err)
	}
}

func TestExpandEnv(t *testing.T) {
	lookup := env(map[string]string{"A": "1", "B_2": "two"})
	tests := []struct {
		in, want string
		missing  []string
	}{
		{"plain", "plain", nil},
		{"${A}", "1", nil},
		{"x${A}y${B_2}z", "x1ytwoz", nil},
		{"$A and $", "$A and $", nil},
		{"${unclosed", "${unclosed", nil},
		{"${1BAD}", "${1BAD}", nil},
		{"${NOPE}-${A}-${ALSO}", "-1-", []string{"NOPE", "ALSO"}},
	}
	for _, tc := range tests {
		got, missing := expandEnv(tc.in, lookup)
		if got != tc.want || fmt.Sprint(missing) != fmt.Sprint(tc.missing) {
			t.Errorf("expandEnv(%q) = %q %v, want %q %v", tc.in, got, missing, tc.want, tc.missing)
		}
	}
}

func TestLoadWarnsOnReadableSecrets(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	body := app("name: z\n    provider: zego\n    app_id: 1\n    server_secret: " + leak + "\n")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, warn, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(warn) != 1 || !strings.Contains(warn[0], p) || !strings.Contains(warn[0], "chmod 600") || strings.Contains(warn[0], leak) {
		t.Errorf("warnings = %q", warn)
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, warn, _ := Load(p); len(warn) != 0 {
		t.Errorf("0600 file warned: %q", warn)
	}
	// A file with no secrets (TRTC on the SDK's credential chain) is fine at 0644.
	if err := os.WriteFile(p, []byte(app("{name: t, provider: trtc, sdk_app_id: 1, region: ap-beijing}\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, warn, err := Load(p); err != nil || len(warn) != 0 {
		t.Errorf("no-secret file: %v %q", err, warn)
	}
}

func TestLoadMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.yaml")
	_, _, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), p+": no config file here") || !strings.Contains(err.Error(), "quell demo") {
		t.Errorf("err = %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	if got := DefaultPath(); got != "/xdg/quell/config.yaml" {
		t.Errorf("with XDG: %q", got)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/ana")
	if got := DefaultPath(); got != "/home/ana/.config/quell/config.yaml" {
		t.Errorf("without XDG: %q", got)
	}
}

func TestTRTCChinaSite(t *testing.T) {
	for endpoint, want := range map[string]bool{
		"":                                 true, // the default
		"https://trtc.tencentcloudapi.com": true,
		"https://trtc.ap-guangzhou.tencentcloudapi.com": true,
		"https://trtc.intl.tencentcloudapi.com":         false,
		"http://127.0.0.1:8080":                         false,
	} {
		if got := TRTCChinaSite(endpoint); got != want {
			t.Errorf("TRTCChinaSite(%q) = %v, want %v", endpoint, got, want)
		}
	}
}

func TestTeamKeys(t *testing.T) {
	chat := "name: c\n    provider: tencent-chat\n    sdk_app_id: 1\n    admin: a\n    secret_key: ${K}"
	lookup := env(map[string]string{"K": "k", "RPW": leak, "PGPW": leak})
	cfg, _, err := parse("c.yaml", []byte("quota: rediss://:${RPW}@redis.internal:6380/2\njournal: postgres://quell:${PGPW}@db:5432/quell\n"+app(chat)[12:]), lookup)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Quota.Reveal() != "rediss://:"+leak+"@redis.internal:6380/2" || cfg.JournalURL.Reveal() != "postgres://quell:"+leak+"@db:5432/quell" || cfg.Journal != "" {
		t.Fatalf("quota %q journal url %q journal %q", cfg.Quota.Reveal(), cfg.JournalURL.Reveal(), cfg.Journal)
	}
	if out := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg); strings.Contains(out, leak) {
		t.Error("formatting the config shows a team secret")
	}
	for _, c := range []struct{ yaml, want string }{
		{"quota: http://:" + leak + "@h:1/0\n", "c.yaml:1: quota: must be a redis:// or rediss:// URL"},
		{"quota: redis://:" + leak + "@h:1/zero\n", "c.yaml:1: quota: the database after the host must be a number"},
		{"journal: mysql://u:" + leak + "@h/db\n", "c.yaml:1: journal: only postgres:// URLs"},
	} {
		_, _, err := parse("c.yaml", []byte(c.yaml+app(chat)[12:]), lookup)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.yaml, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), leak) {
			t.Errorf("%q: the error shows the password", c.yaml)
		}
	}
}
