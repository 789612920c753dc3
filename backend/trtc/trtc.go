// Package trtc is quell's provider for Tencent Cloud TRTC room management
// (API 3.0, version 2019-07-22), sent through the Tencent Cloud SDK's generic
// CommonClient with quell's own request structs.
package trtc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact"
)

const (
	service        = "trtc"
	apiVersion     = "2019-07-22"
	defaultURL     = "https://trtc.tencentcloudapi.com"
	documentedRate = 20 // calls per second per API key and access region, for every action used here
)

// Options configure one TRTC app.
type Options struct {
	Name          string
	SDKAppID      uint64
	Region        string
	StringRoomIDs bool
	// SecretID and SecretKey both empty: the SDK's credential chain
	// (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY, then
	// ~/.tencentcloud/credentials).
	SecretID, SecretKey string
	// Endpoint is a full URL (https://trtc.intl.tencentcloudapi.com,
	// http://127.0.0.1:8080); "" is https://trtc.tencentcloudapi.com.
	Endpoint string
}

// String describes the options without the SecretKey, so printing them
// (%v, %+v, %s) or logging them never shows it.
func (o Options) String() string {
	key := "from the SDK credential chain"
	if o.SecretKey != "" {
		key = "[redacted]"
	}
	return fmt.Sprintf("trtc app %s (SDKAppID %d, region %s, string rooms %t, endpoint %q, secret_id %q, secret_key %s)",
		o.Name, o.SDKAppID, o.Region, o.StringRoomIDs, o.Endpoint, o.SecretID, key)
}

// GoString keeps %#v from printing the SecretKey.
func (o Options) GoString() string { return "trtc.Options{" + o.String() + "}" }

// LogValue keeps slog's handlers (JSON included) from printing the SecretKey.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// Client is a backend.Provider for one TRTC app.
type Client struct {
	name     string
	sdkAppID uint64
	strRooms bool
	sdk      *common.Client
	d        backend.Deps
	// budget is the rate quota this app's calls draw on: TRTC (API 3.0)
	// counts per API + access region + SecretId, so apps sharing a key
	// share it (backend.Budget).
	budget string

	// china: the endpoint is on Tencent Cloud's China site, which has no
	// SetUserBlocked* (see chinaSite).
	china bool

	// secrets redacts the key pair from every error (statusTransport
	// redacts each answer with the request's signature as well).
	secrets *redact.Redactor

	mu      sync.Mutex
	commIDs map[string]string // room → CommId of its open call, from DescribeRoomInfo
}

var _ backend.Provider = (*Client)(nil)

// New builds the client. It fails on a bad endpoint, a half-given key pair
// or when no credentials can be found; it sends nothing.
func New(o Options, d backend.Deps) (*Client, error) {
	d = d.WithDefaults()
	if o.SDKAppID == 0 {
		return nil, fmt.Errorf("trtc app %s: sdk_app_id is missing", o.Name)
	}
	if o.Region == "" {
		return nil, fmt.Errorf("trtc app %s: region is missing (ap-singapore, ap-guangzhou or ap-beijing)", o.Name)
	}
	cpf, err := clientProfile(o.Endpoint, d.HTTP.Timeout)
	if err != nil {
		return nil, fmt.Errorf("trtc app %s: %w", o.Name, err)
	}
	cred, err := credential(o)
	if err != nil {
		return nil, fmt.Errorf("trtc app %s: %w", o.Name, err)
	}
	sdk := common.NewCommonClient(cred, o.Region, cpf)
	base := d.HTTP.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	secrets := redact.New(cred.GetSecretId(), cred.GetSecretKey(), cred.GetToken())
	d.Secrets.Add(cred.GetSecretId(), cred.GetSecretKey(), cred.GetToken())
	sdk.WithHttpTransport(statusTransport{base: base, secrets: secrets, shared: d.Secrets})
	return &Client{name: o.Name, sdkAppID: o.SDKAppID, strRooms: o.StringRoomIDs, sdk: sdk, d: d, commIDs: map[string]string{}, secrets: secrets,
		budget: backend.Budget(service, cpf.HttpProfile.Endpoint, cred.GetSecretId()), china: chinaSite(cpf.HttpProfile.Endpoint)}, nil
}

