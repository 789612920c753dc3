package chatemu

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/tencentchat"
)

// No answer, however the request fails, echoes the UserSig or the key, and
// printing an App hides its key.
func TestAnswersAndAppsHideSecrets(t *testing.T) {
	h := newHarness(t)
	good := h.sig(testAdmin)
	expired, _ := tencentchat.UserSig(testKey, testApp, testAdmin, t0.Add(-48*time.Hour), 24*time.Hour)
	otherKey, _ := tencentchat.UserSig("another-key-entirely", testApp, testAdmin, t0, time.Hour)
	queries := []string{
		h.query(map[string]string{"usersig": expired}),
		h.query(map[string]string{"usersig": otherKey}),
		h.query(map[string]string{"usersig": good[:len(good)/2]}),
		h.query(map[string]string{"identifier": "bob"}),
		h.query(map[string]string{"random": good}),
		h.query(map[string]string{"contenttype": good}),
		h.query(map[string]string{"sdkappid": good}),
		h.query(nil),
	}
	for i, q := range queries {
		for _, body := range []string{`{"GroupId":"` + good + `"}`, `{"` + good + `":1}`, good} {
			resp, err := http.Post(h.srv.URL+"/v4/group_open_http_svc/destroy_group?"+q, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, sig := range []string{good, expired, otherKey} {
				if strings.Contains(string(raw), sig[:24]) && !strings.Contains(body, sig[:24]) {
					t.Errorf("query %d: answer echoes a UserSig: %s", i, raw)
				}
			}
			if strings.Contains(string(raw), testKey) {
				t.Errorf("query %d: answer holds the key: %s", i, raw)
			}
		}
	}
	app := App{SDKAppID: testApp, Admin: testAdmin, SecretKey: testKey}
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("app", "app", app)
	for _, s := range []string{logs.String(), fmt.Sprint(app), fmt.Sprintf("%+v %#v %s", app, app, app), fmt.Sprintf("%v", []App{app}), fmt.Sprintf("%+v", &app)} {
		if strings.Contains(s, testKey) {
			t.Errorf("App printed with its key: %s", s)
		}
	}
}
