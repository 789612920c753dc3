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
