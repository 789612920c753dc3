package emucore

import (
	"testing"
	"time"
)

func TestWindowRejectsBurstOverRate(t *testing.T) {
	w := NewWindow()
	t0 := time.Unix(1000, 0)
	for i := range 20 {
		if !w.Allow("k", 20, t0.Add(time.Duration(i)*time.Millisecond)) {
			t.Fatalf("call %d rejected within the rate", i)
		}
	}
	if w.Allow("k", 20, t0.Add(30*time.Millisecond)) {
		t.Fatal("21st call within one second admitted")
	}
	if !w.Allow("k", 20, t0.Add(1001*time.Millisecond)) {
		t.Fatal("call after the window slid was rejected")
	}
	if !w.Allow("other", 20, t0) {
		t.Fatal("keys must be independent")
	}
}

func TestWindowPacedCallsPass(t *testing.T) {
	w := NewWindow()
	t0 := time.Unix(1000, 0)
	for i := range 200 {
		if !w.Allow("k", 20, t0.Add(time.Duration(i)*52*time.Millisecond)) {
			t.Fatalf("paced call %d rejected", i)
		}
	}
}

// TestWindowOutOfOrderArrivals: calls stamped on arrival may be admitted in
// another order; an early stamp admitted late must still expire with its
// second, or it would reject a later, well-paced call.
func TestWindowOutOfOrderArrivals(t *testing.T) {
	w := NewWindow()
	t0 := time.Unix(1000, 0)
	if !w.Allow("k", 2, t0.Add(100*time.Millisecond)) || !w.Allow("k", 2, t0) {
		t.Fatal("two calls within the rate rejected")
	}
	// At t0+1050ms the call stamped t0 has left the window; the one at
	// t0+100ms has not: one call in the window, so one more fits.
	if !w.Allow("k", 2, t0.Add(1050*time.Millisecond)) {
		t.Fatal("an expired out-of-order call still counted")
	}
	if w.Allow("k", 2, t0.Add(1060*time.Millisecond)) {
		t.Fatal("third call within one second admitted")
	}
}
