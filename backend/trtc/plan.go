package trtc

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/textsafe"
)

const (
	maxKick       = 10         // RemoveUser UserIds per call
	maxNumeric    = 4294967294 // highest numeric room ID
	maxStringRoom = 64         // bytes in a string room ID
	// stringRoomPunct is what string room IDs may hold besides letters and digits.
	stringRoomPunct = " !#$%&()+-:;<=.>?@[]^_{}|~,"
)

// Plan validates req against TRTC's rules and says how to run it. It sends
// nothing.
func (c *Client) Plan(req backend.ActionRequest) (*backend.Plan, error) {
	p, err := c.planAction(req)
	return p.Redacting(c.secrets.String), err
}

// planAction is Plan before its answers are redacted.
func (c *Client) planAction(req backend.ActionRequest) (*backend.Plan, error) {
	switch req.Kind {
	case backend.ActMute, backend.ActUnmute:
		return nil, &backend.UnsupportedError{App: c.name, Action: req.Kind, Why: whyNoMute}
	case backend.ActBlacklistAdd, backend.ActBlacklistRemove:
		return nil, &backend.UnsupportedError{App: c.name, Action: req.Kind, Why: whyNoBlacklist}
	case backend.ActBlock, backend.ActUnblock:
		if c.china {
			return nil, &backend.UnsupportedError{App: c.name, Action: req.Kind, Why: whyNoBlockChina}
		}
	case backend.ActKick, backend.ActDismiss:
	default:
		return nil, &backend.UnsupportedError{App: c.name, Action: req.Kind, Why: "TRTC has no such action"}
	}
	if err := c.checkRoom(req.Room); err != nil {
		return nil, err
	}
	if req.Kind != backend.ActDismiss {
		if err := checkUsers(req.Users); err != nil {
			return nil, err
		}
	}
	room := req.Room
	switch req.Kind {
	case backend.ActBlock, backend.ActUnblock:
		mode := backend.BlockMode(req)
		isMute := isMuteOf(mode)
		call := "SetUserBlocked"
		if c.strRooms {
			call = "SetUserBlockedByStrRoomId"
		}
		return c.plan(call, 1, fmt.Sprintf("IsMute %d", isMute), func(ctx context.Context, users []string) backend.BatchResult {
			return c.setBlocked(ctx, call, room, users[0], isMute, mode, req.Actor.Name)
		}), nil
	case backend.ActKick:
		call := "RemoveUser"
		if c.strRooms {
			call = "RemoveUserByStrRoomId"
		}
		return c.plan(call, maxKick, "", func(ctx context.Context, users []string) backend.BatchResult {
			return c.removeUsers(ctx, call, room, users)
		}), nil
	default: // dismiss
		call := "DismissRoom"
		if c.strRooms {
			call = "DismissRoomByStrRoomId"
		}
		return c.plan(call, 0, "", func(ctx context.Context, _ []string) backend.BatchResult {
			return c.dismiss(ctx, call, room, req.Actor.Name)
		}), nil
	}
}

// plan fills the common fields. PaceApp names this app so a plan delegated
// from a Chat app (backend.WithAV) takes this app's rate overrides; Budget
// paces it with every app on the same SecretId and access region.
func (c *Client) plan(call string, batch int, params string, exec func(context.Context, []string) backend.BatchResult) *backend.Plan {
	return &backend.Plan{Call: call, BatchSize: batch, PerSecond: documentedRate, PaceApp: c.name, Budget: c.budget, Params: params, Exec: exec}
}

// isMuteOf is SetUserBlocked's IsMute for a block mode.
func isMuteOf(m backend.AVBlock) int {
	switch m {
	case backend.AVAll:
		return 1
	case backend.AVAudio:
		return 2
	case backend.AVVideo:
		return 3
	}
	return 0
}

// checkRoom applies the app's room ID rules.
func (c *Client) checkRoom(room string) error {
	if c.strRooms {
		if room == "" || len(room) > maxStringRoom {
			return &backend.InputError{Field: "room", Value: backend.ShortValue(room), Problem: fmt.Sprintf("a string room ID has 1 to %d bytes", maxStringRoom),
				Fix: "give the room ID exactly as the app uses it"}
		}
		for i := 0; i < len(room); i++ {
			b := room[i]
			if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte(stringRoomPunct, b) >= 0) {
				return &backend.InputError{Field: "room", Value: backend.ShortValue(room), Problem: fmt.Sprintf("character %q is not allowed in a TRTC string room ID", b),
					Fix: "use letters, digits, space and " + strings.TrimSpace(stringRoomPunct)}
			}
		}
		return nil
	}
	n, err := strconv.ParseUint(room, 10, 64)
	if err != nil || n < 1 || n > maxNumeric || strconv.FormatUint(n, 10) != room {
		return &backend.InputError{Field: "room", Value: backend.ShortValue(room), Problem: "this app uses numeric room IDs",
			Fix: fmt.Sprintf("give a whole number from 1 to %d, or set room_ids: string for this app", uint64(maxNumeric))}
	}
	return nil
}

