package ui

// requestBook hands out request ids per list and remembers the newest one, so
// a response that answers an older request never overwrites newer data (a
// slow refresh finishing after a fast one, or a list the moderator already
// left). Ids are unique across lists, which keeps log lines unambiguous.
type requestBook struct {
	next   uint64
	newest map[string]uint64 // list key → newest request id
	open   map[uint64]bool   // requests sent and not yet answered
}

func newRequestBook() *requestBook {
	return &requestBook{newest: map[string]uint64{}, open: map[uint64]bool{}}
}

// issue returns a new request id for list and makes it the newest.
func (b *requestBook) issue(list string) uint64 {
	b.next++
	b.newest[list] = b.next
	b.open[b.next] = true
	return b.next
}

// settle records the answer to id and reports whether it is still the newest
// request for list (true: apply it; false: drop it).
func (b *requestBook) settle(list string, id uint64) bool {
	delete(b.open, id)
	return b.newest[list] == id
}

// isNewest reports whether id is the newest request for list, without
// settling it.
func (b *requestBook) isNewest(list string, id uint64) bool { return b.newest[list] == id }

// forget drops a list (the moderator left it): every answer still on its way
// for it is stale.
func (b *requestBook) forget(list string) { delete(b.newest, list) }

// pending reports whether the newest request for list is still unanswered:
// a background refresh then waits instead of piling up behind a slow vendor.
func (b *requestBook) pending(list string) bool {
	id, ok := b.newest[list]
	return ok && b.open[id]
}

// inFlight is how many backend calls are still unanswered, for the status bar.
func (b *requestBook) inFlight() int { return len(b.open) }
