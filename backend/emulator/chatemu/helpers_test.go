package chatemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/tencentchat"
)

const (
	testApp   = uint64(1400000001)
	testAdmin = "administrator"
	testKey   = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

var t0 = time.Unix(1_750_000_000, 0)

type harness struct {
	t   *testing.T
	env *emucore.Env
	emu *Emulator
	srv *httptest.Server
	now time.Time
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, env: emucore.NewEnv(7), now: t0}
	h.env.SetClock(func() time.Time { return h.now })
	h.emu = New(h.env)
	h.emu.AddApp(App{SDKAppID: testApp, Admin: testAdmin, SecretKey: testKey})
	h.srv = httptest.NewServer(h.emu)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *harness) sig(user string) string {
	s, err := tencentchat.UserSig(testKey, testApp, user, h.now, 24*time.Hour)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// query is the documented query for the admin, with overrides.
func (h *harness) query(over map[string]string) string {
	q := map[string]string{"sdkappid": fmt.Sprint(testApp), "identifier": testAdmin, "usersig": h.sig(testAdmin),
		"random": "12345", "contenttype": "json"}
	for k, v := range over {
		q[k] = v
	}
	s := ""
	for _, k := range []string{"sdkappid", "identifier", "usersig", "random", "contenttype"} {
		if v, ok := q[k]; ok && v != "\x00" {
			if s != "" {
				s += "&"
			}
			s += k + "=" + v
		}
	}
	return s
}

// answer is a decoded reply.
type answer map[string]any

func (a answer) code() int { n, _ := a["ErrorCode"].(float64); return int(n) }

func (a answer) resp() map[string]any { m, _ := a["Response"].(map[string]any); return m }

func (h *harness) postQ(path, query string, body any) answer {
	h.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	default:
		raw, _ = json.Marshal(b)
	}
	resp, err := http.Post(h.srv.URL+path+"?"+query, "application/json", bytes.NewReader(raw))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		h.t.Fatalf("HTTP %d", resp.StatusCode)
	}
	data, _ := io.ReadAll(resp.Body)
	var a answer
	if err := json.Unmarshal(data, &a); err != nil {
		h.t.Fatalf("not JSON: %s", data)
	}
	if (a.code() == 0) != (a["ActionStatus"] == "OK") {
		h.t.Fatalf("ActionStatus and ErrorCode disagree: %s", data)
	}
	return a
}

func (h *harness) post(service, command string, body any) answer {
	h.t.Helper()
	return h.postQ("/v4/"+service+"/"+command, h.query(nil), body)
}

func (h *harness) mustOK(a answer) answer {
	h.t.Helper()
	if a.code() != 0 {
		h.t.Fatalf("ErrorCode %d: %v", a.code(), a["ErrorInfo"])
	}
	return a
}

func users(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}
