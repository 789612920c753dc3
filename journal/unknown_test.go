package journal

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

var inFlight = &backend.VendorError{Code: "cancelled", Meaning: "cancelled before an answer came"}

// cutOff is a run SIGTERM's grace ended: a applied, b and c sent with no
// answer, d never sent.
func cutOff(interrupted bool) *backend.Result {
	return &backend.Result{Cancelled: true, Interrupted: interrupted, Outcomes: []backend.UserOutcome{
		{User: "a", Status: backend.Applied},
		{User: "b", Status: backend.Unknown, Err: inFlight},
		{User: "c", Status: backend.Unknown, Err: inFlight},
		{User: "d", Status: backend.NotAttempted, Err: &backend.VendorError{Code: "cancelled"}},
	}}
}

func TestCutOffActionIsPendingAndResumable(t *testing.T) {
	forStores(t, testCutOffActionIsPendingAndResumable)
}

func testCutOffActionIsPendingAndResumable(t *testing.T) {
	j, path := openTemp(t)
	id := mustBegin(t, j, muteReq("a", "b", "c", "d"))
	if err := j.Finish(id, cutOff(true)); err != nil {
		t.Fatal(err)
	}
	a := queryOne(t, j, id)
	if a.Status != "cut-off" || a.Applied != 1 || a.Unknown != 2 || a.Failed != 0 {
		t.Fatalf("activity %+v", a)
	}
	// Pending at once, in the process that ran it too: the run is over.
	ps, err := j.Pending()
	if err != nil || len(ps) != 1 || ps[0].ID != id || ps[0].Unknown != 2 ||
		!slices.Equal(ps[0].Unconfirmed, []string{"b", "c", "d"}) {
		t.Fatalf("pending %+v, %v", ps, err)
	}
	other := reopen(t, path)
	if err := other.Claim(id); err != nil {
		t.Fatalf("claim a cut-off action: %v", err)
	}
	req, err := other.ResumeRequest(id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(req.Users, []string{"b", "c", "d"}) || !slices.Equal(req.Recheck, []string{"b", "c"}) {
		t.Fatalf("resume users %v recheck %v", req.Users, req.Recheck)
	}
	if err := other.MarkResumed(id, "next"); err != nil {
		t.Fatal(err)
	}
	if ps, _ := other.Pending(); len(ps) != 0 {
		t.Fatalf("still pending after resume: %+v", ps)
	}
}

func TestOperatorCancelIsNotPending(t *testing.T) { forStores(t, testOperatorCancelIsNotPending) }

func testOperatorCancelIsNotPending(t *testing.T) {
	j, _ := openTemp(t)
	id := mustBegin(t, j, muteReq("a", "b", "c", "d"))
	if err := j.Finish(id, cutOff(false)); err != nil {
		t.Fatal(err)
	}
	if ps, _ := j.Pending(); len(ps) != 0 {
		t.Fatalf("an action its operator cancelled is pending: %+v", ps)
	}
	if a := queryOne(t, j, id); a.Status != "cancelled" || a.Unknown != 2 {
		t.Fatalf("activity %+v", a)
	}
}

func TestCrashedUsersWithNoOutcomeAreRechecked(t *testing.T) {
	forStores(t, func(t *testing.T) {
		j, path := openTemp(t)
		id := mustBegin(t, j, muteReq("a", "b", "c"))
		if err := j.Record(id, []backend.UserOutcome{{User: "a", Status: backend.Failed, Err: &backend.VendorError{Code: "10004"}}}); err != nil {
			t.Fatal(err)
		}
		j.Close() // the process dies with b and c in flight
		req, err := reopen(t, path).ResumeRequest(id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(req.Users, []string{"a", "b", "c"}) || !slices.Equal(req.Recheck, []string{"b", "c"}) {
			t.Fatalf("users %v recheck %v", req.Users, req.Recheck)
		}
	})
}

func TestExportsCarryUnknown(t *testing.T) { forStores(t, testExportsCarryUnknown) }

func testExportsCarryUnknown(t *testing.T) {
	j, _ := openTemp(t)
	id := mustBegin(t, j, muteReq("a", "b", "c", "d"))
	if err := j.Finish(id, cutOff(true)); err != nil {
		t.Fatal(err)
	}
	acts, _ := j.Query(Filter{})
	var js bytes.Buffer
	if err := Write(&js, acts, "json"); err != nil {
		t.Fatal(err)
	}
	var out []struct {
		Status  string `json:"status"`
		Unknown int    `json:"unknown"`
		Results []struct {
			User, Status string
		} `json:"results"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Unknown != 2 || out[0].Status != "cut-off" || out[0].Results[1].Status != "unknown" {
		t.Fatalf("json %s", js.String())
	}
	var tb bytes.Buffer
	if err := Write(&tb, acts, "table"); err != nil {
		t.Fatal(err)
	}
	head, row, _ := strings.Cut(tb.String(), "\n")
	if !strings.Contains(head, "UNKNOWN") || !strings.Contains(row, "cut-off") {
		t.Fatalf("table:\n%s", tb.String())
	}
	var cs bytes.Buffer
	if err := Write(&cs, acts, "csv"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cs.String(), ",b,unknown,cancelled,") {
		t.Fatalf("csv:\n%s", cs.String())
	}
}

func TestUnsureIsKeptUntilAConfirmedChange(t *testing.T) { forStores(t, testUnsureIsKept) }

func testUnsureIsKept(t *testing.T) {
	j, path := openTemp(t)
	at := time.Now().Truncate(time.Second)
	if err := j.SetUnsure("trtc", "r1", "bob", backend.Unsure{Kind: backend.UnsureAV, Mode: backend.AVAll, By: "alice", Since: at}); err != nil {
		t.Fatal(err)
	}
	until := at.Add(time.Hour)
	if err := j.SetUnsure("zego", "g1", "eve", backend.Unsure{Kind: backend.UnsureMute, Until: until, By: "alice", Since: at}); err != nil {
		t.Fatal(err)
	}
	j2 := reopen(t, path)
	got, err := j2.Unsure("trtc", "r1", backend.UnsureAV)
	if err != nil || got["bob"].Mode != backend.AVAll || got["bob"].By != "alice" || !got["bob"].Since.Equal(at) {
		t.Fatalf("av %+v %v", got, err)
	}
	mutes, _ := j2.Unsure("zego", "g1", backend.UnsureMute)
	if !mutes["eve"].Until.Equal(until) {
		t.Fatalf("mutes %+v", mutes)
	}
	// A block answered replaces the guess; so does an answered unmute.
	if err := j2.SetAVBlock("trtc", "r1", "bob", backend.AVAudio, "alice", at); err != nil {
		t.Fatal(err)
	}
	if err := j2.SetGroupMute("zego", "g1", "eve", time.Time{}, "alice", at); err != nil {
		t.Fatal(err)
	}
	if got, _ := j2.Unsure("trtc", "r1", backend.UnsureAV); len(got) != 0 {
		t.Fatalf("unsure block left after a confirmed one: %+v", got)
	}
	if got, _ := j2.Unsure("zego", "g1", backend.UnsureMute); len(got) != 0 {
		t.Fatalf("unsure mute left after a confirmed unmute: %+v", got)
	}
}
