package journal

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
)

// Two handles on one file stand for two processes (an SSH server and a local
// console): they write at once, and each sees the other's actions through
// Since as they happen.
func TestTwoHandlesWriteConcurrentlyAndSeeEachOther(t *testing.T) {
	forStores(t, testTwoHandlesWriteConcurrentlyAndSeeEachOther)
}

func testTwoHandlesWriteConcurrentlyAndSeeEachOther(t *testing.T) {
	j1, path := openTemp(t)
	j2 := reopen(t, path)

	_, seq0, err := j1.Since(0)
	if err != nil {
		t.Fatal(err)
	}
	const perHandle = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2*perHandle)
	for h, j := range []*Journal{j1, j2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perHandle; i++ {
				req := muteReq(users(fmt.Sprintf("h%d-%d-", h, i), 30)...)
				req.Actor.Name = fmt.Sprintf("mod%d", h)
				id, err := j.Begin(req, mutePlan)
				if err != nil {
					errs <- err
					return
				}
				if err := j.Record(id, applied(req.Users[:15]...)); err != nil {
					errs <- err
					return
				}
				if err := j.Finish(id, &backend.Result{Outcomes: applied(req.Users...)}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	// Poll from a third view while they write, as an activity view does.
	stop := make(chan struct{})
	polled := make(chan int)
	go func() {
		seq, seen := seq0, map[string]bool{}
		for {
			acts, next, err := j1.Since(seq)
			if err != nil {
				errs <- err
			}
			for _, a := range acts {
				seen[a.ID] = true
			}
			seq = next
			select {
			case <-stop:
				acts, _, _ := j1.Since(seq)
				for _, a := range acts {
					seen[a.ID] = true
				}
				polled <- len(seen)
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	wg.Wait()
	close(stop)
	if n := <-polled; n != 2*perHandle {
		t.Errorf("the poller saw %d actions, want %d", n, 2*perHandle)
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, j := range []*Journal{j1, j2} {
		acts, _, err := j.Since(seq0)
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]int{}
		for _, a := range acts {
			if a.Status != "finished" || a.Applied != 30 {
				t.Errorf("%s: %s applied %d", a.ID, a.Status, a.Applied)
			}
			by[a.Actor.Name]++
		}
		if by["mod0"] != perHandle || by["mod1"] != perHandle {
			t.Errorf("seen per actor: %v", by)
		}
	}
}

func TestSinceReportsEachChange(t *testing.T) { forStores(t, testSinceReportsEachChange) }

func testSinceReportsEachChange(t *testing.T) {
	j1, path := openTemp(t)
	j2 := reopen(t, path)
	_, seq, _ := j1.Since(0)

	id := mustBegin(t, j2, muteReq("a", "b"))
	acts, seq2, err := j1.Since(seq)
	if err != nil || len(acts) != 1 || acts[0].ID != id || acts[0].Status != "running" || acts[0].Pending != 2 {
		t.Fatalf("after Begin elsewhere: %+v %v", acts, err)
	}
	if seq2 <= seq {
		t.Fatalf("seq did not move: %d → %d", seq, seq2)
	}
	if acts, seq3, _ := j1.Since(seq2); len(acts) != 0 || seq3 != seq2 {
		t.Errorf("no change, yet %d activities, seq %d → %d", len(acts), seq2, seq3)
	}
	j2.Record(id, applied("a"))
	acts, seq3, _ := j1.Since(seq2)
	if len(acts) != 1 || acts[0].Applied != 1 || acts[0].Pending != 1 {
		t.Fatalf("after Record: %+v", acts)
	}
	j2.Finish(id, &backend.Result{Outcomes: applied("a", "b")})
	acts, _, _ = j1.Since(seq3)
	if len(acts) != 1 || acts[0].Status != "finished" || acts[0].Applied != 2 {
		t.Fatalf("after Finish: %+v", acts)
	}
}

func TestQueryFilters(t *testing.T) { forStores(t, testQueryFilters) }

func testQueryFilters(t *testing.T) {
	j, _ := openTemp(t)
	base := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	type spec struct {
		at        time.Duration
		app, room string
		actor     string
		users     []string
	}
	ids := map[string]string{}
	for name, s := range map[string]spec{
		"old":  {0, "live", "r1", "alice", []string{"u1", "u2"}},
		"r2":   {time.Hour, "live", "r2", "alice", []string{"u2"}},
		"bob":  {2 * time.Hour, "live", "r1", "bob", []string{"u3"}},
		"zego": {3 * time.Hour, "zim", "r1", "bob", []string{"u1"}},
	} {
		j.now = func() time.Time { return base.Add(s.at) }
		req := muteReq(s.users...)
		req.App, req.Room, req.Actor.Name = s.app, s.room, s.actor
		ids[mustBegin(t, j, req)] = name
	}
	for _, tc := range []struct {
		f    Filter
		want []string // in start order
	}{
		{Filter{}, []string{"old", "r2", "bob", "zego"}},
		{Filter{App: "live"}, []string{"old", "r2", "bob"}},
		{Filter{Room: "r1"}, []string{"old", "bob", "zego"}},
		{Filter{App: "live", Room: "r1"}, []string{"old", "bob"}},
		{Filter{Actor: "bob"}, []string{"bob", "zego"}},
		{Filter{User: "u1"}, []string{"old", "zego"}},
		{Filter{User: "u2", Room: "r2"}, []string{"r2"}},
		{Filter{Since: base.Add(90 * time.Minute)}, []string{"bob", "zego"}},
		{Filter{Since: base.Add(time.Hour)}, []string{"r2", "bob", "zego"}},
		{Filter{App: "nope"}, nil},
	} {
		acts, err := j.Query(tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range acts {
			got = append(got, ids[a.ID])
			if tc.f.User != "" && (len(a.Users) != 1 || a.Users[0] != tc.f.User) {
				t.Errorf("%+v: users not narrowed: %v", tc.f, a.Users)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.f, got, tc.want)
		}
	}
}
