package backend

import (
	"sync"
	"time"
)

// MemoryState is a StateStore for one run of the process.
type MemoryState struct {
	mu     sync.Mutex
	blocks map[string]map[string]AVBlock
	mutes  map[string]map[string]time.Time
	unsure map[string]map[string]Unsure // unsureKey → user → what may be applied
}

// NewMemoryState returns an empty store.
func NewMemoryState() *MemoryState {
	return &MemoryState{blocks: map[string]map[string]AVBlock{}, mutes: map[string]map[string]time.Time{}}
}

func stateKey(app, room string) string { return app + "\x00" + room }

func (s *MemoryState) SetAVBlock(app, room, user string, mode AVBlock, _ string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearUnsure(app, room, UnsureAV, user)
	k := stateKey(app, room)
	if mode == AVNone {
		delete(s.blocks[k], user)
		return nil
	}
	if s.blocks[k] == nil {
		s.blocks[k] = map[string]AVBlock{}
	}
	s.blocks[k][user] = mode
	return nil
}

func (s *MemoryState) AVBlocks(app, room string) (map[string]AVBlock, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]AVBlock, len(s.blocks[stateKey(app, room)]))
	for u, m := range s.blocks[stateKey(app, room)] {
		out[u] = m
	}
	return out, nil
}

func (s *MemoryState) SetGroupMute(app, room, user string, until time.Time, _ string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearUnsure(app, room, UnsureMute, user)
	k := stateKey(app, room)
	if until.IsZero() {
		delete(s.mutes[k], user)
		return nil
	}
	if s.mutes[k] == nil {
		s.mutes[k] = map[string]time.Time{}
	}
	s.mutes[k][user] = until
	return nil
}

func (s *MemoryState) GroupMutes(app, room string) (map[string]time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.mutes[stateKey(app, room)]))
	for u, t := range s.mutes[stateKey(app, room)] {
		out[u] = t
	}
	return out, nil
}

// Kinds of state an UnsureStore remembers.
const (
	UnsureAV   = "av"   // a TRTC audio/video block (Mode)
	UnsureMute = "mute" // a ZEGO group mute (Until)
)

// Unsure is a change quell sent that got no answer, to state no vendor API
// lists: it may be applied. A confirmed change to the same state (a later
// block, unblock, mute or unmute that was answered) replaces it.
type Unsure struct {
	Kind  string    // UnsureAV or UnsureMute
	Mode  AVBlock   // the block sent (AVNone: an unblock)
	Until time.Time // the mute's end sent (zero: an unmute)
	By    string
	Since time.Time
}

// UnsureStore is a StateStore that also remembers what may be applied. The
// journal and MemoryState are; providers check for it.
type UnsureStore interface {
	SetUnsure(app, room, user string, u Unsure) error
	// Unsure returns the users of app/room with something that may be
	// applied, by kind.
	Unsure(app, room, kind string) (map[string]Unsure, error)
}

// RememberUnsure records u when state keeps such things; a failure is only
// quell's memory, so it is returned for the caller to log.
func RememberUnsure(state StateStore, app, room, user string, u Unsure) error {
	if us, ok := state.(UnsureStore); ok {
		return us.SetUnsure(app, room, user, u)
	}
	return nil
}

// UnsureOf reads what may be applied in app/room, or nothing when state
// keeps no such record.
func UnsureOf(state StateStore, app, room, kind string) map[string]Unsure {
	us, ok := state.(UnsureStore)
	if !ok {
		return nil
	}
	m, err := us.Unsure(app, room, kind)
	if err != nil {
		return nil
	}
	return m
}

func unsureKey(app, room, kind string) string { return app + "\x00" + room + "\x00" + kind }

func (s *MemoryState) SetUnsure(app, room, user string, u Unsure) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsure == nil {
		s.unsure = map[string]map[string]Unsure{}
	}
	k := unsureKey(app, room, u.Kind)
	if s.unsure[k] == nil {
		s.unsure[k] = map[string]Unsure{}
	}
	s.unsure[k][user] = u
	return nil
}

func (s *MemoryState) Unsure(app, room, kind string) (map[string]Unsure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]Unsure{}
	for u, x := range s.unsure[unsureKey(app, room, kind)] {
		out[u] = x
	}
	return out, nil
}

// clearUnsure drops a guess once a confirmed change replaces it; mu held.
func (s *MemoryState) clearUnsure(app, room, kind, user string) {
	delete(s.unsure[unsureKey(app, room, kind)], user)
}

// Words says what may be applied, for a moderator: "may be blocked (all)",
// "may be unblocked", "may be muted", "may be unmuted".
func (u Unsure) Words() string {
	switch {
	case u.Kind == UnsureAV && u.Mode == AVNone:
		return "may be unblocked"
	case u.Kind == UnsureAV:
		return "may be blocked (" + u.Mode.String() + ")"
	case u.Until.IsZero():
		return "may be unmuted"
	}
	return "may be muted"
}

// MarkMaybe sets Maybe on the members of ms that state remembers something
// unsure of, of kind, in app/room.
func MarkMaybe(state StateStore, app, room, kind string, ms []Member) {
	unsure := UnsureOf(state, app, room, kind)
	if len(unsure) == 0 {
		return
	}
	for i := range ms {
		if u, ok := unsure[ms[i].UserID]; ok {
			ms[i].Maybe, ms[i].MaybeKind = u.Words(), kind
		}
	}
}
