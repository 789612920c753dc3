package cli

import (
	"strings"
	"testing"

	"github.com/quell-console/quell/backend/emulator"
)

// Issue #7, done when: "a Chat live member list over 1,000 says so on
// screen and in JSON". get_member_list lists at most 1,000 members
// (providers.md §2): `quell members` says how many of how many it shows.
func TestMembersOver1000SaysSo(t *testing.T) {
	h := newHarness(t)
	big := h.srv.Chat().AddLiveRoom(emulator.DemoChatLiveSDKAppID, "huge", 19976)

	out := h.ok("members", "--app", emulator.DemoChatLive, "--room", "huge")
	if !strings.Contains(out, "1,000 of 19,976 shown — the vendor lists at most 1,000") {
		t.Errorf("table does not say the list is capped:\n%s", out[max(0, len(out)-400):])
	}

	var list membersListJSON
	h.json(&list, 0, "", "members", "--app", emulator.DemoChatLive, "--room", "huge")
	if !list.Truncated || list.Shown != 1000 || len(list.Members) != 1000 || list.Total == nil || *list.Total != 19976 ||
		list.Limit == nil || *list.Limit != 1000 || !strings.Contains(list.Note, "1,000 of 19,976") {
		t.Errorf("JSON: truncated %v shown %d total %v limit %v note %q", list.Truncated, list.Shown, list.Total, list.Limit, list.Note)
	}

	// Actions still take a user the vendor does not list.
	listed := map[string]bool{}
	for _, m := range list.Members {
		listed[m.User] = true
	}
	var unlisted string
	for _, u := range big {
		if !listed[u] {
			unlisted = u
			break
		}
	}
	h.ok("mute", "--app", emulator.DemoChatLive, "--room", "huge", "--for", "10m", unlisted)
	if h.srv.Chat().MutedUntil(emulator.DemoChatLiveSDKAppID, "huge", unlisted).IsZero() {
		t.Error("an unlisted user could not be muted")
	}

	// A complete list is not marked.
	h.srv.Chat().AddLiveRoom(emulator.DemoChatLiveSDKAppID, "small", 12)
	var small membersListJSON
	h.json(&small, 0, "", "members", "--app", emulator.DemoChatLive, "--room", "small")
	if small.Truncated || small.Shown != 12 || small.Limit != nil || small.Note != "" || small.Total == nil || *small.Total != 12 {
		t.Errorf("small room JSON: truncated %v shown %d limit %v note %q", small.Truncated, small.Shown, small.Limit, small.Note)
	}
	if out := h.ok("members", "--app", emulator.DemoChatLive, "--room", "small"); strings.Contains(out, "shown") {
		t.Errorf("small room table marked as capped:\n%s", out)
	}
}
