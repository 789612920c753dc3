package backend

import (
	"context"
	"testing"
	"time"
)

func TestThousandsAndNote(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 19976: "19,976", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	capped := MemberCount{Total: 19976, Capped: true, Limit: 1000, Why: "why"}
	if got := capped.Note(1000); got != "1,000 of 19,976 shown — the vendor lists at most 1,000" {
		t.Errorf("note %q", got)
	}
	if got := (MemberCount{Total: 40}).Note(40); got != "" {
		t.Errorf("a complete list has no note: %q", got)
	}
}

// countedFake is a provider that knows its list is capped.
type countedFake struct {
	*fakeProvider
	count MemberCount
}

func (c countedFake) ListMembersCounted(ctx context.Context, room string) ([]Member, MemberCount, error) {
	ms, err := c.ListMembers(ctx, room)
	return ms, c.count, err
}

// The cap survives `av:` (WithAV), and a provider without counts says
// "unknown" rather than inventing a total.
func TestListMembersCounted(t *testing.T) {
	chat, av := avPair()
	if _, count, err := ListMembersCounted(context.Background(), chat, "r"); err != nil || count != UnknownCount {
		t.Fatalf("uncounted provider: %+v %v", count, err)
	}
	capped := MemberCount{Total: 19976, Capped: true, Limit: 1000, Why: "vendor cap"}
	st := NewMemoryState()
	_ = st.SetAVBlock("trtc-av", "r", "bob", AVAudio, "mod", time.Now())
	ms, count, err := ListMembersCounted(context.Background(), WithAV(countedFake{chat, capped}, av, st), "r")
	if err != nil || count != capped || len(ms) != 3 || ms[1].AVBlock != AVAudio {
		t.Fatalf("through WithAV: %+v %+v %v", ms, count, err)
	}
}
