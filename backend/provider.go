package backend

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/quell-console/quell/internal/redact"
)

// Provider is one configured app on one vendor. Listing methods return data
// exactly as the vendor (plus quell's own state for what no API lists) has it;
// actions go through Plan and the Engine, which batches, paces and retries.
type Provider interface {
	App() App
	ListRooms(ctx context.Context) ([]Room, error)
	ListMembers(ctx context.Context, room string) ([]Member, error)
	// ListMuted returns members with MutedUntil set (UserID and MutedUntil at least).
	ListMuted(ctx context.Context, room string) ([]Member, error)
	ListBlacklist(ctx context.Context, owner string) ([]BlacklistEntry, error)
	// Plan validates req against the vendor's rules (room ID kind and length,
	// user ID rules, duration limits) and says how to execute it. It sends
	// nothing. Unsupported actions return *UnsupportedError, bad input
	// *InputError.
	Plan(req ActionRequest) (*Plan, error)
}

// AVMode is what a block action blocks.
type AVMode = AVBlock

// ActionRequest is one moderation action on any number of users.
type ActionRequest struct {
	App      string
	Room     string
	Kind     ActionKind
	Users    []string
	Duration time.Duration // mute: length; ignored when Forever
	Forever  bool          // mute without end
	AVMode   AVBlock       // block: AVAll (default), AVAudio or AVVideo
	Owner    string        // blacklist owner
	Reason   string
	Actor    Actor
	// Recheck names users of Users whose outcome an earlier run left
	// Unknown (a resume): where the plan can read the state back, the
	// engine does so first and sends only those it shows not applied.
	Recheck []string
}

// Plan says how a provider runs an action.
type Plan struct {
	Call      string  // vendor call, e.g. "forbid_send_msg"
	BatchSize int     // users per call; 1 = one call per user; 0 = the action takes no users (dismiss)
	PerSecond float64 // documented rate per app for Call
	// RateKey scopes the limiter beyond app+call when the vendor limits per
	// object (ZEGO DismissGroup is 1/s per group); empty for per-app limits.
	RateKey string
	// PaceApp is the app whose buckets and rate overrides pace Call when that
	// is not the request's app: a Chat app's AV blocks run on its TRTC app
	// (WithAV). Empty: the request's app.
	PaceApp string
	// Budget names the vendor quota Call draws on when it is not the app's
	// own (backend.Budget): TRTC counts per API + region + SecretId, so two
	// apps on one key share one budget per action. Empty: the app's quota.
	// The engine paces on BucketKey(PaceApp, Budget, Call, RateKey).
	Budget string
	Params string // e.g. "MuteTime 600", shown in confirmations
	// Exec makes one call for users (len ≤ BatchSize). It never retries:
	// the engine does.
	Exec func(ctx context.Context, users []string) BatchResult
	// Verify reads the vendor's state back for users whose call got no
	// answer, and returns those the action's effect now holds for (muted
	// for the length sent, banned, on the blocklist, gone from it). sent
	// is when the first call was made. nil: the vendor cannot list this
	// state (TRTC AV blocks, ZEGO group mutes), so such users stay Unknown.
	// It paces its own list calls.
	Verify func(ctx context.Context, users []string, sent time.Time) (map[string]bool, error)
}

// Calls is how many vendor calls Plan makes for n users.
func (p *Plan) Calls(n int) int {
	if p.BatchSize <= 0 {
		return 1
	}
	return (n + p.BatchSize - 1) / p.BatchSize
}

// BatchResult is the answer to one call.
type BatchResult struct {
	RequestID string
	// Err fails the whole call: every user in it failed with Err (the engine
	// retries it when Retryable).
	Err error
	// Failed holds per-user failures of a call that succeeded overall (ZEGO
	// ErrList, Chat ResultItem). Users absent from it were applied; providers
	// leave out "already done" codes (already blocked, not in blacklist).
	Failed map[string]*VendorError
}

// StateStore keeps what no vendor API lists: TRTC audio/video blocks and ZEGO
// group mutes. The in-memory store serves a single run; the journal provides
// a durable one.
type StateStore interface {
	SetAVBlock(app, room, user string, mode AVBlock, by string, at time.Time) error
	AVBlocks(app, room string) (map[string]AVBlock, error)
	SetGroupMute(app, room, user string, until time.Time, by string, at time.Time) error // zero until = unmuted
	GroupMutes(app, room string) (map[string]time.Time, error)
}

// Deps are what every provider shares with the rest of the process.
type Deps struct {
	Pacer  *Pacer
	State  StateStore
	HTTP   *http.Client // nil: a default client with sane timeouts
	Now    func() time.Time
	Logger *slog.Logger // never given secrets
	// Reads retries the vendor reads of listings (zero: the engine's
	// attempts and backoff).
	Reads ReadPolicy
	// Secrets is the process's one redactor: each provider adds its keys,
	// the UserSigs it issues and its requests' signatures, and the journal
	// and the log blank them too. nil: the provider's own.
	Secrets *redact.Redactor
}

// WithDefaults fills the zero fields.
func (d Deps) WithDefaults() Deps {
	if d.Pacer == nil {
		d.Pacer = NewPacer(nil)
	}
	if d.State == nil {
		d.State = NewMemoryState()
	}
	if d.HTTP == nil {
		d.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Secrets == nil {
		d.Secrets = redact.New()
	}
	return d
}

// Watcher is implemented by providers that cannot list rooms (ZEGO): the
// console's `:watch ROOM` adds a room to the list it shows.
type Watcher interface {
	Watch(room string) error
}

// BanLister is implemented by providers whose vendor lists a room's bans
// (CapListBanned). Banned users have left the room, so the member list does
// not hold them: the banned tab reads this list.
type BanLister interface {
	// ListBanned returns the users banned from room now, with BannedUntil.
	ListBanned(ctx context.Context, room string) ([]Member, error)
}

// RoomInfoer is implemented by providers that can say more about one room
// than its members: whether everyone is muted (for the room's header).
type RoomInfoer interface {
	RoomInfo(ctx context.Context, room string) (Room, error)
}

// RoomWide is the user key under which a StateStore keeps a room-wide group
// mute (ZEGO MuteGroup, which no API lists): "*" is no valid ZIM user ID, so
// it never meets a real user's mute.
const RoomWide = "*"
