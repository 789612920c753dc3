package journal

import (
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

func TestStateSurvivesRestartAndReconciles(t *testing.T) {
	forStores(t, testStateSurvivesRestartAndReconciles)
}

func testStateSurvivesRestartAndReconciles(t *testing.T) {
	j, path := openTemp(t)
	now := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	j.now = func() time.Time { return now }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(j.SetAVBlock("trtc", "1001", "u1", backend.AVAll, "alice", now))
	must(j.SetAVBlock("trtc", "1001", "u2", backend.AVAudio, "alice", now))
	must(j.SetAVBlock("trtc", "1002", "u1", backend.AVVideo, "bob", now))
	must(j.SetAVBlock("trtc", "1001", "u2", backend.AVVideo, "bob", now.Add(time.Minute))) // mode change
	must(j.SetGroupMute("zego", "g1", "u1", now.Add(time.Hour), "alice", now))
	must(j.SetGroupMute("zego", "g1", "u2", backend.Forever, "alice", now))
	must(j.SetGroupMute("zego", "g1", "u3", now.Add(-time.Minute), "alice", now.Add(-time.Hour))) // expired
	must(j.SetGroupMute("zego", "g2", "u1", now.Add(time.Hour), "bob", now))
	j.Close()

	j = reopen(t, path)
	j.now = func() time.Time { return now }
	blocks, err := j.AVBlocks("trtc", "1001")
	must(err)
	if len(blocks) != 2 || blocks["u1"] != backend.AVAll || blocks["u2"] != backend.AVVideo {
		t.Errorf("blocks after restart: %v", blocks)
	}
	mutes, err := j.GroupMutes("zego", "g1")
	must(err)
	if len(mutes) != 2 || !mutes["u1"].Equal(now.Add(time.Hour)) || !backend.IsForever(mutes["u2"]) || mutes["u2"] != backend.Forever {
		t.Errorf("mutes after restart: %v", mutes)
	}
	bl, mu, err := j.StateFor("trtc", "1001")
	must(err)
	if len(bl) != 2 || bl[1].User != "u2" || bl[1].By != "bob" || !bl[1].Since.Equal(now) || len(mu) != 0 {
		t.Errorf("StateFor blocks: %+v mutes %+v", bl, mu)
	}

	// Reconciliation: the vendor says u1 left (UserNotExist) and u2 is no
	// longer muted; the provider clears them.
	must(j.SetAVBlock("trtc", "1001", "u1", backend.AVNone, "reconcile", now))
	must(j.SetGroupMute("zego", "g1", "u2", time.Time{}, "reconcile", now))
	must(j.SetAVBlock("trtc", "1001", "ghost", backend.AVNone, "reconcile", now)) // clearing nothing is fine
	blocks, _ = j.AVBlocks("trtc", "1001")
	mutes, _ = j.GroupMutes("zego", "g1")
	if len(blocks) != 1 || blocks["u2"] != backend.AVVideo {
		t.Errorf("blocks after reconcile: %v", blocks)
	}
	if len(mutes) != 1 || mutes["u1"].IsZero() {
		t.Errorf("mutes after reconcile: %v", mutes)
	}
	// Other rooms are untouched.
	if b, _ := j.AVBlocks("trtc", "1002"); b["u1"] != backend.AVVideo {
		t.Errorf("room 1002: %v", b)
	}
	if m, _ := j.GroupMutes("zego", "g2"); len(m) != 1 {
		t.Errorf("group g2: %v", m)
	}
	// A mute runs out on its own.
	j.now = func() time.Time { return now.Add(2 * time.Hour) }
	if m, _ := j.GroupMutes("zego", "g1"); len(m) != 0 {
		t.Errorf("expired mutes listed: %v", m)
	}
}

func TestStateWritesBumpSeq(t *testing.T) { forStores(t, testStateWritesBumpSeq) }

func testStateWritesBumpSeq(t *testing.T) {
	j1, path := openTemp(t)
	j2 := reopen(t, path)
	_, before, _ := j1.Since(0)
	if err := j2.SetAVBlock("trtc", "1", "u", backend.AVAll, "alice", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, after, _ := j1.Since(before); after <= before {
		t.Errorf("seq %d → %d after a state write", before, after)
	}
}
