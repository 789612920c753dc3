package backend

import "testing"

// Every role reads back from its name, the names run least first, and the
// sentence the config and the SSH server print lists them all.
func TestRoleNamesRoundTrip(t *testing.T) {
	want := []string{"viewer", "moderator", "admin"}
	names := RoleNames()
	if len(names) != len(want) {
		t.Fatalf("RoleNames() = %v, want %v", names, want)
	}
	for i, name := range want {
		r, ok := ParseRole(name)
		if !ok || int(r) != i || r.String() != name || names[i] != name {
			t.Errorf("%q: ParseRole = %v %v, String = %q, RoleNames[%d] = %q", name, r, ok, r.String(), i, names[i])
		}
	}
	if _, ok := ParseRole("Admin"); ok {
		t.Error(`ParseRole("Admin") accepted a name that is not a role's`)
	}
	if got := RoleChoices(); got != "viewer, moderator or admin" {
		t.Errorf("RoleChoices() = %q", got)
	}
	if got := Role(7).String(); got != "viewer" {
		t.Errorf("an out-of-range role reads %q, want the least", got)
	}
	names[0] = "changed"
	if RoleNames()[0] != "viewer" {
		t.Error("RoleNames hands out its own array")
	}
}
