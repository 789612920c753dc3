package zegoemu

import (
	"testing"
	"time"
)

// TestMuteGroup: MuteGroup as ZEGO documents it mutes and unmutes the whole
// group, and refuses what the page refuses: a Duration out of range, an
// IsAllMuted that is not a Bool, a FromUserId that is neither owner nor
// admin, an unknown group, more than 20 calls in a second.
func TestMuteGroup(t *testing.T) {
	h := newHarness(t)
	h.emu.RegisterUsers(testApp, "owner", "a")
	h.emu.AddGroup(testApp, "g", "owner", "a", "b")
	for _, c := range []struct {
		name, query string
		want        int64
	}{
		{"Duration over 30 days", "FromUserId=owner&GroupId=g&IsAllMuted=true&Duration=2592001", cBadParam},
		{"Duration below -1", "FromUserId=owner&GroupId=g&IsAllMuted=true&Duration=-2", cBadParam},
		{"IsAllMuted not a Bool", "FromUserId=owner&GroupId=g&IsAllMuted=yes&Duration=-1", cBadParam},
		{"misspelt IsAllMute", "FromUserId=owner&GroupId=g&IsAllMute=true&Duration=-1", cBadParam},
		{"member, not admin", "FromUserId=a&GroupId=g&IsAllMuted=true&Duration=-1", cBadParam},
		{"no such group", "FromUserId=owner&GroupId=nope&IsAllMuted=true&Duration=-1", cGroupNotFound},
	} {
		h.now = h.now.Add(1100 * time.Millisecond)
		if got := h.get("MuteGroup", c.query).Code; got != c.want {
			t.Errorf("%s: code %d, want %d", c.name, got, c.want)
		}
	}
	if h.emu.GroupAllMuted(testApp, "g") {
		t.Fatal("a refused MuteGroup muted the group")
	}
	h.now = h.now.Add(1100 * time.Millisecond)
	if r := h.get("MuteGroup", "FromUserId=owner&GroupId=g&IsAllMuted=true&Duration=-1"); r.Code != cOK || !h.emu.GroupAllMuted(testApp, "g") {
		t.Fatalf("mute all: code %d, muted %v", r.Code, h.emu.GroupAllMuted(testApp, "g"))
	}
	h.now = h.now.Add(1100 * time.Millisecond)
	if r := h.get("MuteGroup", "FromUserId=owner&GroupId=g&Duration=0"); r.Code != cOK || h.emu.GroupAllMuted(testApp, "g") {
		t.Fatalf("unmute all: code %d, muted %v", r.Code, h.emu.GroupAllMuted(testApp, "g"))
	}
	h.now = h.now.Add(1100 * time.Millisecond)
	codes := map[int64]int{}
	for range 21 {
		codes[h.get("MuteGroup", "FromUserId=owner&GroupId=g&IsAllMuted=true&Duration=60").Code]++
	}
	if codes[cOK] != 20 || codes[cAppQPS] != 1 {
		t.Fatalf("21 calls in one second answered %v; want 20 ok and 1 QPS", codes)
	}
}
