package tencentchat_test

import (
	"context"
	"testing"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/emulator/chatemu"
)

// The client reads mutes from an app that answers the older names
// (ShutUpUntil, ShuttedUinList/ShuttedUntil) as well as from a current one.
func TestIntegrationLegacyNames(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		w := newWorld(t)
		w.emu.AddApp(chatemu.App{SDKAppID: itApp, Admin: itAdmin, SecretKey: itKey, LegacyNames: legacy})
		pub := w.emu.AddGroup(itApp, "@TGS#2OLD", "Public", 5)
		av := w.emu.AddGroup(itApp, "@TGS#2OLDAV", "AVChatRoom", 5)
		c, eng := w.engineClient(t, true)
		ctx := context.Background()
		for room, users := range map[string][]string{"@TGS#2OLD": pub[1:3], "@TGS#2OLDAV": av[1:3]} {
			res, err := eng.Run(ctx, c, backend.ActionRequest{Room: room, Kind: backend.ActMute, Users: users, Duration: time.Hour, Actor: moderator}, nil)
			if err != nil || res.Applied != 2 {
				t.Fatalf("legacy=%v %s: mute %v %v", legacy, room, err, outcomeErrors(res))
			}
			muted, err := c.ListMuted(ctx, room)
			if err != nil || len(muted) != 2 {
				t.Fatalf("legacy=%v %s: ListMuted %d %v", legacy, room, len(muted), err)
			}
			ms, err := c.ListMembers(ctx, room)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range ms {
				if m.Muted(time.Now()) {
					n++
				}
			}
			if n != 2 {
				t.Fatalf("legacy=%v %s: ListMembers shows %d muted, want 2", legacy, room, n)
			}
		}
	}
}
