package backend

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestTableHandsOutCopies: no caller can change the table for everyone.
func TestTableHandsOutCopies(t *testing.T) {
	s, _ := Spec(ActMute)
	s.Params[0] = ParamOwner
	s.Key = "?"
	for a := range Actions() {
		if a.Kind == ActMute {
			a.Params[0] = ParamOwner
		}
	}
	if again, _ := Spec(ActMute); !again.Takes(ParamDuration) || again.Key != "m" {
		t.Fatalf("the table changed through a copy: %+v", again)
	}
	if byName, _ := SpecByName("mute"); !byName.Takes(ParamDuration) {
		t.Fatal("SpecByName shares the table's Params")
	}
}

// TestTableIsComplete: every entry carries what the keymap, the help, the
// apps summary and the generated commands read.
func TestTableIsComplete(t *testing.T) {
	keys, names := map[string]bool{}, map[string]bool{}
	for s := range Actions() {
		if s.Key == "" || s.Name == "" || s.Title == "" || s.Verb == "" || s.Family == "" || s.Needs == "" || s.Command == "" || s.Help == "" {
			t.Errorf("%s: incomplete entry %+v", s.Kind, s)
		}
		if keys[s.Key] || names[s.Name] {
			t.Errorf("%s: key %q or name %q used twice", s.Kind, s.Key, s.Name)
		}
		keys[s.Key], names[s.Name] = true, true
		if s.Inverse == "" && s.NoUndo == "" {
			t.Errorf("%s: neither an inverse nor why not", s.Kind)
		}
		if inv, ok := Spec(s.Inverse); s.Inverse != "" && (!ok || inv.Needs == "") {
			t.Errorf("%s: inverse %q is not in the table", s.Kind, s.Inverse)
		}
		if !slices.Contains(AllCapabilities(), s.Needs) {
			t.Errorf("%s: capability %s missing from AllCapabilities", s.Kind, s.Needs)
		}
	}
}

// TestEffects is each action's effect on a member, as the console patches
// its rows: the table's, not a copy in the console.
func TestEffects(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	base := Member{UserID: "u", MutedUntil: now.Add(time.Hour), AVBlock: AVAudio}
	for _, tc := range []struct {
		name  string
		req   ActionRequest
		want  Member
		stays bool
	}{
		{"mute 10m", ActionRequest{Kind: ActMute, Duration: 10 * time.Minute}, Member{UserID: "u", MutedUntil: now.Add(10 * time.Minute), AVBlock: AVAudio}, true},
		{"mute forever", ActionRequest{Kind: ActMute, Forever: true}, Member{UserID: "u", MutedUntil: Forever, AVBlock: AVAudio}, true},
		{"unmute", ActionRequest{Kind: ActUnmute}, Member{UserID: "u", AVBlock: AVAudio}, true},
		{"block, no mode: audio and video", ActionRequest{Kind: ActBlock}, Member{UserID: "u", MutedUntil: now.Add(time.Hour), AVBlock: AVAll}, true},
		{"block video", ActionRequest{Kind: ActBlock, AVMode: AVVideo}, Member{UserID: "u", MutedUntil: now.Add(time.Hour), AVBlock: AVVideo}, true},
		{"unblock", ActionRequest{Kind: ActUnblock, AVMode: AVAudio}, Member{UserID: "u", MutedUntil: now.Add(time.Hour)}, true},
		{"kick", ActionRequest{Kind: ActKick}, base, false},
		{"blacklist add", ActionRequest{Kind: ActBlacklistAdd}, base, true},
	} {
		spec, _ := Spec(tc.req.Kind)
		got, stays := spec.Apply(base, tc.req, now)
		if got != tc.want || stays != tc.stays {
			t.Errorf("%s: %+v stays=%v, want %+v stays=%v", tc.name, got, stays, tc.want, tc.stays)
		}
	}
}

// TestPrepareSendsTheBlockModeItRecords: a block naming no mode is
// prepared as audio and video, so the provider, the journal and a resumed
// run all see the mode that was sent.
func TestPrepareSendsTheBlockModeItRecords(t *testing.T) {
	f := newFake(1, 200)
	req := modReq(ActBlock, "a")
	req.AVMode = AVNone
	if _, err := fastEngine().Run(context.Background(), f, req, nil); err != nil {
		t.Fatal(err)
	}
	if len(f.plans) != 1 || f.plans[0].AVMode != AVAll {
		t.Fatalf("planned %+v, want AVMode all", f.plans)
	}
}

// TestConfirmationRules: a ban keeps users out, so it asks even for one
// user; mute asks over 20; only dismiss is confirmed by typing the room.
func TestConfirmationRules(t *testing.T) {
	for _, tc := range []struct {
		kind  ActionKind
		users int
		ask   bool
	}{
		{ActBan, 1, true}, {ActMute, 20, false}, {ActMute, 21, true}, {ActUnban, 1, false},
		{ActMuteAll, 0, true}, {ActUnmuteAll, 0, false}, {ActDismiss, 0, true},
	} {
		s, _ := Spec(tc.kind)
		if s.MustConfirm(tc.users) != tc.ask {
			t.Errorf("%s on %d users: asks %v, want %v", tc.kind, tc.users, !tc.ask, tc.ask)
		}
	}
	for s := range Actions() {
		if s.TypeToConfirm != (s.Kind == ActDismiss) {
			t.Errorf("%s: TypeToConfirm %v", s.Kind, s.TypeToConfirm)
		}
	}
}
