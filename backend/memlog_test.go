package backend

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestMemoryLogFollowsAnEngineRun(t *testing.T) {
	log := NewMemoryLog()
	f := newFake(2, 1000)
	f.answer = func(call int, us []string) BatchResult {
		if slices.Contains(us, "c") {
			return BatchResult{RequestID: "r", Failed: map[string]*VendorError{"c": {Code: "10007"}}}
		}
		return BatchResult{RequestID: "r"}
	}
	e := fastEngine()
	e.Recorder = log
	e.MaxInFlight = 1

	var seqs []int64
	var lastSeq int64
	poll := func() []Activity {
		acts, seq, err := log.Since(lastSeq)
		if err != nil {
			t.Fatal(err)
		}
		if seq < lastSeq {
			t.Fatalf("seq went back: %d after %d", seq, lastSeq)
		}
		lastSeq = seq
		seqs = append(seqs, seq)
		return acts
	}
	progress := func(Progress) {
		acts := poll()
		if len(acts) != 1 || acts[0].Status != "running" {
			t.Errorf("mid-run poll %+v", acts)
		}
	}
	res, err := e.Run(context.Background(), f, modReq(ActKick, "a", "b", "c"), progress)
	if err != nil {
		t.Fatal(err)
	}
	acts := poll()
	if len(acts) != 1 {
		t.Fatalf("final poll %+v", acts)
	}
	a := acts[0]
	if a.ID != res.ID || a.Status != "finished" || a.Applied != 2 || a.Failed != 1 || a.Pending != 0 ||
		a.Call != "fake_kick" || a.App != "fake" || a.Actor.Name != "tester" || a.Finished.IsZero() {
		t.Fatalf("activity %+v", a)
	}
	if len(a.Outcomes) != 3 || a.Outcomes[2].User != "c" || a.Outcomes[2].Err.Code != "10007" {
		t.Fatalf("outcomes %+v", a.Outcomes)
	}
	if again, seq, _ := log.Since(lastSeq); len(again) != 0 || seq != lastSeq {
		t.Fatalf("nothing changed but Since returned %d activities, seq %d", len(again), seq)
	}
}

func TestMemoryLogCountsPendingAndCancellation(t *testing.T) {
	log := NewMemoryLog()
	id, _ := log.Begin(modReq(ActMute, "a", "b", "c"), &Plan{Call: "forbid_send_msg", BatchSize: 500})
	acts, _, _ := log.Since(0)
	if acts[0].Pending != 3 || acts[0].Status != "running" {
		t.Fatalf("%+v", acts[0])
	}
	if err := log.Record(id, []UserOutcome{{User: "a", Status: Applied}}); err != nil {
		t.Fatal(err)
	}
	acts, _, _ = log.Since(0)
	if acts[0].Pending != 2 || acts[0].Applied != 1 {
		t.Fatalf("%+v", acts[0])
	}
	res := &Result{Cancelled: true, Applied: 1, NotAttempted: 2, Outcomes: []UserOutcome{
		{User: "a", Status: Applied}, {User: "b", Status: NotAttempted}, {User: "c", Status: NotAttempted}}}
	if err := log.Finish(id, res); err != nil {
		t.Fatal(err)
	}
	acts, _, _ = log.Since(0)
	if a := acts[0]; a.Status != "cancelled" || a.Pending != 0 || a.Applied != 1 || len(a.Outcomes) != 3 || a.Finished.IsZero() {
		t.Fatalf("%+v", a)
	}
	if log.Record("nope", nil) == nil || log.Finish("nope", res) == nil {
		t.Fatal("unknown id accepted")
	}

	dismiss, _ := log.Begin(ActionRequest{Kind: ActDismiss, Room: "r"}, &Plan{Call: "destroy_group"})
	acts, _, _ = log.Since(0)
	if acts[len(acts)-1].ID != dismiss || acts[len(acts)-1].Pending != 1 {
		t.Fatalf("dismiss activity %+v", acts[len(acts)-1])
	}
}

