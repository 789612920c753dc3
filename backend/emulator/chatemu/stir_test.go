package chatemu

import (
	"testing"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

// Stir keeps a room's size while its members change and some are muted:
// the soak test's churn on a 20,000-member room.
func TestStirKeepsSizeAndChangesMembers(t *testing.T) {
	env := emucore.NewEnv(1)
	e := New(env)
	const sdk = 1400000001
	e.AddApp(App{SDKAppID: sdk, Admin: "admin", SecretKey: "k"})
	before := e.AddGroup(sdk, "big", "Public", 1000)
	for range 50 {
		if !e.Stir(sdk, "big", 10) {
			t.Fatal("the group is not there")
		}
	}
	g := e.apps[sdk].groups["big"]
	if g.members.len() != 1000 {
		t.Errorf("%d members after stirring, want 1000", g.members.len())
	}
	if !g.members.has(before[0]) {
		t.Error("the owner left")
	}
	left := 0
	for _, u := range before {
		if !g.members.has(u) {
			left++
		}
	}
	if left < 300 {
		t.Errorf("only %d of the first members left after 500 moves", left)
	}
	if len(g.muted) == 0 || len(g.muted) > 500 {
		t.Errorf("%d muted after 500 mutes of at least 2 s", len(g.muted))
	}
	if len(g.roles) != 1000 {
		t.Errorf("%d roles for 1000 members", len(g.roles))
	}
	if e.Stir(sdk, "nope", 1) {
		t.Error("stirred a room that does not exist")
	}
}
