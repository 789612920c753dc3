package zego

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/quell-console/quell/backend"
)

// DefaultRTCEndpoint is the ZEGO RTC (Express) server API. Regional hosts
// put -sha, -hkg, -fra, -lax, -bom or -sgp after rtc-api (providers.md §3;
// https://www.zegocloud.com/docs/real-time-video-server/api-reference/accessing-server-apis).
const DefaultRTCEndpoint = "https://rtc-api.zego.im"

// RTC server API actions quell calls. Every one is a GET with its
// parameters in the query, and answers its payload under Data.
const (
	actDescribeUserList = "DescribeUserList"
	actDescribeUserNum  = "DescribeUserNum"
	actKickoutUser      = "KickoutUser"
	actCloseRoom        = "CloseRoom"
)

// RTC limits, from ZEGO's API pages (ZEGOCLOUD/docs_all,
// core_products/real-time-voice-video/en/server/api-reference/room/*.yaml).
const (
	rtcUserListPerApp  = 200 // DescribeUserList: all rooms of the app …
	rtcUserListPerRoom = 1   // … and 1/s for each room
	rtcUserListPage    = 200 // Limit 0–200
	rtcUserNumPerApp   = 10  // DescribeUserNum (describe-user-num.yaml)
	rtcUserNumRooms    = 10  // RoomId[] ≤ 10 per call
	rtcKickPerApp      = 50  // KickoutUser
	rtcKickBatch       = 5   // UserId[] ≤ 5 (kick-out-user.yaml)
	rtcClosePerApp     = 1   // CloseRoom: 1/s for the whole app (close.yaml)
	// IDs as the Express SDK accepts them: room IDs up to 128 bytes, user
	// IDs up to 64 (docs_all, core_products/real-time-voice-video/en/
	// android-java/client-sdk/api-reference/class.mdx, loginRoom / ZegoUser).
	rtcMaxRoomBytes = 128
	rtcMaxUserBytes = 64
	// CustomReason: up to 256 bytes, URL-encoded (kick-out-user.yaml, close.yaml).
	rtcMaxReasonBytes = 256
)

// rtcIDChars are the punctuation characters the Express SDK allows in room
// and user IDs besides digits and ASCII letters (class.mdx, roomID).
const rtcIDChars = "~!@#$%^&*()_+=-`;',.<>\\"

func init() {
	// roundTrip picks the method from this table; every RTC call is a GET.
	for _, a := range []string{actDescribeUserList, actDescribeUserNum, actKickoutUser, actCloseRoom} {
		actionMethod[a] = http.MethodGet
	}
}

// RTCClient is a backend.Provider (and backend.Watcher) for the RTC rooms of
// one ZEGO app (config `rooms: rtc`). It shares the ZIM client's transport:
// the same signature, and a fresh nonce and timestamp on every request.
type RTCClient struct {
	z   *Client // transport only; none of its ZIM methods are used
	app backend.App

	watched watchSet
}

var (
	_ backend.Provider = (*RTCClient)(nil)
	_ backend.Watcher  = (*RTCClient)(nil)
)

var rtcCaps = backend.NewCapabilities(
	[]backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapKick, backend.CapDismiss},
	map[backend.Capability]string{
		backend.CapListMuted: "ZEGO RTC rooms have no chat mute, so there is no mute list",
		backend.CapMute: "ZEGO RTC rooms have no chat mute; to silence a user, kick them " +
			"(quell does not yet support ZEGO's stream ban rules)",
		backend.CapUnmute: "ZEGO RTC rooms have no chat mute, so nobody is muted here",
		backend.CapBlockAV: "quell cannot block a ZEGO RTC user's audio or video " +
			"(ZEGO's stream ban rules are not supported yet): kick the user instead",
		backend.CapUnblockAV:     "quell does not block audio or video in ZEGO RTC rooms, so nothing is blocked here",
		backend.CapBlacklist:     "ZEGO RTC rooms have no blacklist: a kicked user can join again",
		backend.CapBlacklistEdit: "ZEGO RTC rooms have no blacklist: a kicked user can join again",
	})

