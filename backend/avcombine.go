package backend

import (
	"context"
	"fmt"
)

// WithAV gives a Tencent Chat app's rooms audio/video blocking through a TRTC
// app whose string room IDs are the Chat room IDs (config `av:`). The result
// is base with CapBlockAV and CapUnblockAV added and App().AVApp set; block
// and unblock are planned by av, everything else by base, and ListMembers
// shows the AV blocks quell remembers for the TRTC room.
//
// Pacing: the delegated plan carries PaceApp = the TRTC app's name, so the
// engine paces SetUserBlockedByStrRoomId in the TRTC app's bucket (shared
// with direct use of that app, and under its rate_limits; its Budget shares
// the pace with every TRTC app on the same SecretId) while the request, the
// journal and the activity view keep naming the Chat app.
//
// State: the TRTC provider records the blocks it applies under its own app
// name and the room ID (no API lists them); the overlay reads them back from
// the same store.
//
// The caller (config) checks that av is a TRTC app with string room IDs;
// CheckAV says why a pair does not fit.
func WithAV(base Provider, av Provider, state StateStore) Provider {
	return &avProvider{base: base, av: av, state: state}
}

// CheckAV reports why av cannot add audio/video blocking to base, or nil.
func CheckAV(base, av App) error {
	switch {
	case base.Provider != TencentChat:
		return fmt.Errorf("app %s: av: only a Tencent Chat app takes an av app", base.Name)
	case av.Provider != TRTC:
		return fmt.Errorf("app %s: av: %s is not a TRTC app", base.Name, av.Name)
	case av.RoomKind != RoomTRTCString:
		return fmt.Errorf("app %s: av: %s must use string room IDs (room_ids: string) to share the Chat room IDs", base.Name, av.Name)
	case !av.Caps.Can(CapBlockAV):
		// e.g. a TRTC app on the China site, which has no SetUserBlocked*.
		return fmt.Errorf("app %s: av: %s cannot block audio/video: %s", base.Name, av.Name, av.Caps.Why(CapBlockAV))
	}
	return nil
}

type avProvider struct {
	base  Provider
	av    Provider
	state StateStore
}

func (p *avProvider) App() App {
	a := p.base.App()
	has := make([]Capability, 0, len(a.Caps.Has)+2)
	for c, ok := range a.Caps.Has {
		if ok {
			has = append(has, c)
		}
	}
	has = append(has, CapBlockAV, CapUnblockAV)
	a.Caps = NewCapabilities(has, a.Caps.Missing) // copies: base's maps stay untouched
	a.AVApp = p.av.App().Name
	return a
}

func (p *avProvider) ListRooms(ctx context.Context) ([]Room, error) { return p.base.ListRooms(ctx) }

func (p *avProvider) ListMuted(ctx context.Context, room string) ([]Member, error) {
	return p.base.ListMuted(ctx, room)
}

func (p *avProvider) ListBlacklist(ctx context.Context, owner string) ([]BlacklistEntry, error) {
	return p.base.ListBlacklist(ctx, owner)
}

// ListMembers is base's member list with the TRTC room's AV blocks laid over
// it. A block on a user who is not listed (left the room) is not shown.
func (p *avProvider) ListMembers(ctx context.Context, room string) ([]Member, error) {
	members, _, err := p.ListMembersCounted(ctx, room)
	return members, err
}

// ListMembersCounted is ListMembers with base's count of the room, so a
// capped Chat live list stays labelled as capped with `av:` set.
func (p *avProvider) ListMembersCounted(ctx context.Context, room string) ([]Member, MemberCount, error) {
	members, count, err := ListMembersCounted(ctx, p.base, room)
	if err != nil {
		return nil, count, err
	}
	members, err = p.overlayBlocks(room, members)
	return members, count, err
}

func (p *avProvider) overlayBlocks(room string, members []Member) ([]Member, error) {
	blocks, err := p.state.AVBlocks(p.av.App().Name, room)
	if err != nil {
		return nil, fmt.Errorf("audio/video blocks of room %s: %w", room, err)
	}
	unsure := UnsureOf(p.state, p.av.App().Name, room, UnsureAV)
	if len(blocks) == 0 && len(unsure) == 0 {
		return members, nil
	}
	out := make([]Member, len(members))
	for i, m := range members {
		if b, ok := blocks[m.UserID]; ok {
			m.AVBlock = b
		}
		if u, ok := unsure[m.UserID]; ok {
			m.Maybe, m.MaybeKind = u.Words(), UnsureAV
		}
		out[i] = m
	}
	return out, nil
}

func (p *avProvider) Plan(req ActionRequest) (*Plan, error) {
	if req.Kind != ActBlock && req.Kind != ActUnblock {
		return p.base.Plan(req)
	}
	avName := p.av.App().Name
	req.App = avName
	plan, err := p.av.Plan(req)
	if err != nil {
		return nil, err
	}
	if plan.PaceApp == "" {
		plan.PaceApp = avName
	}
	return plan, nil
}

// ListBanned is the Chat app's: bans are not audio/video.
func (p *avProvider) ListBanned(ctx context.Context, room string) ([]Member, error) {
	if bl, ok := p.base.(BanLister); ok {
		return bl.ListBanned(ctx, room)
	}
	return nil, &UnsupportedError{App: p.App().Name, Action: ActBan, Why: p.App().Caps.Why(CapListBanned)}
}

// RoomInfo is the Chat app's.
func (p *avProvider) RoomInfo(ctx context.Context, room string) (Room, error) {
	if ri, ok := p.base.(RoomInfoer); ok {
		return ri.RoomInfo(ctx, room)
	}
	return Room{ID: room, Members: -1}, nil
}
