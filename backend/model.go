// Package backend is quell's provider-neutral model and action engine. It
// knows nothing of terminals: the console and the headless commands both call
// it, so what the CLI proves, the console gets.
package backend

import (
	"strings"
	"time"
)

// ProviderKind names a vendor API family.
type ProviderKind string

const (
	TRTC        ProviderKind = "trtc"
	TencentChat ProviderKind = "tencent-chat"
	Zego        ProviderKind = "zego"
)

// RoomKind is what a "room" is on an app. Each kind has its own capabilities.
type RoomKind string

const (
	RoomTRTCNumeric RoomKind = "trtc-numeric" // TRTC rooms with numeric IDs
	RoomTRTCString  RoomKind = "trtc-string"  // TRTC rooms with string IDs
	RoomChatLive    RoomKind = "chat-live"    // Tencent Chat live rooms (live_engine_http_srv)
	RoomChatGroup   RoomKind = "chat-group"   // Tencent Chat groups (group_open_http_svc)
	RoomZIMRoom     RoomKind = "zim-room"     // ZEGO ZIM rooms
	RoomZIMGroup    RoomKind = "zim-group"    // ZEGO ZIM groups
	RoomZegoRTC     RoomKind = "zego-rtc"     // ZEGO RTC (Express) rooms
)

// App is one configured application on one vendor.
type App struct {
	Name     string
	Provider ProviderKind
	RoomKind RoomKind
	Caps     Capabilities
	// AVApp names the TRTC app that adds audio/video blocking to a Chat app's
	// rooms (config `av:`); empty otherwise.
	AVApp string
}

// Room is a live room, group or channel.
type Room struct {
	ID        string
	Name      string // attacker-controlled: sanitize before display
	Members   int    // -1 when the vendor does not say
	CreatedAt time.Time
	Live      bool
	Owner     string
	// AllMuted: everyone is muted at once (Chat live IsMessageDisabled, Chat
	// group MuteAllMember "On", ZEGO MuteGroup as quell remembers it).
	AllMuted bool

	// Views is how many times the room was viewed, where the vendor counts
	// that instead of members (Tencent Chat live rooms' ViewCount: total
	// views, not who is in the room now); ViewsKnown says it was given.
	Views      int
	ViewsKnown bool
}

// AVBlock is what of a user's audio and video is blocked.
type AVBlock int

const (
	AVNone AVBlock = iota
	AVAudio
	AVVideo
	AVAll
)

func (b AVBlock) String() string {
	switch b {
	case AVAudio:
		return "audio"
	case AVVideo:
		return "video"
	case AVAll:
		return "all"
	}
	return "none"
}

// ParseAVBlock reads "none|audio|video|all".
func ParseAVBlock(s string) (AVBlock, bool) {
	switch s {
	case "none", "":
		return AVNone, true
	case "audio":
		return AVAudio, true
	case "video":
		return AVVideo, true
	case "all":
		return AVAll, true
	}
	return AVNone, false
}

// Forever marks a mute or ban without end. Vendors spell "permanent" in many
// ways (4294967295 s, -1, a date in 2160); providers normalise them with
// NormalizeUntil so the UI and JSON can say "forever" honestly.
var Forever = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// IsForever reports whether t is the Forever sentinel.
func IsForever(t time.Time) bool { return t.Equal(Forever) }

// NormalizeUntil maps vendor "permanent" end times (anything more than 50
// years ahead of now) to Forever, and leaves other times untouched.
func NormalizeUntil(t, now time.Time) time.Time {
	if !t.IsZero() && t.After(now.AddDate(50, 0, 0)) {
		return Forever
	}
	return t
}

// Member is one user in a room, with the moderation state quell knows of.
type Member struct {
	UserID      string
	Name        string // display name; attacker-controlled
	Role        string
	JoinedAt    time.Time
	MutedUntil  time.Time // zero: not muted; Forever: permanently
	BannedUntil time.Time
	AVBlock     AVBlock
	// Maybe says what quell sent that got no answer, where the vendor
	// cannot list the state (TRTC AV blocks, ZEGO group mutes): "may be
	// blocked (audio)", "may be muted". The views mark such members "?".
	Maybe     string
	MaybeKind string // UnsureAV or UnsureMute: which column the "?" belongs to
}

// Muted reports whether the member is muted at now.
func (m Member) Muted(now time.Time) bool { return m.MutedUntil.After(now) }

// BlacklistEntry is one user on an owner's blacklist (blocklist).
type BlacklistEntry struct {
	Owner  string
	UserID string
	Name   string
	Since  time.Time
}

// Role is an operator's permission level. Higher may do more.
type Role int

const (
	RoleViewer Role = iota
	RoleModerator
	RoleAdmin
)

// roleNames is the one home of the roles' names, least first: the config's
// ssh.users[].role, the journal's actor role, the status bar and every
// message that lists the roles read them from here.
var roleNames = [...]string{RoleViewer: "viewer", RoleModerator: "moderator", RoleAdmin: "admin"}

// String is the role's name; an out-of-range role reads as the least.
func (r Role) String() string {
	if r < 0 || int(r) >= len(roleNames) {
		return roleNames[RoleViewer]
	}
	return roleNames[r]
}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, bool) {
	for r, name := range roleNames {
		if s == name {
			return Role(r), true
		}
	}
	return RoleViewer, false
}

// RoleNames lists the roles' names, least first.
func RoleNames() []string { return append([]string(nil), roleNames[:]...) }

// RoleChoices is the roles' names for a message: "viewer, moderator or admin".
func RoleChoices() string {
	n := len(roleNames)
	return strings.Join(roleNames[:n-1], ", ") + " or " + roleNames[n-1]
}

// Actor is who asks for an action: recorded in the journal, checked against
// the action table's least role.
type Actor struct {
	Name        string // OS user, or the config user of an SSH session
	Fingerprint string // SSH key fingerprint (SHA256:...), empty for local use
	Role        Role
}
