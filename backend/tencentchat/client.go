// Package tencentchat is quell's provider for Tencent Cloud Chat (REST API
// v4): live rooms (live_engine_http_srv) or groups (group_open_http_svc),
// plus the sns blocklist.
package tencentchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact"
	"github.com/quell-console/quell/textsafe"
)

// DefaultEndpoint is the China data center, the docs' default.
const DefaultEndpoint = "https://console.tim.qq.com"

// Services of the REST API.
const (
	svcGroup      = "group_open_http_svc"
	svcAVChatRoom = "group_open_avchatroom_http_svc"
	svcLive       = "live_engine_http_srv"
	svcSNS        = "sns"
)

// Documented rates, calls per second per SDKAppID.
const (
	rateDefault   = 200
	rateGroupList = 1  // get_appid_group_list
	rateRoomList  = 10 // get_room_list
)

// minHTTPTimeout: the server gives up after 3 s, so the client waits longer
// to read the server's own timeout answer rather than cut it short.
const minHTTPTimeout = 10 * time.Second

// Options configure one Chat app.
type Options struct {
	Name      string
	SDKAppID  uint64
	Admin     string
	SecretKey string
	Endpoint  string // full URL; "" → DefaultEndpoint
	Group     bool   // rooms are groups; false = live rooms
}

// Client is a backend.Provider for one Chat app.
type Client struct {
	o    Options
	d    backend.Deps
	base string // endpoint without trailing slash
	sigs sigCache
	// secrets redacts the SecretKey and every UserSig issued from each
	// answer and error (requestURL adds each new UserSig).
	secrets  *redact.Redactor
	rndMu    sync.Mutex
	rnd      *mrand.Rand
	typesMu  sync.Mutex
	groupTyp map[string]string // group ID → Type, learnt from get_group_info
}

var _ backend.Provider = (*Client)(nil)

// New checks o and returns a client. It sends nothing.
func New(o Options, d backend.Deps) (*Client, error) {
	switch {
	case o.SDKAppID == 0:
		return nil, &backend.InputError{Field: "sdk_app_id", Problem: "missing", Fix: "copy the SDKAppID from the Chat console"}
	case strings.TrimSpace(o.Admin) == "":
		return nil, &backend.InputError{Field: "admin", Problem: "missing", Fix: "name the app administrator account (Chat console → App admin)"}
	case o.SecretKey == "":
		return nil, &backend.InputError{Field: "secret_key", Problem: "missing", Fix: "copy the key from the Chat console (Basic configuration)"}
	}
	if o.Endpoint == "" {
		o.Endpoint = DefaultEndpoint
	}
	u, err := url.Parse(o.Endpoint)
	// The path and query are appended to the endpoint: a query or fragment
	// of its own would swallow them (and the UserSig with them).
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, &backend.InputError{Field: "endpoint", Value: o.Endpoint, Problem: "not a plain http(s) URL (scheme and host, no query)",
			Fix: "use e.g. https://adminapisgp.im.qcloud.com"}
	}
	d = d.WithDefaults()
	if d.HTTP.Timeout != 0 && d.HTTP.Timeout < minHTTPTimeout {
		hc := *d.HTTP // shares the Transport, so connections are still reused
		hc.Timeout = minHTTPTimeout
		d.HTTP = &hc
	}
	seed := uint64(time.Now().UnixNano())
	d.Secrets.Add(o.SecretKey)
	return &Client{
		o: o, d: d, base: strings.TrimRight(o.Endpoint, "/"), secrets: redact.New(o.SecretKey),
		rnd:      mrand.New(mrand.NewPCG(seed, seed>>17^o.SDKAppID)),
		groupTyp: map[string]string{},
	}, nil
}

// App describes the app and what its rooms can do.
func (c *Client) App() backend.App {
	kind := backend.RoomChatLive
	if c.o.Group {
		kind = backend.RoomChatGroup
	}
	return backend.App{Name: c.o.Name, Provider: backend.TencentChat, RoomKind: kind, Caps: capabilities(c.o.Group)}
}

