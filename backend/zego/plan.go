package zego

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quell-console/quell/backend"
)

// Per-call user limits and documented rates (providers.md §3).
const (
	kickBatch      = 50
	muteBatch      = 20
	blacklistBatch = 20
	perSecond      = 20
	dismissGroupPS = 1 // per group
	maxMute        = 30 * 24 * time.Hour
	maxReasonBytes = 32
)

// Plan validates req against ZIM's rules and says how to run it. It sends
// nothing.
func (c *Client) Plan(req backend.ActionRequest) (*backend.Plan, error) {
	p, err := c.plan(req)
	return p.Redacting(c.secrets.String), err
}

// plan is Plan before its answers are redacted.
func (c *Client) plan(req backend.ActionRequest) (*backend.Plan, error) {
	spec, ok := backend.Spec(req.Kind)
	if !ok {
		return nil, &backend.InputError{Field: "action", Value: string(req.Kind), Problem: "is not a quell action"}
	}
	if !c.app.Caps.Can(spec.Needs) {
		return nil, &backend.UnsupportedError{App: c.opts.Name, Action: req.Kind, Why: c.app.Caps.Why(spec.Needs)}
	}
	// ZIM rooms' kick and destroy also take ',' and ' ' in IDs; every other
	// action keeps to idChars (providers.md §3).
	extra := ""
	if !c.opts.Group && (req.Kind == backend.ActKick || req.Kind == backend.ActDismiss) {
		extra = roomIDExtra
	}
	if spec.TakesUsers {
		if len(req.Users) == 0 {
			return nil, backend.ErrNoUsers
		}
		for i, u := range req.Users {
			if err := checkIDWith(fmt.Sprintf("users[%d]", i), u, extra); err != nil {
				return nil, err
			}
		}
	}
	if spec.NeedsOwner {
		if req.Owner == "" {
			return nil, &backend.InputError{Field: "owner", Problem: "is empty; a ZEGO blacklist belongs to one user",
				Fix: "name the user whose blacklist to change (--owner)"}
		}
		if err := checkID("owner", req.Owner); err != nil {
			return nil, err
		}
	} else if err := checkIDWith(c.roomField(), req.Room, extra); err != nil {
		return nil, err
	}
	switch req.Kind {
	case backend.ActKick:
		return c.planKick(req)
	case backend.ActDismiss:
		return c.planDismiss(req)
	case backend.ActMute, backend.ActUnmute:
		return c.planMute(req)
	case backend.ActMuteAll, backend.ActUnmuteAll:
		return c.planMuteAll(req)
	case backend.ActBlacklistAdd:
		return c.planBlacklist(actAddBlacklist, req), nil
	case backend.ActBlacklistRemove:
		return c.planBlacklist(actRemoveBlacklist, req), nil
	}
	return nil, &backend.UnsupportedError{App: c.opts.Name, Action: req.Kind, Why: c.app.Caps.Why(spec.Needs)}
}

// checkReason holds a kick's CustomReason to its action's rule: at most 32
// bytes; KickoutGroupUser takes only the ID characters, no space
// (https://www.zegocloud.com/docs/zim-server/group/remove-group-member);
// KickoutRoomUser's page sets no character rule, and quell keeps it to the
// ID characters and spaces.
func checkReason(r string, group bool) error {
	if len(r) > maxReasonBytes {
		return &backend.InputError{Field: "reason", Value: printable(r),
			Problem: fmt.Sprintf("is %d bytes; ZEGO allows at most %d", len(r), maxReasonBytes), Fix: "shorten the reason"}
	}
	for i := 0; i < len(r); i++ {
		switch {
		case r[i] == ' ' && group:
			return &backend.InputError{Field: "reason", Value: printable(r),
				Problem: "contains a space; ZEGO's KickoutGroupUser takes no spaces in CustomReason",
				Fix:     "join the words with _ or -, e.g. spam_links"}
		case r[i] != ' ' && !idByte(r[i]):
			allowed := "letters, digits, spaces and " + idChars
			if group {
				allowed = "letters, digits and " + idChars
			}
			return &backend.InputError{Field: "reason", Value: printable(r),
				Problem: fmt.Sprintf("contains %q; ZEGO allows only %s", r[i], allowed),
				Fix:     "reword the reason"}
		}
	}
	return nil
}