func TestMemoryLogOrdersByChangeAndTrims(t *testing.T) {
	log := &MemoryLog{Keep: 2, Now: func() time.Time { return time.Unix(100, 0) }}
	plan := &Plan{Call: "c", BatchSize: 1}
	first, _ := log.Begin(modReq(ActKick, "a"), plan)
	second, _ := log.Begin(modReq(ActKick, "b"), plan)
	_, seq, _ := log.Since(0)
	_ = log.Record(first, []UserOutcome{{User: "a", Status: Applied}})
	acts, _, _ := log.Since(seq)
	if len(acts) != 1 || acts[0].ID != first {
		t.Fatalf("since %d: %+v", seq, acts)
	}
	acts, _, _ = log.Since(0)
	if acts[0].ID != second || acts[1].ID != first {
		t.Fatalf("not oldest change first: %s, %s", acts[0].ID, acts[1].ID)
	}
	_ = log.Finish(first, &Result{})
	third, _ := log.Begin(modReq(ActKick, "c"), plan)
	acts, _, _ = log.Since(0)
	var ids []string
	for _, a := range acts {
		ids = append(ids, a.ID)
	}
	if len(ids) != 2 || slices.Contains(ids, first) || !slices.Contains(ids, second) || !slices.Contains(ids, third) {
		t.Fatalf("kept %v, want the running %s and %s", ids, second, third)
	}
	if acts[0].Started != time.Unix(100, 0) {
		t.Fatalf("clock not used: %v", acts[0].Started)
	}
}

func TestMemoryLogConcurrentUse(t *testing.T) {
	log := NewMemoryLog()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				id, _ := log.Begin(modReq(ActKick, fmt.Sprint(w, i)), &Plan{Call: "c", BatchSize: 1})
				_ = log.Record(id, []UserOutcome{{User: fmt.Sprint(w, i), Status: Applied}})
				_ = log.Finish(id, &Result{Applied: 1})
				_, _, _ = log.Since(int64(i))
			}
		}()
	}
	wg.Wait()
	acts, seq, _ := log.Since(0)
	if len(acts) != 400 || seq != 1200 {
		t.Fatalf("%d activities, seq %d; want 400 and 1200", len(acts), seq)
	}
}

func TestMemoryState(t *testing.T) {
	s := NewMemoryState()
	at := time.Unix(1000, 0)
	_ = s.SetAVBlock("app", "room", "a", AVAudio, "mod", at)
	_ = s.SetAVBlock("app", "room", "b", AVAll, "mod", at)
	_ = s.SetAVBlock("app", "room2", "a", AVVideo, "mod", at)
	_ = s.SetAVBlock("app2", "room", "c", AVAll, "mod", at)
	_ = s.SetAVBlock("app", "room", "b", AVNone, "mod", at) // unblocked
	got, _ := s.AVBlocks("app", "room")
	if len(got) != 1 || got["a"] != AVAudio {
		t.Fatalf("blocks %v", got)
	}
	got["z"] = AVAll // the caller's copy
	if again, _ := s.AVBlocks("app", "room"); len(again) != 1 {
		t.Fatal("AVBlocks returned the store's own map")
	}
	until := at.Add(time.Hour)
	_ = s.SetGroupMute("zego", "g1", "a", until, "mod", at)
	_ = s.SetGroupMute("zego", "g1", "b", Forever, "mod", at)
	_ = s.SetGroupMute("zego", "g1", "b", time.Time{}, "mod", at) // unmuted
	mutes, _ := s.GroupMutes("zego", "g1")
	if len(mutes) != 1 || !mutes["a"].Equal(until) {
		t.Fatalf("mutes %v", mutes)
	}
	if none, _ := s.GroupMutes("zego", "g2"); len(none) != 0 {
		t.Fatalf("other group %v", none)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				_ = s.SetGroupMute("zego", "g", fmt.Sprint(i, j), until, "", at)
				_, _ = s.GroupMutes("zego", "g")
				_ = s.SetAVBlock("t", "r", fmt.Sprint(i, j), AVAll, "", at)
				_, _ = s.AVBlocks("t", "r")
			}
		}()
	}
	wg.Wait()
	if m, _ := s.GroupMutes("zego", "g"); len(m) != 800 {
		t.Fatalf("%d concurrent mutes kept, want 800", len(m))
	}
}