// Reasons for what Chat cannot do, in a moderator's words.
const (
	whyNoAV = "Tencent Chat rooms have no audio/video block: set `av:` to a TRTC app with string room IDs"
	// The live-room REST API (live_engine_http_srv) documents create/destroy,
	// room info and lists, admins, mute_member and ban_member, but no kick:
	// ban_member removes a user for a time, which is a different action.
	whyNoLiveKick = "Tencent Chat live rooms have no kick API: ban the user (it removes them for a time), or dismiss the room"
)

func capabilities(group bool) backend.Capabilities {
	has := []backend.Capability{
		backend.CapListRooms, backend.CapListMembers, backend.CapListMuted,
		backend.CapMute, backend.CapUnmute, backend.CapDismiss,
		backend.CapBlacklist, backend.CapBlacklistEdit,
		backend.CapBan, backend.CapListBanned, backend.CapMuteAll,
	}
	missing := map[backend.Capability]string{backend.CapBlockAV: whyNoAV, backend.CapUnblockAV: whyNoAV}
	if group {
		has = append(has, backend.CapKick)
	} else {
		missing[backend.CapKick] = whyNoLiveKick
	}
	return backend.NewCapabilities(has, missing)
}

// String names the app and hides the SecretKey.
func (o Options) String() string {
	key := ""
	if o.SecretKey != "" {
		key = redacted
	}
	return fmt.Sprintf("tencentchat.Options{Name:%q SDKAppID:%d Admin:%q SecretKey:%s Endpoint:%q Group:%v}",
		o.Name, o.SDKAppID, o.Admin, key, o.Endpoint, o.Group)
}

// GoString is String, so %#v hides the SecretKey too.
func (o Options) GoString() string { return o.String() }

// LogValue keeps the SecretKey out of slog, whose JSON handler would
// otherwise marshal the exported field.
func (o Options) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", o.Name), slog.Uint64("sdk_app_id", o.SDKAppID),
		slog.String("admin", o.Admin), slog.String("endpoint", o.Endpoint), slog.Bool("group", o.Group))
}

// LogValue is the Options' (the cached UserSig is never logged).
func (c *Client) LogValue() slog.Value { return c.o.LogValue() }

// String names the app and hides the SecretKey and the cached UserSig,
// whichever verb prints the client.
func (c *Client) String() string { return "tencentchat.Client{" + c.o.String() + "}" }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// envelope is the part of every answer that says whether it worked.
type envelope struct {
	ActionStatus string
	ErrorCode    int
	ErrorInfo    string
	ErrorDisplay string
	RequestId    string
}

func (c *Client) random() uint32 {
	c.rndMu.Lock()
	defer c.rndMu.Unlock()
	return c.rnd.Uint32()
}

// requestURL is the documented URL: the query in the documented order. The
// UserSig in it joins the secrets redacted from every answer, here and in
// the journal and the log.
func (c *Client) requestURL(service, command string) (u string, err error) {
	sig, err := c.sigs.get(c.o.SecretKey, c.o.SDKAppID, c.o.Admin, c.d.Now())
	if err != nil {
		return "", err
	}
	c.secrets.Add(sig)
	c.d.Secrets.Add(sig)
	// A UserSig is base64 with '*', '-', '_' in place of "+/=": all of it is
	// safe in a query, so it is sent as is, as Tencent's samples do.
	return fmt.Sprintf("%s/v4/%s/%s?sdkappid=%d&identifier=%s&usersig=%s&random=%d&contenttype=json",
		c.base, service, command, c.o.SDKAppID, url.QueryEscape(c.o.Admin), sig, c.random()), nil
}

// redacted stands in for a secret a server echoed back.
const redacted = "[redacted]"