// chinaSite reports whether host (no scheme) is a China-site API 3.0
// endpoint: trtc.tencentcloudapi.com (the SDK's and quell's default) or a
// regional trtc.<region>.tencentcloudapi.com. The international site is
// *.intl.tencentcloudapi.com. SetUserBlocked and SetUserBlockedByStrRoomId
// exist only there: tencentcloud-sdk-go-intl-en
// tencentcloud/trtc/v20190722/client.go has them, tencentcloud-sdk-go (the
// China site's SDK) does not, nor does the China site's API index
// ("房间管理相关接口", https://cloud.tencent.com/document/api/647/37086: only
// RemoveUser, DismissRoom and their string-room forms). Any other host (the
// emulator, a proxy) is taken at its word: it answers InvalidAction if it
// lacks them.
func chinaSite(host string) bool {
	host = strings.ToLower(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	return strings.HasSuffix(host, ".tencentcloudapi.com") && !strings.HasSuffix(host, ".intl.tencentcloudapi.com")
}

// clientProfile turns the endpoint URL into the SDK's host + scheme, with
// debug logging off (it would print the Authorization header), the circuit
// breaker off and the SDK's own retries off: the engine retries.
func clientProfile(endpoint string, timeout time.Duration) (*profile.ClientProfile, error) {
	if endpoint == "" {
		endpoint = defaultURL
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("endpoint %q: want a full URL such as %s or http://127.0.0.1:8080", endpoint, defaultURL)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return nil, fmt.Errorf("endpoint %q: give only scheme and host (API 3.0 always posts to /)", endpoint)
	}
	cpf := profile.NewClientProfile()
	cpf.Debug = false
	cpf.DisableRegionBreaker = true
	cpf.NetworkFailureMaxRetries = 0
	cpf.RateLimitExceededMaxRetries = 0
	cpf.Language = "en-US"
	cpf.HttpProfile.ReqMethod = http.MethodPost
	cpf.HttpProfile.Endpoint = u.Host
	cpf.HttpProfile.Scheme = strings.ToUpper(u.Scheme)
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	cpf.HttpProfile.ReqTimeout = int(math.Ceil(timeout.Seconds()))
	return cpf, nil
}

func credential(o Options) (common.CredentialIface, error) {
	switch {
	case o.SecretID != "" && o.SecretKey != "":
		return common.NewCredential(o.SecretID, o.SecretKey), nil
	case o.SecretID != "" || o.SecretKey != "":
		return nil, errors.New("give both secret_id and secret_key, or neither to use TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY or ~/.tencentcloud/credentials")
	}
	// Environment, then the credentials file; never the CVM metadata role,
	// which would make a laptop probe a cloud-internal address.
	chain := common.NewProviderChain([]common.Provider{common.DefaultEnvProvider(), common.DefaultProfileProvider()})
	cred, err := chain.GetCredential()
	if err != nil || cred == nil {
		return nil, errors.New("no credentials: set secret_id and secret_key, or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or ~/.tencentcloud/credentials")
	}
	return cred, nil
}

// String names the client; its credential is never printed.
func (c *Client) String() string {
	return fmt.Sprintf("trtc client for app %s (SDKAppID %d)", c.name, c.sdkAppID)
}

// LogValue keeps slog from printing the client's fields.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// App describes the app and what its rooms can do.
func (c *Client) App() backend.App {
	kind := backend.RoomTRTCNumeric
	if c.strRooms {
		kind = backend.RoomTRTCString
	}
	return backend.App{Name: c.name, Provider: backend.TRTC, RoomKind: kind, Caps: capabilities(c.china)}
}

const (
	whyNoMute      = "TRTC rooms have no chat mute: mute in the Chat app that shares this room"
	whyNoBlacklist = "TRTC has no blacklist"
	// whyNoBlockChina is the moderator's answer to "why can't I block here?"
	// on a China-site app (see chinaSite).
	whyNoBlockChina = "Tencent Cloud's China site has no audio/video block; only international-site apps " +
		"(endpoint https://trtc.intl.tencentcloudapi.com) can block. Kick still works"
)

// capabilities builds a fresh set per call, so no caller can change another's.
// china drops the audio/video block, which the China site does not offer.
func capabilities(china bool) backend.Capabilities {
	has := []backend.Capability{backend.CapListRooms, backend.CapListMembers, backend.CapKick, backend.CapDismiss}
	missing := map[backend.Capability]string{
		backend.CapListMuted:     whyNoMute,
		backend.CapMute:          whyNoMute,
		backend.CapUnmute:        whyNoMute,
		backend.CapBlacklist:     whyNoBlacklist,
		backend.CapBlacklistEdit: whyNoBlacklist,
		backend.CapMuteAll:       whyNoMute,
		backend.CapBan:           "TRTC has no ban: kick the user (RemoveUser); they may rejoin",
	}
	if china {
		missing[backend.CapBlockAV], missing[backend.CapUnblockAV] = whyNoBlockChina, whyNoBlockChina
	} else {
		has = append(has, backend.CapBlockAV, backend.CapUnblockAV)
	}
	return backend.NewCapabilities(has, missing)
}

// ListMuted is not available: TRTC has no chat.
func (c *Client) ListMuted(context.Context, string) ([]backend.Member, error) {
	return nil, &backend.UnsupportedError{App: c.name, Action: backend.ActMute, Why: whyNoMute}
}

// ListBlacklist is not available: TRTC has no blacklist.
func (c *Client) ListBlacklist(context.Context, string) ([]backend.BlacklistEntry, error) {
	return nil, &backend.UnsupportedError{App: c.name, Action: backend.ActBlacklistAdd, Why: whyNoBlacklist}
}
