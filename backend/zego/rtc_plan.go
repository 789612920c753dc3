package zego

import (
	"context"
	"fmt"

	"github.com/quell-console/quell/backend"
)

// Plan validates req against ZEGO RTC's rules and says how to run it: kick
// with KickoutUser (≤5 users a call, 50/s), dismiss with CloseRoom (1/s for
// the whole app). It sends nothing.
func (c *RTCClient) Plan(req backend.ActionRequest) (*backend.Plan, error) {
	p, err := c.plan(req)
	return p.Redacting(c.z.secrets.String), err
}

// plan is Plan before its answers are redacted.
func (c *RTCClient) plan(req backend.ActionRequest) (*backend.Plan, error) {
	spec, ok := backend.Spec(req.Kind)
	if !ok {
		return nil, &backend.InputError{Field: "action", Value: string(req.Kind), Problem: "is not a quell action"}
	}
	if !c.app.Caps.Can(spec.Needs) {
		return nil, &backend.UnsupportedError{App: c.app.Name, Action: req.Kind, Why: c.app.Caps.Why(spec.Needs)}
	}
	if err := checkRTCID("room", req.Room, rtcMaxRoomBytes); err != nil {
		return nil, err
	}
	if spec.TakesUsers {
		if len(req.Users) == 0 {
			return nil, backend.ErrNoUsers
		}
		for i, u := range req.Users {
			if err := checkRTCID(fmt.Sprintf("users[%d]", i), u, rtcMaxUserBytes); err != nil {
				return nil, err
			}
		}
	}
	if err := checkRTCReason(req.Reason); err != nil {
		return nil, err
	}
	room, reason := req.Room, req.Reason
	switch req.Kind {
	case backend.ActKick:
		return &backend.Plan{Call: actKickoutUser, BatchSize: rtcKickBatch, PerSecond: rtcKickPerApp, Params: "RoomId " + room,
			Exec: func(ctx context.Context, users []string) backend.BatchResult {
				var q query
				q.add("RoomId", room)
				q.addArray("UserId", users)
				if reason != "" {
					q.add("CustomReason", reason)
				}
				return c.exec(ctx, actKickoutUser, q)
			}}, nil
	case backend.ActDismiss:
		// No RateKey: ZEGO counts CloseRoom's 1/s across every room of the app.
		return &backend.Plan{Call: actCloseRoom, PerSecond: rtcClosePerApp, Params: "RoomId " + room,
			Exec: func(ctx context.Context, _ []string) backend.BatchResult {
				var q query
				q.add("RoomId", room)
				if reason != "" {
					q.add("CustomReason", reason)
				}
				return c.exec(ctx, actCloseRoom, q)
			}}, nil
	}
	return nil, &backend.UnsupportedError{App: c.app.Name, Action: req.Kind, Why: c.app.Caps.Why(spec.Needs)}
}

// checkRTCReason holds CustomReason to ZEGO's 256 bytes. ZEGO passes it to
// the kicked users' apps, so control characters are refused too.
func checkRTCReason(r string) error {
	if len(r) > rtcMaxReasonBytes {
		return &backend.InputError{Field: "reason", Value: printable(r),
			Problem: fmt.Sprintf("is %d bytes; ZEGO RTC allows at most %d", len(r), rtcMaxReasonBytes), Fix: "shorten the reason"}
	}
	for i, ch := range r {
		if ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) {
			return &backend.InputError{Field: "reason", Value: printable(r),
				Problem: fmt.Sprintf("contains a control character at byte %d", i), Fix: "reword the reason as plain text"}
		}
	}
	return nil
}

// exec makes one RTC action call. KickoutUser and CloseRoom answer only
// Code, Message and RequestId: there is no per-user list, so a non-zero
// code fails the whole call (the engine retries 206/207 and 1).
func (c *RTCClient) exec(ctx context.Context, action string, q query) backend.BatchResult {
	r, err := c.z.roundTrip(ctx, action, q, nil)
	if err != nil {
		return backend.BatchResult{Err: err}
	}
	return backend.BatchResult{RequestID: r.RequestID, Err: r.rtcErr(action)}
}
