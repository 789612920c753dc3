package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/quell-console/quell/backend"
)

// activityKey is the request key of the activity log: one log feeds every
// view of it.
const activityKey = "activity-log"

// activityLoadedMsg answers a read of the activity log since seq.
type activityLoadedMsg struct {
	req  uint64
	acts []backend.Activity
	seq  int64
	err  error
}

// activityCache is the console's copy of the activity log: every activity
// it has read, in order, updated in place as a running one changes.
type activityCache struct {
	log   backend.ActivityLog
	local *localLog // the log of this console when no log is given
	list  []backend.Activity
	idx   map[string]int
	seq   int64
}

func newActivityCache(log backend.ActivityLog) *activityCache {
	c := &activityCache{log: log, idx: map[string]int{}}
	if c.log == nil {
		c.local = newLocalLog()
		c.log = c.local
	}
	return c
}

// read asks the log for what changed since the last answer.
func (c *activityCache) read(reqs *requestBook) tea.Cmd {
	req := reqs.issue(activityKey)
	log, seq := c.log, c.seq
	return func() tea.Msg {
		acts, next, err := log.Since(seq)
		return activityLoadedMsg{req: req, acts: acts, seq: next, err: err}
	}
}

// merge takes a successful answer in.
func (c *activityCache) merge(msg activityLoadedMsg) {
	for _, a := range msg.acts {
		if i, ok := c.idx[a.ID]; ok {
			c.list[i] = a
			continue
		}
		c.idx[a.ID] = len(c.list)
		c.list = append(c.list, a)
	}
	c.seq = max(c.seq, msg.seq)
}

// fill gives a screen of the log its data: every activity, and the one
// whose outcomes it shows.
func (c *activityCache) fill(s *screen) {
	s.data.Activities = c.list
	if i, ok := c.idx[s.target.ActID]; ok && s.target.ActID != "" {
		a := c.list[i]
		s.data.Activity = &a
	}
}

// record keeps a finished action in the console's own log, when it has no
// other.
func (c *activityCache) record(res *backend.Result) {
	if c.local != nil {
		c.local.add(res)
	}
}
