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
}

// NewMemoryState returns an empty store.
func NewMemoryState() *MemoryState {
	return &MemoryState{blocks: map[string]map[string]AVBlock{}, mutes: map[string]map[string]time.Time{}}
}

func stateKey(app, room string) string { return app + "\x00" + room }

func (s *MemoryState) SetAVBlock(app, room, user string, mode AVBlock, _ string, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
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
