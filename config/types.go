// Package config reads quell's YAML configuration.
package config

import "time"

// Secret holds a credential. It prints as [redacted] through every fmt verb,
// JSON and YAML, so no log line, error or screen can show it by accident;
// Reveal is the one way to read it, for signing.
type Secret string

// Reveal returns the credential itself. Call it only where it is used to sign.
func (s Secret) Reveal() string { return string(s) }

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString hides the secret from %#v too.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// MarshalJSON never writes the secret.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText never writes the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Config is the whole file, with ${VAR}s expanded and defaults applied.
type Config struct {
	Path    string            // the file it came from ("" for a built-in demo config)
	Refresh time.Duration     // live list refresh interval (default 3s)
	Apps    []App             // in file order
	Keys    map[string]string // action/key name → key ("<disabled>" to disable)
	SSH     SSH
	Journal string // journal database path ("" → $XDG_STATE_HOME/quell/journal.db)
	// JournalURL is a postgres:// journal shared by several quell processes
	// (Journal is then ""); a Secret because the URL may hold a password.
	JournalURL Secret
	// Quota is a redis:// or rediss:// URL: the vendors' rate limits are
	// then shared with every quell process using the same Redis.
	Quota Secret

	hasSecrets bool // some secret field was set: the file's mode matters
}

// App is one configured application.
type App struct {
	Name     string // [a-z0-9-]+, unique
	Provider string // trtc | tencent-chat | zego
	Line     int    // line of the app's entry in the file, for errors

	// trtc
	SDKAppID uint64 // trtc and tencent-chat
	Region   string
	RoomIDs  string // numeric (default) | string
	SecretID Secret
	// SecretKey is the TRTC SecretKey or the Chat app's key.
	SecretKey Secret

	// tencent-chat
	Rooms string // tencent-chat: live (default) | group; zego: zim (default) | group | rtc
	Admin string
	AV    string // name of a TRTC app (room_ids: string) adding AV block

	// zego
	AppID        uint64
	ServerSecret Secret
	Operator     string
	Watch        []string

	Endpoint   string             // full URL; "" for the vendor default
	RateLimits map[string]float64 // call → calls per second, overriding the documented rate
}

// SSH configures `quell serve`.
type SSH struct {
	Listen      string
	HostKey     string
	IdleTimeout time.Duration
	MaxSessions int
	Users       []SSHUser

	// Limits against one client exhausting the server; 0 takes sshd's
	// default.
	MaxColumns             int           // widest terminal a console draws
	MaxRows                int           // tallest terminal a console draws
	LoginTimeout           time.Duration // from TCP accept to an open session
	MaxUnauthenticated     int           // connections not yet signed in, in all
	MaxUnauthenticatedAddr int           // the same, from one source address
}

// SSHUser is one operator allowed in over SSH.
type SSHUser struct {
	Name string
	Role string   // viewer | moderator | admin
	Keys []string // authorized_keys lines
}
