package emulator

import (
	"github.com/quell-console/quell/backend/emulator/chatemu"
	"github.com/quell-console/quell/backend/emulator/trtcemu"
	"github.com/quell-console/quell/backend/emulator/zegoemu"
)

// The demo apps. Names, IDs and credentials are fixed so that a config
// written once keeps working against any later run of the emulator. The
// secrets are the emulator's own test credentials: they open nothing else.
const (
	DemoTRTC       = "trtc-demo"   // TRTC, numeric room IDs
	DemoTRTCAV     = "trtc-av"     // TRTC, string room IDs mirroring DemoChatLive's rooms
	DemoChatLive   = "chat-live"   // Tencent Chat live rooms, AV blocks through DemoTRTCAV
	DemoChatGroups = "chat-groups" // Tencent Chat groups
	DemoZegoRooms  = "zego-rooms"  // ZEGO ZIM rooms
	DemoZegoGroups = "zego-groups" // ZEGO ZIM groups
	DemoZegoRTC    = "zego-rtc"    // ZEGO RTC (Express) rooms

	DemoTRTCSDKAppID       uint64 = 1400100001
	DemoTRTCAVSDKAppID     uint64 = 1400100002
	DemoChatLiveSDKAppID   uint64 = 1400200001
	DemoChatGroupsSDKAppID uint64 = 1400200002
	DemoZegoRoomsAppID     uint64 = 1700000001
	DemoZegoGroupsAppID    uint64 = 1700000002
	DemoZegoRTCAppID       uint64 = 1700000003

	DemoRegion = "ap-singapore"

	// One API key manages both TRTC apps, as one Tencent Cloud account would.
	DemoTRTCSecretID  = "AKID-quell-emulator-test-only-1"
	DemoTRTCSecretKey = "quellEmulatorTestOnlyKey00000001"

	DemoChatAdmin           = "administrator"
	DemoChatLiveSecretKey   = "0e5c7a1f0d2b4c6e8a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f"
	DemoChatGroupsSecretKey = "7f3e1d5c9b2a4f6e8d0c1b3a5f7e9d2c4b6a8f0e1d3c5b7a9f2e4d6c8b0a1f3e"

	DemoZegoRoomsSecret  = "9b1c0e4f7a2d5c8b3e6f1a4d7c0b9e2f"
	DemoZegoGroupsSecret = "4a7d1c9e2b5f8a3d6c0e9b2f5a8d1c4e"
	DemoZegoRTCSecret    = "c3e8a1f6d4b9e2c7a5f0d3b8e1c6a9f4"
	// DemoZegoOperator is the FromUserId of group actions: zegoemu's demo
	// seed makes this user an admin of every demo group.
	DemoZegoOperator = "admin-bot"
)

// addDemo registers and seeds the demo apps.
func (s *Server) addDemo() {
	s.trtc.AddApp(trtcemu.App{SDKAppID: DemoTRTCSDKAppID, SecretID: DemoTRTCSecretID, SecretKey: DemoTRTCSecretKey})
	s.trtc.AddApp(trtcemu.App{SDKAppID: DemoTRTCAVSDKAppID, SecretID: DemoTRTCSecretID, SecretKey: DemoTRTCSecretKey, StringRooms: true})
	s.trtc.SeedDemo(DemoTRTCSDKAppID)

	s.chat.AddApp(chatemu.App{SDKAppID: DemoChatLiveSDKAppID, Admin: DemoChatAdmin, SecretKey: DemoChatLiveSecretKey})
	s.chat.AddApp(chatemu.App{SDKAppID: DemoChatGroupsSDKAppID, Admin: DemoChatAdmin, SecretKey: DemoChatGroupsSecretKey})
	s.chat.SeedDemo(DemoChatLiveSDKAppID)
	s.chat.SeedDemo(DemoChatGroupsSDKAppID)

	s.zego.AddApp(zegoemu.App{AppID: DemoZegoRoomsAppID, ServerSecret: DemoZegoRoomsSecret})
	s.zego.AddApp(zegoemu.App{AppID: DemoZegoGroupsAppID, ServerSecret: DemoZegoGroupsSecret})
	s.zego.SeedDemo(DemoZegoRoomsAppID)
	s.zego.SeedDemo(DemoZegoGroupsAppID)
	s.zego.AddApp(zegoemu.App{AppID: DemoZegoRTCAppID, ServerSecret: DemoZegoRTCSecret})
	s.zego.SeedRTCDemo(DemoZegoRTCAppID)

	// trtc-av is not seeded on its own: its rooms are chat-live's.
	s.mirrorLiveRooms()
}

// mirrorLiveRooms keeps DemoTRTCAV's rooms in step with DemoChatLive's live
// rooms, so an AV block on a chat room finds the room open and the user in
// it: rooms that are not open (new, or closed by TRTC's churn) are opened
// with every member, and members who joined the chat room since are added.
// Members who left stay in the TRTC room, as a user may keep a call open
// after leaving the chat.
func (s *Server) mirrorLiveRooms() {
	for _, room := range s.chat.LiveRooms(DemoChatLiveSDKAppID) {
		if !s.trtc.RoomOpen(DemoTRTCAVSDKAppID, room.ID) {
			s.trtc.AddRoom(DemoTRTCAVSDKAppID, room.ID, room.Members)
			continue
		}
		in := map[string]bool{}
		for _, u := range s.trtc.Members(DemoTRTCAVSDKAppID, room.ID) {
			in[u] = true
		}
		var joined []string
		for _, u := range room.Members {
			if !in[u] {
				joined = append(joined, u)
			}
		}
		if len(joined) > 0 {
			s.trtc.AddRoom(DemoTRTCAVSDKAppID, room.ID, joined)
		}
	}
}
