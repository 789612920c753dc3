package backend

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestBucketKey(t *testing.T) {
	secret := "AKIDsecretIDthatMustNotLeak"
	b := Budget("trtc", "trtc.intl.tencentcloudapi.com", secret)
	if strings.Contains(b, secret) || !strings.HasPrefix(b, "trtc:trtc.intl.tencentcloudapi.com:") {
		t.Fatalf("budget %q", b)
	}
	cases := []struct {
		name string
		a, b string
		same bool
	}{
		{"two apps on one budget share a bucket", BucketKey("app-a", b, "SetUserBlocked", ""), BucketKey("app-b", b, "SetUserBlocked", ""), true},
		{"each action has its own budget", BucketKey("app-a", b, "SetUserBlocked", ""), BucketKey("app-a", b, "RemoveUser", ""), false},
		{"another key is another budget", BucketKey("app-a", b, "SetUserBlocked", ""),
			BucketKey("app-a", Budget("trtc", "trtc.intl.tencentcloudapi.com", "AKIDother"), "SetUserBlocked", ""), false},
		{"another access region is another budget", BucketKey("app-a", b, "SetUserBlocked", ""),
			BucketKey("app-a", Budget("trtc", "trtc.tencentcloudapi.com", secret), "SetUserBlocked", ""), false},
		{"without a budget each app has its own", BucketKey("app-a", "", "forbid_send_msg", ""), BucketKey("app-b", "", "forbid_send_msg", ""), false},
		{"scope narrows", BucketKey("z", "", "DismissGroup", "g1"), BucketKey("z", "", "DismissGroup", "g2"), false},
	}
	for _, c := range cases {
		if (c.a == c.b) != c.same {
			t.Errorf("%s: %q vs %q", c.name, c.a, c.b)
		}
	}
	if got := BucketKey("app-a", "", "forbid_send_msg", "g"); got != "app-a/forbid_send_msg/g" {
		t.Errorf("per-app key changed: %q", got)
	}
}

// paced runs n WaitBudget calls from each of apps at once and returns how
// long they took together.
func paced(t *testing.T, p *Pacer, budget string, apps []string, n int, rate float64) time.Duration {
	t.Helper()
	start := time.Now()
	var wg sync.WaitGroup
	for _, app := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				if err := p.WaitBudget(context.Background(), app, budget, "SetUserBlocked", "", rate); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// TestSharedBudgetPacesAppsTogether: two apps on one budget at 100/s take as
// long as one app making all the calls; on their own budgets half as long.
func TestSharedBudgetPacesAppsTogether(t *testing.T) {
	const n, rate = 20, 100.0 // 40 calls: ≥ 39 intervals of 10 ms together
	shared := paced(t, NewPacer(nil), "trtc:h:abc", []string{"a", "b"}, n, rate)
	if min := 39 * 10 * time.Millisecond; shared < min {
		t.Fatalf("two apps on one budget made 40 calls in %s: faster than 100/s together (%s at least)", shared, min)
	}
}

// TestSharedBudgetKeepsTheSlowestOverride: rate_limits ("app/Call") still
// apply; a bucket shared with a slower app keeps the slower pace.
func TestSharedBudgetKeepsTheSlowestOverride(t *testing.T) {
	p := NewPacer(map[string]float64{"slow/SetUserBlocked": 50})
	if r := p.Rate("slow", "SetUserBlocked", 20); r != 50 {
		t.Fatalf("override not applied: %v", r)
	}
	ctx := context.Background()
	_ = p.WaitBudget(ctx, "fast", "trtc:h:abc", "SetUserBlocked", "", 1000)
	_ = p.WaitBudget(ctx, "slow", "trtc:h:abc", "SetUserBlocked", "", 1000) // 50/s from the override
	start := time.Now()
	for range 5 {
		_ = p.WaitBudget(ctx, "fast", "trtc:h:abc", "SetUserBlocked", "", 1000)
	}
	if took, min := time.Since(start), 4*20*time.Millisecond; took < min {
		t.Fatalf("5 calls on a bucket shared with a 50/s app took %s, want ≥ %s", took, min)
	}
}

// TestLateCallersPushTheNextBack: callers that reserved their slots ahead
// and woke late (a GC pause, a loaded machine) leave together; the call
// after them, whose own slot is due, still waits until the bucket's last 20
// calls span 20 intervals, so 21 never reach the vendor within one second.
func TestLateCallersPushTheNextBack(t *testing.T) {
	p := NewPacer(nil)
	ctx := context.Background()
	every := p.Interval("app", "SetUserBlocked", 20)
	key := BucketKey("app", "", "SetUserBlocked", "")
	start := time.Now()
	// Twenty late callers leave at once; the bucket itself has a token
	// ready, so only the release guard can hold the next call.
	for range 20 {
		if err := p.release(ctx, key, every, 20); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Wait(ctx, "app", "SetUserBlocked", "", 20); err != nil {
		t.Fatal(err)
	}
	if took, span := time.Since(start), 20*every; took < span {
		t.Fatalf("the 21st call left %s after the first of 20 bunched ones, want ≥ %s", took, span)
	}
	// A cancelled context ends the wait at once.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.Wait(cctx, "app", "SetUserBlocked", "", 20); err == nil {
		t.Fatal("a cancelled wait returned nil")
	}
}
