// Package zego is quell's client of the ZEGOCLOUD ZIM server API: ZIM rooms
// or ZIM groups (one kind per configured app) and the ZIM blacklist.
package zego

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact"
)

// DefaultEndpoint is the ZIM server API.
const DefaultEndpoint = "https://zim-api.zego.im"

// Options configure one ZEGO app.
type Options struct {
	Name         string
	AppID        uint64
	ServerSecret string
	Endpoint     string // full URL; "" → https://zim-api.zego.im
	Operator     string // FromUserId for group actions
	Group        bool   // the config's rooms are ZIM groups; false = ZIM rooms
	Watch        []string
}

// String describes the options without the ServerSecret, so printing them
// (%v, %+v, %s) or logging them never shows it.
func (o Options) String() string {
	secret := "unset"
	if o.ServerSecret != "" {
		secret = "[redacted]"
	}
	return fmt.Sprintf("zego app %s (AppID %d, endpoint %q, operator %q, group %t, server_secret %s)",
		o.Name, o.AppID, o.Endpoint, o.Operator, o.Group, secret)
}

// GoString keeps %#v from printing the ServerSecret.
func (o Options) GoString() string { return "zego.Options{" + o.String() + "}" }

// LogValue keeps slog's handlers (JSON included) from printing the ServerSecret.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// Client is a backend.Provider (and backend.Watcher) for one ZEGO app.
type Client struct {
	opts     Options
	deps     backend.Deps
	endpoint string
	nonce    func() string // replaced in tests to pin the query string
	app      backend.App
	// secrets redacts the ServerSecret from every answer; each request adds
	// its own signature and nonce (roundTrip).
	secrets *redact.Redactor

	watched watchSet
}

var (
	_ backend.Provider = (*Client)(nil)
	_ backend.Watcher  = (*Client)(nil)
)

// New checks o and returns a client. The secret is kept only to sign.
func New(o Options, d backend.Deps) (*Client, error) {
	if o.AppID == 0 || o.AppID > 1<<32-1 {
		return nil, &backend.InputError{Field: "app_id", Problem: "must be the ZEGO AppID (a number up to 4294967295)",
			Fix: "copy the AppID from the ZEGO console"}
	}
	if o.ServerSecret == "" {
		return nil, &backend.InputError{Field: "server_secret", Problem: "is empty",
			Fix: "set server_secret to the app's ServerSecret from the ZEGO console"}
	}
	ep := o.Endpoint
	if ep == "" {
		ep = DefaultEndpoint
	}
	u, err := url.Parse(ep)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return nil, &backend.InputError{Field: "endpoint", Value: ep, Problem: "is not an http(s) URL without a query",
			Fix: "use e.g. " + DefaultEndpoint}
	}
	if o.Operator != "" {
		if err := checkID("operator", o.Operator); err != nil {
			return nil, err
		}
	}
	c := &Client{opts: o, deps: d.WithDefaults(), endpoint: ep, nonce: newNonce, secrets: redact.New(o.ServerSecret)}
	c.deps.Secrets.Add(o.ServerSecret)
	if c.endpoint[len(c.endpoint)-1] != '/' && u.Path == "" {
		c.endpoint += "/"
	}
	c.app = backend.App{Name: o.Name, Provider: backend.Zego, RoomKind: backend.RoomZIMRoom, Caps: roomCaps}
	if o.Group {
		c.app.RoomKind, c.app.Caps = backend.RoomZIMGroup, groupCaps
	}
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

var (
	roomCaps = backend.NewCapabilities(
		[]backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapKick, backend.CapDismiss,
			backend.CapBlacklist, backend.CapBlacklistEdit},
		map[backend.Capability]string{
			backend.CapListMuted: "ZEGO ZIM rooms have no mute, so there is no mute list (ZIM groups have one)",
			backend.CapMute:      "ZEGO ZIM rooms have no mute: kick the user, or blacklist them",
			backend.CapUnmute:    "ZEGO ZIM rooms have no mute, so nobody is muted here",
			backend.CapBlockAV:   "ZEGO rooms have no audio/video block",
			backend.CapUnblockAV: "ZEGO rooms have no audio/video block",
			backend.CapMuteAll:   "ZEGO ZIM rooms have no mute (ZIM groups can mute everyone)",
			backend.CapBan:       "ZEGO has no ban: kick the user, or blacklist them",
		})
	groupCaps = backend.NewCapabilities(
		[]backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapListMuted, backend.CapMute,
			backend.CapUnmute, backend.CapKick, backend.CapDismiss, backend.CapBlacklist, backend.CapBlacklistEdit,
			backend.CapMuteAll},
		map[backend.Capability]string{
			backend.CapBlockAV:   "ZEGO groups have no audio/video block",
			backend.CapUnblockAV: "ZEGO groups have no audio/video block",
			backend.CapBan:       "ZEGO has no ban: kick the user, or blacklist them",
		})
)

// String names the client without its options' secret.
func (c *Client) String() string { return "zego client for " + c.opts.String() }

// LogValue keeps slog from printing the client's fields.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// App describes the configured app and what its room kind can do.
func (c *Client) App() backend.App { return c.app }

// Watch adds a room (or group) to the list ListRooms shows: ZEGO cannot list
// rooms, so the moderator names them. Adding one twice is harmless.
func (c *Client) Watch(room string) error {
	if err := checkID(c.roomField(), room); err != nil {
		return err
	}
	c.watched.add(room)
	return nil
}

func (c *Client) watchList() []string { return c.watched.list() }

func (c *Client) roomField() string {
	if c.opts.Group {
		return "group"
	}
	return "room"
}

// operator is FromUserId for group actions; the config must name one.
func (c *Client) operator() (string, error) {
	if c.opts.Operator == "" {
		return "", &backend.InputError{Field: "operator",
			Problem: fmt.Sprintf("app %s has no operator, and ZEGO group actions need one (FromUserId)", c.opts.Name),
			Fix:     "set operator in the config to a ZIM user who owns or administers the groups"}
	}
	return c.opts.Operator, nil
}