// numericRoom is room as TRTC's integer RoomId (checked by checkRoom).
func numericRoom(room string) uint64 {
	n, _ := strconv.ParseUint(room, 10, 64)
	return n
}

func (c *Client) setBlocked(ctx context.Context, call, room, user string, isMute int, mode backend.AVBlock, by string) backend.BatchResult {
	var req tchttp.Request
	if c.strRooms {
		req = &setUserBlockedByStrRoomIdRequest{BaseRequest: base(ctx, call), SdkAppId: c.sdkAppID, StrRoomId: room, UserId: user, IsMute: isMute}
	} else {
		req = &setUserBlockedRequest{BaseRequest: base(ctx, call), SdkAppId: c.sdkAppID, RoomId: numericRoom(room), UserId: user, IsMute: isMute}
	}
	resp := &ackResponse{BaseResponse: &tchttp.BaseResponse{}}
	if err := c.send(call, req, resp); err != nil {
		if backend.Indeterminate(err) {
			// No API lists blocks: remember that this one may be applied,
			// for the members view to show until a confirmed change.
			if serr := backend.RememberUnsure(c.d.State, c.name, room, user,
				backend.Unsure{Kind: backend.UnsureAV, Mode: mode, By: by, Since: c.d.Now()}); serr != nil {
				c.d.Logger.Warn("trtc: remembering a block that may be applied failed", "app", c.name, "err", serr)
			}
		}
		var ve *backend.VendorError
		if errors.As(err, &ve) && userLeft(ve.Code) {
			// The user left: whatever block quell remembered ended with them.
			// SetUserBlocked documents both codes for it (SDK
			// tencentcloud-sdk-go-intl-en tencentcloud/trtc/v20190722/client.go).
			if serr := c.d.State.SetAVBlock(c.name, room, user, backend.AVNone, by, c.d.Now()); serr != nil {
				c.d.Logger.Warn("trtc: clearing a stale audio/video block failed", "app", c.name, "err", serr)
			}
		}
		return backend.BatchResult{Err: err}
	}
	if err := c.d.State.SetAVBlock(c.name, room, user, mode, by, c.d.Now()); err != nil {
		// Applied on TRTC: report it so, and say the state could not be kept.
		c.d.Logger.Warn("trtc: remembering an audio/video block failed", "app", c.name, "err", err)
	}
	return backend.BatchResult{RequestID: resp.requestID()}
}

func (c *Client) removeUsers(ctx context.Context, call, room string, users []string) backend.BatchResult {
	var req tchttp.Request
	if c.strRooms {
		req = &removeUserByStrRoomIdRequest{BaseRequest: base(ctx, call), SdkAppId: c.sdkAppID, RoomId: room, UserIds: users}
	} else {
		req = &removeUserRequest{BaseRequest: base(ctx, call), SdkAppId: c.sdkAppID, RoomId: numericRoom(room), UserIds: users}
	}
	resp := &ackResponse{BaseResponse: &tchttp.BaseResponse{}}
	if err := c.send(call, req, resp); err != nil {
		return backend.BatchResult{Err: err}
	}
	return backend.BatchResult{RequestID: resp.requestID()}
}

func (c *Client) dismiss(ctx context.Context, call, room, by string) backend.BatchResult {
	var req tchttp.Request
	if c.strRooms {
		req = &dismissRoomByStrRoomIdRequest{BaseRequest: base(ctx, call), SdkAppId: c.sdkAppID, RoomId: room}
	} else {
		req = &dismissRoomRequest{BaseRequest: base(ctx, call), SdkAppId: c.sdkAppID, RoomId: numericRoom(room)}
	}
	resp := &ackResponse{BaseResponse: &tchttp.BaseResponse{}}
	if err := c.send(call, req, resp); err != nil {
		return backend.BatchResult{Err: err}
	}
	// Everyone left with the room: the blocks quell remembered ended too.
	// The dismiss itself succeeded, so a failure here is logged, not
	// returned: the room is gone either way, only quell's memory is stale.
	blocks, err := c.d.State.AVBlocks(c.name, room)
	if err != nil {
		c.d.Logger.Warn("trtc: reading audio/video blocks to forget after a dismiss failed", "app", c.name, "room", textsafe.Clean(room), "err", err)
	}
	for user := range blocks {
		if err := c.d.State.SetAVBlock(c.name, room, user, backend.AVNone, by, c.d.Now()); err != nil {
			c.d.Logger.Warn("trtc: forgetting an audio/video block after a dismiss failed", "app", c.name, "room", textsafe.Clean(room), "user", textsafe.Clean(user), "err", err)
		}
	}
	c.mu.Lock()
	delete(c.commIDs, room)
	c.mu.Unlock()
	return backend.BatchResult{RequestID: resp.requestID()}
}