func (c *Client) planKick(req backend.ActionRequest) (*backend.Plan, error) {
	if err := checkReason(req.Reason, c.opts.Group); err != nil {
		return nil, err
	}
	room := req.Room
	if !c.opts.Group {
		return &backend.Plan{Call: actKickRoomUser, BatchSize: kickBatch, PerSecond: perSecond, Params: "RoomId " + room,
			Exec: func(ctx context.Context, users []string) backend.BatchResult {
				var q query
				q.add("RoomId", room)
				q.addArray("UserId", users)
				if req.Reason != "" {
					q.add("CustomReason", req.Reason)
				}
				return c.execKickRoom(ctx, q, users)
			}}, nil
	}
	op, err := c.operator()
	if err != nil {
		return nil, err
	}
	return &backend.Plan{Call: actKickGroupUser, BatchSize: kickBatch, PerSecond: perSecond,
		Params: "GroupId " + room + ", FromUserId " + op,
		Exec: func(ctx context.Context, users []string) backend.BatchResult {
			body := kickGroupBody{FromUserID: op, GroupID: room, UserID: users, CustomReason: req.Reason}
			return c.exec(ctx, actKickGroupUser, nil, body, users)
		}}, nil
}

type kickGroupBody struct {
	FromUserID   string   `json:"FromUserId"`
	GroupID      string   `json:"GroupId"`
	UserID       []string `json:"UserId"`
	CustomReason string   `json:"CustomReason,omitempty"`
}

type blacklistBody struct {
	FromUserID string   `json:"FromUserId"`
	UserIDs    []string `json:"UserIds"`
}

func (c *Client) planDismiss(req backend.ActionRequest) (*backend.Plan, error) {
	room := req.Room
	if !c.opts.Group {
		return &backend.Plan{Call: actDestroyRoom, PerSecond: perSecond, Params: "RoomId " + room,
			Exec: func(ctx context.Context, _ []string) backend.BatchResult {
				var q query
				q.add("RoomId", room)
				return c.exec(ctx, actDestroyRoom, q, nil, nil)
			}}, nil
	}
	op, err := c.operator()
	if err != nil {
		return nil, err
	}
	return &backend.Plan{Call: actDismissGroup, PerSecond: dismissGroupPS, RateKey: room,
		Params: "GroupId " + room + ", FromUserId " + op,
		Exec: func(ctx context.Context, _ []string) backend.BatchResult {
			var q query
			q.add("FromUserId", op)
			q.add("GroupId", room)
			res := c.exec(ctx, actDismissGroup, q, nil, nil)
			if res.Err == nil {
				c.forgetMutes(room, req.Actor.Name)
			}
			return res
		}}, nil
}

// muteSeconds turns a request into MuteGroupMembers' Duration: -1 forever,
// 0 unmute, else whole seconds up to 30 days.
func muteSeconds(req backend.ActionRequest) (int64, error) {
	switch {
	case req.Kind == backend.ActUnmute:
		return 0, nil
	case req.Forever:
		return -1, nil
	case req.Duration < 0:
		return 0, &backend.InputError{Field: "duration", Value: req.Duration.String(), Problem: "is negative",
			Fix: "give a length such as 10m, 2h or 7d, or forever"}
	case req.Duration == 0:
		return 0, &backend.InputError{Field: "duration", Problem: "is missing or zero",
			Fix: "give a length such as 10m, 2h or 7d, or forever (to lift a mute, use unmute)"}
	case req.Duration > maxMute:
		return 0, &backend.InputError{Field: "duration", Value: req.Duration.String(), Problem: "is longer than ZEGO's 30-day limit",
			Fix: "use at most 30d, or forever"}
	}
	// Round up so a sub-second remainder never turns into "unmute".
	return int64((req.Duration + time.Second - 1) / time.Second), nil
}

