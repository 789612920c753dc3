// Package chatemu emulates the Tencent Cloud Chat REST API v4 on loopback:
// UserSig checks, live rooms, groups and blocklists, with the vendor's batch
// limits, rate limits and error codes, always answered in HTTP 200.
package chatemu

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
	"github.com/quell-console/quell/backend/tencentchat"
)

const vendor = "chat"

// App is one Chat application the emulator serves.
type App struct {
	SDKAppID         uint64
	Admin, SecretKey string
	// LegacyNames answers the older field names an app may still get
	// (ShutUpAllMember, ShutUpUntil, ShuttedUinList/ShuttedUntil) instead of
	// MuteAllMember, MuteUntil and MutedAccountList/MutedUntil, so a client
	// that reads only one spelling fails against one of the two modes.
	LegacyNames bool
}

// String hides the SecretKey, for %v and %+v.
func (a App) String() string {
	return fmt.Sprintf("chatemu.App{SDKAppID:%d Admin:%q SecretKey:[redacted] LegacyNames:%v}", a.SDKAppID, a.Admin, a.LegacyNames)
}

// GoString is String, for %#v.
func (a App) GoString() string { return a.String() }

// LogValue keeps the SecretKey out of slog's JSON handler.
func (a App) LogValue() slog.Value {
	return slog.GroupValue(slog.Uint64("sdk_app_id", a.SDKAppID), slog.String("admin", a.Admin), slog.Bool("legacy_names", a.LegacyNames))
}

// Emulator is an http.Handler for /v4/<service>/<command>.
type Emulator struct {
	env  *emucore.Env
	mu   sync.Mutex
	apps map[uint64]*appState
	// stirred numbers the users Stir makes join.
	stirred int
}

// New returns an emulator with no apps.
func New(env *emucore.Env) *Emulator {
	return &Emulator{env: env, apps: map[uint64]*appState{}}
}

// AddApp adds an app, or replaces an app's credentials and keeps its data.
func (e *Emulator) AddApp(a App) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.app(a.SDKAppID).App = a
}

// apiErr is a failure answered in the envelope.
type apiErr struct {
	code int
	info string
}

func fail(code int, info string) *apiErr { return &apiErr{code: code, info: info} }

// Codes the emulator answers (REST API common, group, live and sns codes).
const (
	codeBadURL        = 60002 // HTTP/URL parse error
	codeEcho          = 91000 // the Echo fault's: no table lists it, so quell shows its message
	codeBadJSON       = 60003
	codeRateLimit     = 60007 // REST API call rate limit exceeded
	codeUnknownPath   = 60009 // request resource error
	codeNeedAdmin     = 60010
	codeNoSDKAppID    = 60012
	codeEmptySig      = 70002
	codeUnknownApp    = 70020
	codeInternal      = 70500
	codeBadCommand    = 10003
	codeGroupParam    = 10004
	codeTooMany       = 10005
	codeNoPermission  = 10007
	codeGroupGone     = 10010
	codeNoSuchGroup   = 10015
	codeLiveParam     = 100002
	codeNoSuchRoom    = 100004
	codeSNSParam      = 30001 // also "already / not in the blocklist" per item
	codeBlocklistFull = 30013 // ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT (https://cloud.tencent.com/document/product/269/1671); 30010 is the friend list's
)

// handler serves one command for an authenticated app, under e.mu.
type handler func(e *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr)

type route struct {
	perSecond int
	fn        handler
}

// routes by "service/command"; rates per SDKAppID as documented.
var routes = map[string]route{
	"group_open_http_svc/get_appid_group_list":    {1, getAppIDGroupList},
	"group_open_http_svc/get_group_info":          {200, getGroupInfo},
	"group_open_http_svc/get_group_member_info":   {200, getGroupMemberInfo},
	"group_open_http_svc/get_group_muted_account": {200, getGroupMutedAccount},
	"group_open_http_svc/forbid_send_msg":         {200, forbidSendMsg},
	"group_open_http_svc/delete_group_member":     {200, deleteGroupMember},
	"group_open_http_svc/destroy_group":           {200, destroyGroup},
	"group_open_http_svc/modify_group_base_info":  {200, modifyGroupBaseInfo},
	"group_open_http_svc/ban_group_member":        {200, banGroupMember},
	"group_open_http_svc/unban_group_member":      {200, unbanGroupMember},
	"group_open_http_svc/get_group_ban_member":    {200, getGroupBanMember},
	"group_open_avchatroom_http_svc/get_members":  {200, avGetMembers},
	"live_engine_http_srv/get_room_list":          {10, getRoomList},
	"live_engine_http_srv/get_room_info":          {200, getRoomInfo},
	"live_engine_http_srv/get_member_list":        {200, getMemberList},
	"live_engine_http_srv/get_muted_member_list":  {200, getMutedMemberList},
	"live_engine_http_srv/mute_member":            {200, muteMember},
	"live_engine_http_srv/ban_member":             {200, banMember},
	"live_engine_http_srv/unban_member":           {200, unbanMember},
	"live_engine_http_srv/get_banned_member_list": {200, getBannedMemberList},
	"live_engine_http_srv/destroy_room":           {200, destroyRoom},
	"live_engine_http_srv/update_room_info":       {200, updateRoomInfo},
	"sns/black_list_add":                          {200, blackListAdd},
	"sns/black_list_delete":                       {200, blackListDelete},
	"sns/black_list_get":                          {200, blackListGet},
	"sns/black_list_check":                        {200, blackListCheck},
}

