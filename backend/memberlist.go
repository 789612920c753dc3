package backend

import (
	"context"
	"fmt"
)

// MemberCount says how much of a room a member list shows. Some vendors list
// only part of a big room (Tencent Chat live rooms: at most 1,000 members),
// and a console that showed "1000" as the room's size would mislead.
type MemberCount struct {
	// Total is the vendor's own count of the room's members; -1 unknown.
	Total int
	// Capped is true when the vendor listed fewer members than Total
	// because of its own limit, not because the room is that small.
	Capped bool
	// Limit is the most members the vendor lists (0: no limit known).
	Limit int
	// Why explains the cap in a moderator's words ("" when not capped).
	Why string
}

// UnknownCount is the count of a list the vendor says nothing more about.
var UnknownCount = MemberCount{Total: -1}

// Note is the line a console or command shows with a capped list of shown
// members, e.g. "1,000 of 19,976 shown — the vendor lists at most 1,000";
// "" when the list is complete. Why is left out: it is for help and JSON.
func (c MemberCount) Note(shown int) string {
	if !c.Capped {
		return ""
	}
	s := fmt.Sprintf("%s of %s shown", Thousands(shown), Thousands(c.Total))
	if c.Limit > 0 {
		s += " — the vendor lists at most " + Thousands(c.Limit)
	}
	return s
}

// CountedMemberLister is implemented by providers that know more about a
// member list than its rows: the room's true size and the vendor's cap.
// Actions never depend on it: any typed user ID is accepted, listed or not.
type CountedMemberLister interface {
	ListMembersCounted(ctx context.Context, room string) ([]Member, MemberCount, error)
}

// ListMembersCounted lists room's members with their count from p when p
// knows it, and UnknownCount otherwise.
func ListMembersCounted(ctx context.Context, p Provider, room string) ([]Member, MemberCount, error) {
	if cl, ok := p.(CountedMemberLister); ok {
		return cl.ListMembersCounted(ctx, room)
	}
	ms, err := p.ListMembers(ctx, room)
	return ms, UnknownCount, err
}

// Thousands writes n with comma thousands separators: 19976 → "19,976".
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