func (c *Client) planMute(req backend.ActionRequest) (*backend.Plan, error) {
	secs, err := muteSeconds(req)
	if err != nil {
		return nil, err
	}
	op, err := c.operator()
	if err != nil {
		return nil, err
	}
	group := req.Room
	params := "Duration " + strconv.FormatInt(secs, 10)
	switch secs {
	case -1:
		params += " (forever)"
	case 0:
		params += " (unmute)"
	default:
		params += "s"
	}
	return &backend.Plan{Call: actMuteGroupMembers, BatchSize: muteBatch, PerSecond: perSecond,
		Params: params + ", GroupId " + group + ", FromUserId " + op,
		Exec: func(ctx context.Context, users []string) backend.BatchResult {
			at := c.deps.Now()
			var q query
			q.add("FromUserId", op)
			q.add("GroupId", group)
			q.addArray("UserIds", users)
			q.add("Duration", strconv.FormatInt(secs, 10))
			res := c.exec(ctx, actMuteGroupMembers, q, nil, users)
			if backend.Indeterminate(res.Err) {
				// No API lists group mutes: remember that these may be
				// applied, for the members view to show.
				c.rememberUnsureMutes(group, users, secs, req.Actor.Name, at)
			}
			if res.Err == nil {
				var until time.Time
				switch {
				case secs < 0:
					until = backend.Forever
				case secs > 0:
					until = at.Add(time.Duration(secs) * time.Second)
				}
				for _, u := range users {
					if res.Failed[u] == nil {
						c.recordMute(group, u, until, req.Actor.Name, at)
					}
				}
			}
			return res
		}}, nil
}

func (c *Client) rememberUnsureMutes(group string, users []string, secs int64, by string, at time.Time) {
	var until time.Time
	switch {
	case secs < 0:
		until = backend.Forever
	case secs > 0:
		until = at.Add(time.Duration(secs) * time.Second)
	}
	for _, u := range users {
		if err := backend.RememberUnsure(c.deps.State, c.opts.Name, group, u,
			backend.Unsure{Kind: backend.UnsureMute, Until: until, By: by, Since: at}); err != nil {
			c.deps.Logger.Warn("zego: remembering a group mute that may be applied failed", "app", c.opts.Name, "err", err)
		}
	}
}

func (c *Client) recordMute(group, user string, until time.Time, by string, at time.Time) {
	if err := c.deps.State.SetGroupMute(c.opts.Name, group, user, until, by, at); err != nil {
		// The mute took effect at ZEGO; only quell's record of it failed.
		c.deps.Logger.Warn("zego: recording a group mute failed", "app", c.opts.Name, "group", group, "err", err)
	}
}

// forgetMutes drops the recorded mutes of a dismissed group.
func (c *Client) forgetMutes(group, by string) {
	mutes, err := c.deps.State.GroupMutes(c.opts.Name, group)
	if err != nil {
		return
	}
	at := c.deps.Now()
	for u := range mutes {
		c.recordMute(group, u, time.Time{}, by, at)
	}
}

func (c *Client) planBlacklist(action string, req backend.ActionRequest) *backend.Plan {
	owner := req.Owner
	return &backend.Plan{Call: action, BatchSize: blacklistBatch, PerSecond: perSecond, Params: "FromUserId " + owner,
		Exec: func(ctx context.Context, users []string) backend.BatchResult {
			return c.exec(ctx, action, nil, blacklistBody{FromUserID: owner, UserIDs: users}, users)
		},
		// QueryBlacklist lists it: a call with no answer is read back.
		Verify: backend.BlacklistVerify(c.ListBlacklist, owner, action == actAddBlacklist)}
}

