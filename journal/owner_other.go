//go:build !unix

package journal

// ownerLock without flock: this platform cannot tell whether another
// process's handle is alive, so only this handle's own actions count as
// live and every other unfinished action is reported pending. Resuming an
// action still running elsewhere would repeat requests that are idempotent
// on every vendor (mute, block, kick, blacklist), so this errs on the side of
// never losing an action.
type ownerLock struct{ name string }

func newOwnerLock(string) (*ownerLock, error) { return &ownerLock{name: newID(nowUTC())}, nil }

func (o *ownerLock) release() {}

func (o *ownerLock) alive(runner string) bool { return runner == o.name }