const svcLive = "live_engine_http_srv"

// ServeHTTP answers one REST call, always with HTTP 200 and the envelope.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	service, command, ok := splitPath(r.URL.Path)
	if !ok {
		e.reply(w, "", "", nil, fail(codeUnknownPath, "request resource error: want /v4/<service>/<command>"))
		return
	}
	e.env.Rec.Call(vendor, command)
	payload, aerr := e.serve(r, service, command)
	if aerr != nil {
		e.env.Rec.Reject(vendor, command, strconv.Itoa(aerr.code))
	}
	e.reply(w, service, command, payload, aerr)
}

func splitPath(p string) (service, command string, ok bool) {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 3 || parts[0] != "v4" || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

func (e *Emulator) serve(r *http.Request, service, command string) (any, *apiErr) {
	if r.Method != http.MethodPost {
		return nil, fail(codeBadURL, "HTTP parse error: use POST")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return nil, fail(codeBadURL, "HTTP parse error: body unreadable")
	}
	now := e.env.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	a, aerr := e.authenticate(r, now)
	if aerr != nil {
		return nil, aerr
	}
	rt, ok := routes[service+"/"+command]
	if !ok {
		if service == "group_open_http_svc" {
			return nil, fail(codeBadCommand, "invalid command name: "+command)
		}
		return nil, fail(codeUnknownPath, "request resource error: unknown API "+service+"/"+command)
	}
	if e.env.InBurst(now) || !e.env.Win.Allow("chat/"+appKey(a.SDKAppID)+"/"+command, rt.perSecond, now) {
		return nil, fail(codeRateLimit, "REST API call frequency exceeds the limit of "+strconv.Itoa(rt.perSecond)+"/s")
	}
	if e.env.InjectError() {
		e.env.Rec.Fault("error")
		return nil, fail(codeInternal, "internal server error (injected)")
	}
	if echo, ok := e.env.Echo(r); ok {
		return nil, fail(codeEcho, echo)
	}
	if !json.Valid(body) {
		return nil, fail(codeBadJSON, "HTTP request JSON parse error")
	}
	if aerr := checkIDs(service, body); aerr != nil {
		return nil, aerr
	}
	return rt.fn(e, a, now, body)
}

// authenticate checks the query and the UserSig in the server's order.
func (e *Emulator) authenticate(r *http.Request, now time.Time) (*appState, *apiErr) {
	q := r.URL.Query()
	idText := q.Get("sdkappid")
	if idText == "" {
		return nil, fail(codeNoSDKAppID, "REST API needs the SDKAppID in the URL")
	}
	id, err := strconv.ParseUint(idText, 10, 64)
	if err != nil {
		return nil, fail(codeBadURL, "HTTP parse error: sdkappid is not a number")
	}
	a := e.apps[id]
	if a == nil || a.SecretKey == "" {
		return nil, fail(codeUnknownApp, "SDKAppID does not exist")
	}
	if q.Get("contenttype") != "json" {
		return nil, fail(codeBadURL, "HTTP parse error: contenttype must be json")
	}
	if _, err := strconv.ParseUint(q.Get("random"), 10, 32); err != nil {
		return nil, fail(codeBadURL, "HTTP parse error: random must be a 32-bit unsigned integer")
	}
	sig := q.Get("usersig")
	if sig == "" {
		return nil, fail(codeEmptySig, "UserSig is empty")
	}
	who, err := tencentchat.VerifyUserSig(sig, a.SecretKey, id, now)
	if err != nil {
		var se *tencentchat.SigError
		if errors.As(err, &se) {
			return nil, fail(se.Code, "UserSig check failed: "+se.Reason)
		}
		return nil, fail(tencentchat.CodeSigUnparsable, "UserSig check failed")
	}
	if who != q.Get("identifier") {
		return nil, fail(tencentchat.CodeSigWrongUser, "identifier differs from the one the UserSig was made for")
	}
	if who != a.Admin {
		return nil, fail(codeNeedAdmin, "the request needs the App administrator")
	}
	return a, nil
}

// reply writes the envelope; live payloads go under Response, the others at
// the top level.
func (e *Emulator) reply(w http.ResponseWriter, service, command string, payload any, aerr *apiErr) {
	out := map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "", "ErrorDisplay": "", "RequestId": e.env.RequestID()}
	if aerr != nil {
		out["ActionStatus"], out["ErrorCode"], out["ErrorInfo"] = "FAIL", aerr.code, aerr.info
	} else if payload != nil {
		if service == svcLive {
			out["Response"] = payload
		} else if m, ok := payload.(map[string]any); ok {
			for k, v := range m {
				out[k] = v
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(out)
}

func (e *Emulator) applied(a *appState, command, room, user string) {
	e.env.Rec.Applied(vendor, command, appKey(a.SDKAppID), room, user)
}
