package backend

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func avPair() (chat, av *fakeProvider) {
	chat = newFake(500, 1000)
	chat.app = App{Name: "chat-live", Provider: TencentChat, RoomKind: RoomChatLive,
		Caps: NewCapabilities([]Capability{CapListMembers, CapMute, CapUnmute},
			map[Capability]string{CapBlockAV: "Chat rooms carry no audio/video", CapKick: "live rooms cannot kick"})}
	av = newFake(1, 1000)
	av.app = App{Name: "trtc-av", Provider: TRTC, RoomKind: RoomTRTCString, Caps: allCaps()}
	return chat, av
}

func TestWithAVAddsCapabilitiesWithoutTouchingBase(t *testing.T) {
	chat, av := avPair()
	p := WithAV(chat, av, NewMemoryState())
	a := p.App()
	if !a.Caps.Can(CapBlockAV) || !a.Caps.Can(CapUnblockAV) || !a.Caps.Can(CapMute) || a.Caps.Can(CapKick) {
		t.Fatalf("caps %v", a.Caps.Has)
	}
	if a.Name != "chat-live" || a.AVApp != "trtc-av" || a.Caps.Missing[CapBlockAV] != "" {
		t.Fatalf("app %+v", a)
	}
	if a.Caps.Why(CapKick) != "live rooms cannot kick" {
		t.Fatalf("lost the reason for a missing capability: %q", a.Caps.Why(CapKick))
	}
	if chat.App().Caps.Can(CapBlockAV) || chat.App().AVApp != "" {
		t.Fatal("base app changed")
	}
}

func TestWithAVRoutesBlocksToTRTCAndPacesThere(t *testing.T) {
	chat, av := avPair()
	p := WithAV(chat, av, NewMemoryState())
	e := fastEngine()
	req := ActionRequest{Room: "live-1", Kind: ActBlock, Users: []string{"a", "b"}, AVMode: AVAudio,
		Actor: Actor{Name: "mod", Role: RoleModerator}}
	res, err := e.Run(context.Background(), p, req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 2 || res.Request.App != "chat-live" || len(av.callList()) != 2 || len(chat.callList()) != 0 {
		t.Fatalf("applied %d app %q av calls %d chat calls %d", res.Applied, res.Request.App, len(av.callList()), len(chat.callList()))
	}
	if got := av.plans[0]; got.App != "trtc-av" || got.Room != "live-1" || got.AVMode != AVAudio || got.Actor.Name != "mod" {
		t.Fatalf("av planned %+v", got)
	}
	if _, ok := e.Pacer.limiters["trtc-av/fake_block/"]; !ok {
		t.Fatalf("block not paced under the TRTC app: buckets %v", keys(e.Pacer.limiters))
	}
	if _, ok := e.Pacer.limiters["chat-live/fake_block/"]; ok {
		t.Fatal("block also paced under the Chat app")
	}

	if _, err := e.Run(context.Background(), p, ActionRequest{Room: "live-1", Kind: ActMute, Users: []string{"a"},
		Duration: time.Minute, Actor: Actor{Role: RoleModerator}}, nil); err != nil {
		t.Fatal(err)
	}
	if len(chat.callList()) != 1 || len(chat.plans) != 1 || chat.plans[0].App != "chat-live" {
		t.Fatalf("mute did not go to the Chat app: %+v", chat.plans)
	}
	if _, err := e.Prepare(p, ActionRequest{Room: "live-1", Kind: ActKick, Users: []string{"a"}, Actor: Actor{Role: RoleModerator}}); err == nil {
		t.Fatal("kick allowed on a live-room app")
	}
}

func TestWithAVPassesTRTCInputErrors(t *testing.T) {
	chat, av := avPair()
	av.planErr = &InputError{Field: "room", Value: "x", Problem: "too long"}
	_, err := fastEngine().Prepare(WithAV(chat, av, NewMemoryState()),
		ActionRequest{Room: "x", Kind: ActUnblock, Users: []string{"a"}, Actor: Actor{Role: RoleModerator}})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "room" {
		t.Fatalf("err %v", err)
	}
}

func TestWithAVOverlaysRememberedBlocks(t *testing.T) {
	chat, av := avPair()
	st := NewMemoryState()
	now := time.Now()
	_ = st.SetAVBlock("trtc-av", "live-1", "bob", AVVideo, "mod", now)
	_ = st.SetAVBlock("trtc-av", "live-1", "ghost", AVAll, "mod", now)   // left the room
	_ = st.SetAVBlock("trtc-av", "live-2", "alice", AVAll, "mod", now)   // other room
	_ = st.SetAVBlock("chat-live", "live-1", "carol", AVAll, "mod", now) // other app
	ms, err := WithAV(chat, av, st).ListMembers(context.Background(), "live-1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]AVBlock{"alice": AVNone, "bob": AVVideo, "carol": AVNone}
	if len(ms) != 3 {
		t.Fatalf("members %+v", ms)
	}
	for _, m := range ms {
		if m.AVBlock != want[m.UserID] {
			t.Fatalf("%s shows %s, want %s", m.UserID, m.AVBlock, want[m.UserID])
		}
	}
}

func TestCheckAV(t *testing.T) {
	chat, av := avPair()
	if err := CheckAV(chat.app, av.app); err != nil {
		t.Fatal(err)
	}
	numeric := av.app
	numeric.RoomKind = RoomTRTCNumeric
	if CheckAV(chat.app, numeric) == nil || CheckAV(av.app, av.app) == nil || CheckAV(chat.app, chat.app) == nil {
		t.Fatal("a mismatched pair passed")
	}
	// A TRTC app that cannot block (China site) adds nothing: refused, with
	// its reason.
	china := av.app
	china.Caps = NewCapabilities([]Capability{CapKick, CapDismiss}, map[Capability]string{CapBlockAV: "no audio/video block on the China site"})
	if err := CheckAV(chat.app, china); err == nil || !strings.Contains(err.Error(), "China site") {
		t.Fatalf("China-site av app: %v", err)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