// NewRTC checks o and returns a client for the app's RTC rooms. Operator
// and Group do not apply: RTC actions take no FromUserId.
func NewRTC(o Options, d backend.Deps) (*RTCClient, error) {
	if o.Group {
		return nil, &backend.InputError{Field: "rooms", Value: "group",
			Problem: "an RTC client cannot serve ZIM groups", Fix: "use rooms: rtc for RTC rooms, rooms: group for ZIM groups"}
	}
	ep := o.Endpoint
	if ep == "" {
		ep = DefaultRTCEndpoint
	}
	if u, err := url.Parse(ep); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return nil, &backend.InputError{Field: "endpoint", Value: ep, Problem: "is not an http(s) URL without a query",
			Fix: "use e.g. " + DefaultRTCEndpoint}
	}
	z, err := New(Options{Name: o.Name, AppID: o.AppID, ServerSecret: o.ServerSecret, Endpoint: ep}, d)
	if err != nil {
		return nil, err
	}
	c := &RTCClient{z: z, app: backend.App{Name: o.Name, Provider: backend.Zego, RoomKind: backend.RoomZegoRTC, Caps: rtcCaps}}
	for _, w := range o.Watch {
		if err := c.Watch(w); err != nil {
			var ie *backend.InputError
			if errors.As(err, &ie) {
				ie.Field = "watch"
			}
			return nil, err
		}
	}
	return c, nil
}

// String names the client without its secret.
func (c *RTCClient) String() string {
	return fmt.Sprintf("zego RTC client for app %s (AppID %d, endpoint %q, server_secret [redacted])",
		c.z.opts.Name, c.z.opts.AppID, c.z.endpoint)
}

// LogValue keeps slog from printing the client's fields.
func (c *RTCClient) LogValue() slog.Value { return slog.StringValue(c.String()) }

// App describes the app and what RTC rooms can do.
func (c *RTCClient) App() backend.App { return c.app }

// Watch adds a room to the list ListRooms shows: ZEGO cannot list RTC rooms,
// so the moderator names them. Adding one twice is harmless.
func (c *RTCClient) Watch(room string) error {
	if err := checkRTCID("room", room, rtcMaxRoomBytes); err != nil {
		return err
	}
	c.watched.add(room)
	return nil
}

func (c *RTCClient) watchList() []string { return c.watched.list() }

// ValidRTCID reports why id breaks the Express SDK's ID rules for an ID of
// at most max bytes ("" when it is valid).
func ValidRTCID(id string, max int) string {
	switch {
	case id == "":
		return "is empty"
	case len(id) > max:
		return fmt.Sprintf("is %d bytes; ZEGO RTC allows at most %d", len(id), max)
	}
	for i := 0; i < len(id); i++ {
		if !rtcIDByte(id[i]) {
			return fmt.Sprintf("contains %q at byte %d; ZEGO RTC allows only letters, digits and %s", id[i], i, rtcIDChars)
		}
	}
	return ""
}

func rtcIDByte(b byte) bool {
	switch {
	case b >= '0' && b <= '9', b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
		return true
	}
	for i := 0; i < len(rtcIDChars); i++ {
		if rtcIDChars[i] == b {
			return true
		}
	}
	return false
}

func checkRTCID(field, id string, max int) error {
	if why := ValidRTCID(id, max); why != "" {
		return &backend.InputError{Field: field, Value: printable(id), Problem: why,
			Fix: fmt.Sprintf("use the ID exactly as the app passed it to the ZEGO SDK (at most %d bytes of letters, digits and %s)",
				max, rtcIDChars)}
	}
	return nil
}

// rtcUserNumReply is DescribeUserNum's Data.
type rtcUserNumReply struct {
	UserCountList []struct {
		RoomID    string  `json:"RoomId"`
		UserCount flexInt `json:"UserCount"`
	} `json:"UserCountList"`
}

// rtcUserListReply is DescribeUserList's Data.
type rtcUserListReply struct {
	Marker   flexString `json:"Marker"`
	UserList []struct {
		UserID   string  `json:"UserId"`
		UserName string  `json:"UserName"`
		UserRole flexInt `json:"UserRole"`
	} `json:"UserList"`
}

// ListRooms shows the watched rooms with their user counts, ten rooms a
// call. It uses DescribeUserNum rather than DescribeUserList so that showing
// the room list never spends the room's 1/s DescribeUserList budget, which
// opening the room needs right after. An RTC room exists only while someone
// is in it (ZEGO return codes, 50001): a room with no users is not live.
func (c *RTCClient) ListRooms(ctx context.Context) ([]backend.Room, error) {
	ids := c.watchList()
	counts := map[string]int{}
	for start := 0; start < len(ids); start += rtcUserNumRooms {
		batch := ids[start:min(start+rtcUserNumRooms, len(ids))]
		var q query
		q.addArray("RoomId", batch)
		r, err := c.read(ctx, actDescribeUserNum, q, func(ctx context.Context) error {
			return c.z.deps.Pacer.Wait(ctx, c.z.opts.Name, actDescribeUserNum, "", rtcUserNumPerApp)
		})
		if err != nil {
			return nil, err
		}
		var rep rtcUserNumReply
		if err := r.data(actDescribeUserNum, &rep); err != nil {
			return nil, err
		}
		for _, e := range rep.UserCountList {
			counts[e.RoomID] = int(e.UserCount)
		}
	}
	out := make([]backend.Room, 0, len(ids))
	for _, id := range ids {
		n := counts[id] // ZEGO: a room that does not exist counts 0 users
		out = append(out, backend.Room{ID: id, Name: id, Members: n, Live: n > 0})
	}
	return out, nil
}

