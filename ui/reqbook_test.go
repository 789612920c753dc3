package ui

import "testing"

func TestRequestBookDropsOlderAnswers(t *testing.T) {
	b := newRequestBook()
	first := b.issue("members:a/r1")
	second := b.issue("members:a/r1")
	other := b.issue("rooms:a")
	if b.inFlight() != 3 {
		t.Fatalf("in flight = %d, want 3", b.inFlight())
	}
	if !b.settle("members:a/r1", second) {
		t.Fatal("newest answer dropped")
	}
	if b.settle("members:a/r1", first) {
		t.Fatal("older answer applied after the newer one")
	}
	if !b.settle("rooms:a", other) {
		t.Fatal("answer for another list dropped")
	}
	if b.inFlight() != 0 {
		t.Fatalf("in flight = %d after every answer", b.inFlight())
	}
	late := b.issue("rooms:a")
	b.forget("rooms:a")
	if b.settle("rooms:a", late) {
		t.Fatal("answer for a forgotten list applied")
	}
}
