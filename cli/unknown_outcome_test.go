package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend/emulator"
	"github.com/quell-console/quell/backend/emulator/emucore"
)

// cutOffReport is the action JSON with the fields issue #11 adds.
type cutOffReport struct {
	Applied int `json:"applied"`
	Failed  int `json:"failed"`
	Unknown int `json:"unknown"`
	Results []struct {
		User   string `json:"user"`
		OK     bool   `json:"ok"`
		Status string `json:"status"`
	} `json:"results"`
}

// A block cut off by SIGTERM while calls are in flight: those users are
// unknown (exit 1), never failed; the action stays pending, and `quell
// journal resume` finishes it: every user blocked, none left pending.
func TestCutOffBlockIsUnknownPendingAndResumable(t *testing.T) {
	h := newHarness(t)
	trtc := h.srv.TRTC()
	app := emulator.DemoTRTCSDKAppID
	us := users("cut-", 30)
	trtc.AddRoom(app, "434343", us)
	jp := filepath.Join(t.TempDir(), "journal.db")
	// Every call takes 300 ms, at 20 calls a second: cut off at 700 ms,
	// some users are blocked, some in flight, the rest never sent.
	h.srv.Env().SetFaults(emucore.Faults{Latency: 300 * time.Millisecond})
	ctx, sigterm := context.WithCancel(context.Background())
	time.AfterFunc(700*time.Millisecond, sigterm)
	var out, errb bytes.Buffer
	code := runWith(ctx, nil, append([]string{"--config", h.cfg, "--journal", jp, "block", "--app", emulator.DemoTRTC,
		"--room", "434343", "-o", "json"}, us...), strings.NewReader(""), &out, &errb)
	if code != exitFailed {
		t.Fatalf("exit %d, want 1\n%s%s", code, out.String(), errb.String())
	}
	var rep cutOffReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err, out.String())
	}
	statuses := map[string]int{}
	for _, r := range rep.Results {
		statuses[r.Status]++
	}
	if rep.Unknown == 0 || statuses["unknown"] != rep.Unknown || statuses["failed"] != 0 || rep.Applied+rep.Failed+rep.Unknown != len(us) {
		t.Fatalf("cut-off report: applied %d failed %d unknown %d, statuses %v", rep.Applied, rep.Failed, rep.Unknown, statuses)
	}

	var pending []pendingJSON
	r := runQuell(t, "--journal", jp, "journal", "--pending", "-o", "json")
	if err := json.Unmarshal([]byte(r.out), &pending); err != nil || len(pending) != 1 {
		t.Fatalf("pending after a cut-off: %v %s %s", err, r.out, r.err)
	}
	if n := len(pending[0].Unconfirmed); n != len(us)-rep.Applied {
		t.Fatalf("%d unconfirmed, want %d (every user not applied)", n, len(us)-rep.Applied)
	}

	h.srv.Env().SetFaults(emucore.Faults{})
	res := h.run("", "--journal", jp, "journal", "resume", pending[0].ID, "-o", "json")
	if res.code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", res.code, res.out, res.err)
	}
	for _, u := range us {
		if trtc.AVBlock(app, "434343", u) != 1 {
			t.Fatalf("%s not blocked after the resume", u)
		}
	}
	if r := runQuell(t, "--journal", jp, "journal", "--pending"); !strings.Contains(r.out, "no pending actions") {
		t.Errorf("still pending after resume:\n%s", r.out)
	}
}

// A Chat mute whose every answer is lost: the read-back settles it, so
// the report says applied, with the emulator, and exit 0.
func TestLostAnswersAreReadBack(t *testing.T) {
	h := newHarness(t)
	room := liveRoom(t, h)
	us := users("lost-", 40)
	h.srv.Env().SetFaults(emucore.Faults{LostAnswerRate: 0.5})
	var rep cutOffReport
	r := h.run("", append([]string{"mute", "--app", emulator.DemoChatLive, "--room", room, "--for", "10m", "-o", "json"}, us...)...)
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatal(err, r.out, r.err)
	}
	if h.srv.Env().Rec.Faults("lost-answer") == 0 {
		t.Fatal("no answer lost: the test proves nothing")
	}
	if m := h.srv.Env().Rec.MaxApplied("chat", "mute_member"); m != 1 {
		t.Fatalf("a user muted %d times", m)
	}
	truth := h.srv.Env().Rec.AppliedUsers("chat", "mute_member")
	if rep.Applied != truth {
		t.Fatalf("report says %d applied (%d unknown), the emulator muted %d", rep.Applied, rep.Unknown, truth)
	}
	if (rep.Applied == len(us)) != (r.code == 0) {
		t.Fatalf("exit %d with %d of %d applied", r.code, rep.Applied, len(us))
	}
}