// ListMembers pages through a room's users with DescribeUserList, 200 a
// page, paced to ZEGO's 1/s per room and 200/s per app. ZEGO answers an
// empty list for a room that does not exist.
func (c *RTCClient) ListMembers(ctx context.Context, room string) ([]backend.Member, error) {
	if err := checkRTCID("room", room, rtcMaxRoomBytes); err != nil {
		return nil, err
	}
	pace := func(ctx context.Context) error {
		if err := c.z.deps.Pacer.Wait(ctx, c.z.opts.Name, actDescribeUserList, "", rtcUserListPerApp); err != nil {
			return err
		}
		// Its own bucket name, so a rate_limits override of DescribeUserList
		// (the app-wide 200/s) never raises the per-room 1/s with it.
		return c.z.deps.Pacer.Wait(ctx, c.z.opts.Name, actDescribeUserList+" per room", room, rtcUserListPerRoom)
	}
	var out []backend.Member
	seen := map[string]bool{} // users who leave and rejoin while we page must not show twice
	marker := ""
	for range maxPages {
		var q query
		q.add("RoomId", room)
		q.add("Mode", "0")
		q.add("Limit", strconv.Itoa(rtcUserListPage))
		q.add("Marker", marker)
		r, err := c.read(ctx, actDescribeUserList, q, pace)
		if err != nil {
			return nil, err
		}
		var rep rtcUserListReply
		if err := r.data(actDescribeUserList, &rep); err != nil {
			return nil, err
		}
		for _, u := range rep.UserList {
			if !seen[u.UserID] {
				seen[u.UserID] = true
				out = append(out, backend.Member{UserID: u.UserID, Name: u.UserName, Role: rtcRole(int64(u.UserRole))})
			}
		}
		// "" ends the listing; a marker that does not move would loop.
		if rep.Marker == "" || string(rep.Marker) == marker {
			return out, nil
		}
		marker = string(rep.Marker)
	}
	return nil, fmt.Errorf("zego %s: room %s: more than %d pages; stopped", actDescribeUserList, room, maxPages)
}

// rtcRole names DescribeUserList's UserRole: 1 host, 2 audience, 4 a
// server-side user (cloud recording, stream review). ZEGO says the field is
// meaningful only for LiveRoom apps, so anything else is left blank.
func rtcRole(r int64) string {
	switch r {
	case 1:
		return "host"
	case 2:
		return "audience"
	case 4:
		return "service"
	}
	return ""
}

// ListMuted: RTC rooms have no mute.
func (c *RTCClient) ListMuted(context.Context, string) ([]backend.Member, error) {
	return nil, &backend.UnsupportedError{App: c.app.Name, Action: backend.ActMute, Why: rtcCaps.Why(backend.CapListMuted)}
}

// ListBlacklist: RTC rooms have no blacklist.
func (c *RTCClient) ListBlacklist(context.Context, string) ([]backend.BlacklistEntry, error) {
	return nil, &backend.UnsupportedError{App: c.app.Name, Action: backend.ActBlacklistAdd, Why: rtcCaps.Why(backend.CapBlacklist)}
}

// read makes a paced read-only call and retries the vendor's transient
// answers (206/207 rate limits, 1 busy, gateway 5xx) as backend.ReadPolicy
// says. Each attempt is paced and signed afresh.
func (c *RTCClient) read(ctx context.Context, action string, q query, pace func(context.Context) error) (*reply, error) {
	var r *reply
	err := c.z.deps.Reads.Do(ctx, pace, func(ctx context.Context) error {
		var err error
		if r, err = c.z.roundTrip(ctx, action, q, nil); err != nil {
			return err
		}
		return r.rtcErr(action)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// data decodes an RTC answer's Data object into out. A missing or null Data
// leaves out empty: ZEGO documents an empty list for a room that does not
// exist without saying whether Data is then present.
func (r *reply) data(action string, out any) error {
	var env struct {
		Data json.RawMessage `json:"Data"`
	}
	err := json.Unmarshal(r.raw, &env)
	if err == nil && (len(env.Data) == 0 || string(env.Data) == "null") {
		return nil
	}
	if err == nil {
		err = json.Unmarshal(env.Data, out)
	}
	if err != nil {
		return &backend.VendorError{Provider: backend.Zego, Call: action, Code: "bad-answer", RequestID: r.RequestID,
			Message: err.Error(), Meaning: "ZEGO's answer did not have the documented Data fields", NextStep: "report it with the RequestId"}
	}
	return nil
}