// call makes one request. out (may be nil) receives the payload: the
// Response object for live rooms, the whole answer otherwise. It returns the
// RequestId; a failed envelope is a *backend.VendorError.
func (c *Client) call(ctx context.Context, service, command string, in, out any) (string, error) {
	rid, err := c.exchange(ctx, service, command, in, out)
	return c.secrets.String(rid), backend.Redacted(err, c.secrets.String)
}

// exchange is call before its error is redacted. The answer is redacted
// before anything in it becomes an error message: a gateway page or an
// ErrorInfo that echoes the request URL, in any encoding (a proxy that
// percent-encodes the query, a JSON-escaped or base64 copy), must not put
// the UserSig (a credential for a week) or the SecretKey on a moderator's
// screen or in the journal.
func (c *Client) exchange(ctx context.Context, service, command string, in, out any) (string, error) {
	body := []byte("{}")
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return "", err
		}
		body = b
	}
	u, err := c.requestURL(service, command)
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "", stripURL(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.d.HTTP.Do(req)
	if err != nil {
		return "", stripURL(err)
	}
	defer resp.Body.Close()
	// A 10,000-group list is ~300 KB: anything past the bound is refused,
	// never read whole.
	raw, err := backend.ReadAnswer(resp.Body, backend.MaxAnswerBytes)
	if err != nil {
		if ve := backend.AnswerTooLarge(backend.TencentChat, command, err); ve != nil {
			return "", ve
		}
		return "", err
	}
	raw = c.secrets.Bytes(raw)
	if resp.StatusCode != http.StatusOK {
		return "", &backend.HTTPStatusError{Call: command, Status: resp.StatusCode, Body: textsafe.Clean(string(raw[:min(len(raw), 200)]))}
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return "", fmt.Errorf("%s: answer is not the Chat envelope: %w", command, err)
	}
	if env.ErrorCode != 0 || strings.EqualFold(env.ActionStatus, "FAIL") {
		code := env.ErrorCode
		if code == 0 {
			code = -1 // FAIL without a code: keep it a failure
		}
		return env.RequestId, vendorError(command, code, env.ErrorInfo, env.ErrorDisplay, env.RequestId)
	}
	if out == nil {
		return env.RequestId, nil
	}
	if service == svcLive {
		var wrap struct{ Response json.RawMessage }
		if err := json.Unmarshal(raw, &wrap); err != nil {
			return env.RequestId, err
		}
		raw = wrap.Response
		if len(raw) == 0 {
			raw = []byte("{}")
		}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return env.RequestId, fmt.Errorf("%s: cannot read the answer: %w", command, err)
	}
	return env.RequestId, nil
}

// stripURL keeps the UserSig out of errors: *url.Error prints the whole URL.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		u, _ := url.Parse(ue.URL)
		shown := ue.URL
		if u != nil {
			u.RawQuery = ""
			shown = u.String()
		}
		return &url.Error{Op: ue.Op, URL: shown, Err: ue.Err}
	}
	return err
}

// read makes one read-only call (a page of a list, a room's info) at
// command's documented rate, retrying the vendor's transient answers as
// backend.ReadPolicy says; out receives the payload as with call.
func (c *Client) read(ctx context.Context, service, command string, rate float64, in, out any) error {
	pace := func(ctx context.Context) error { return c.d.Pacer.Wait(ctx, c.o.Name, command, "", rate) }
	return c.d.Reads.Do(ctx, pace, func(ctx context.Context) error {
		_, err := c.call(ctx, service, command, in, out)
		return err
	})
}

// unixTime reads a vendor timestamp; 0 is "none".
func unixTime(s int64) time.Time {
	if s <= 0 {
		return time.Time{}
	}
	return time.Unix(s, 0)
}

// until reads a mute/ban end: zero when absent or already past, Forever for
// the vendors' far-future "permanent" values.
func (c *Client) until(s int64) time.Time {
	t := unixTime(s)
	now := c.d.Now()
	if t.IsZero() || !t.After(now) {
		return time.Time{}
	}
	return backend.NormalizeUntil(t, now)
}
