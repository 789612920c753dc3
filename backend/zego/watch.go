package zego

import (
	"slices"
	"sync"
)

// watchSet is the rooms (or groups) a moderator named, in the order named:
// ZEGO cannot list ZIM or RTC rooms, so the console shows these. Safe for
// the console's loads and `:watch` at once; naming one twice is harmless.
type watchSet struct {
	mu  sync.Mutex
	ids []string
}

func (w *watchSet) add(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !slices.Contains(w.ids, id) {
		w.ids = append(w.ids, id)
	}
}

// list is a copy of the named IDs.
func (w *watchSet) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.ids)
}