// userError is one entry of ErrList / ErrorList / ErrorUsers.
type userError struct {
	UserID     string  `json:"UserId"`
	SubCode    flexInt `json:"SubCode"`
	SubMessage string  `json:"SubMessage"`
}

// batchReply holds the per-user failures of a call. ZEGO names the list
// differently per action (ErrList for the blacklist, ErrorUsers for mutes;
// ErrorList has been seen for kicks), so all three are read.
type batchReply struct {
	ErrList    []userError `json:"ErrList"`
	ErrorList  []userError `json:"ErrorList"`
	ErrorUsers []userError `json:"ErrorUsers"`
}

// exec makes one action call and reads per-user failures. It never retries.
func (c *Client) exec(ctx context.Context, action string, biz query, body any, users []string) backend.BatchResult {
	r, err := c.roundTrip(ctx, action, biz, body)
	if err != nil {
		return backend.BatchResult{Err: err}
	}
	res := backend.BatchResult{RequestID: r.RequestID}
	var rep batchReply
	if err := r.decode(action, &rep); err != nil {
		if r.Code != codeOK {
			err = r.err(action)
		}
		res.Err = err
		return res
	}
	entries := slices.Concat(rep.ErrList, rep.ErrorList, rep.ErrorUsers)
	if r.Code != codeOK && len(entries) == 0 {
		if countsAsDone(action, r.Code) {
			return res // e.g. KickoutGroupUser 660600008: nobody left to remove
		}
		res.Err = r.err(action)
		return res
	}
	// Code 0 with a list is a partial success; a non-zero code with a list
	// (660800041/42 "all failed") still tells each user's own reason.
	// An entry for a user this call did not name is the vendor's text, not
	// some user's outcome: it is dropped.
	sent := make(map[string]bool, len(users))
	for _, u := range users {
		sent[u] = true
	}
	failed := map[string]*backend.VendorError{}
	listed := map[string]bool{}
	for _, e := range entries {
		if !sent[e.UserID] {
			continue
		}
		listed[e.UserID] = true
		if countsAsDone(action, int64(e.SubCode)) {
			continue
		}
		failed[e.UserID] = vendorError(action, int64(e.SubCode), e.SubMessage, r.RequestID, r.status)
	}
	if r.Code != codeOK && !countsAsDone(action, r.Code) {
		top := r.err(action)
		for _, u := range users {
			if !listed[u] {
				failed[u] = top.(*backend.VendorError)
			}
		}
	}
	if len(failed) > 0 {
		res.Failed = failed
	}
	return res
}

func sortMembers(ms []backend.Member) {
	slices.SortFunc(ms, func(a, b backend.Member) int { return strings.Compare(a.UserID, b.UserID) })
}

// execKickRoom makes one KickoutRoomUser call. Its answer is Code, Message
// and RequestId only, with no per-user list
// (https://www.zegocloud.com/docs/zim-server/room/remove-user-from-the-room),
// so every user shares the call's outcome: Code 0 = all removed; 660300002 =
// not in the room (exact for one user; for several, ZEGO does not say which,
// and the emulator answers it only when none was in the room).
func (c *Client) execKickRoom(ctx context.Context, q query, users []string) backend.BatchResult {
	r, err := c.roundTrip(ctx, actKickRoomUser, q, nil)
	if err != nil {
		return backend.BatchResult{Err: err}
	}
	res := backend.BatchResult{RequestID: r.RequestID}
	switch r.Code {
	case codeOK:
	case codeNotInRoom:
		top := r.err(actKickRoomUser).(*backend.VendorError)
		res.Failed = make(map[string]*backend.VendorError, len(users))
		for _, u := range users {
			res.Failed[u] = top
		}
	default:
		res.Err = r.err(actKickRoomUser)
	}
	return res
}
