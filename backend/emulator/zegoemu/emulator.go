// Package zegoemu emulates the ZEGOCLOUD ZIM server API: the signed query
// string, the gateway's error codes, ZIM rooms, groups and blacklists, the
// per-call limits and the per-second rates, answering as ZEGO does. rtc.go
// adds the RTC server API's room actions on the same gateway.
package zegoemu

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

const vendor = "zego"

// Emulator is an http.Handler for requests carrying an Action parameter.
type Emulator struct {
	env  *emucore.Env
	mu   sync.Mutex
	apps map[uint64]*app
}

// New returns an emulator with no apps.
func New(env *emucore.Env) *Emulator {
	return &Emulator{env: env, apps: map[uint64]*app{}}
}

// Gateway and ZIM codes the emulator answers.
const (
	cOK             = 0
	cBusy           = 1
	cBadAppID       = 100000001
	cNoTimestamp    = 100000002
	cBadTimestamp   = 100000003
	cSigExpired     = 100000004
	cSigInvalid     = 100000005
	cEcho           = 100000099 // the Echo fault's: no table lists it, so quell shows its message
	cNoAction       = 100000006
	cBadAction      = 100000007
	cNoNonce        = 100000008
	cNoSignature    = 100000009
	cNoSecret       = 100000010
	cNoSigVersion   = 100000013
	cBadSigVersion  = 100000014
	cBadParam       = 660000002
	cTooManyUsers   = 660000011
	cBadUserID      = 660000012
	cRoomNotFound   = 660300001
	cNotInRoom      = 660300002
	cAppQPS         = 660300005
	cObjectQPS      = 660300006
	cRoomEmptying   = 660300008
	cGroupNotFound  = 660600001
	cNotRegistered  = 660700015
	cAlreadyBlocked = 660800037
	cBlockSelf      = 660800038
	cListTooLong    = 660800039
	cBlacklistFull  = 660800040
	cAddAllFailed   = 660800041
	cRemAllFailed   = 660800042
	cNotBlocked     = 660800043
)

// Per-action QPS codes and "not in the group", from ZEGO's global
// return-code table (https://www.zegocloud.com/docs/zim-server/return-codes).
// 660300006 (cObjectQPS) is the per-room/group limit (DismissGroup).
const (
	cGroupMemberQPS = 660600004 // QueryGroupMemberList over 20/s
	cKickGroupQPS   = 660600005 // KickoutGroupUser over 20/s
	cAppGroupQPS    = 660600007 // QueryAppGroupList over 1/s
	cNotInGroup     = 660600008 // KickoutGroupUser: the user is not in the group
)

// actionQPS are the actions whose documented limit or rate-limit code
// differs from the app-wide 20/s answered with 660300005 (providers.md §3;
// each action's page on zegocloud.com/docs/zim-server and the return-code
// table name the code).
var actionQPS = map[string]struct {
	perSecond int
	code      int64
}{
	"QueryGroupMemberList": {20, cGroupMemberQPS},
	"KickoutGroupUser":     {20, cKickGroupQPS},
	"QueryAppGroupList":    {1, cAppGroupQPS},
}

// signatureWindow is how far a request's Timestamp may be from the clock.
const signatureWindow = 10 * time.Minute

// actions maps each supported Action to its HTTP method and handler.
var actions = map[string]struct {
	method string
	handle func(e *Emulator, c *call) answer
}{
	"QueryRoomUserList":        {http.MethodGet, (*Emulator).queryRoomUsers},
	"KickoutRoomUser":          {http.MethodGet, (*Emulator).kickRoomUsers},
	"DestroyRoom":              {http.MethodGet, (*Emulator).destroyRoom},
	"QueryGroupMemberList":     {http.MethodPost, (*Emulator).queryGroupMembers},
	"MuteGroupMembers":         {http.MethodGet, (*Emulator).muteGroupMembers},
	"KickoutGroupUser":         {http.MethodPost, (*Emulator).kickGroupUsers},
	"DismissGroup":             {http.MethodGet, (*Emulator).dismissGroup},
	"QueryBlacklist":           {http.MethodGet, (*Emulator).queryBlacklist},
	"AddUsersToBlacklist":      {http.MethodPost, (*Emulator).addBlacklist},
	"RemoveUsersFromBlacklist": {http.MethodPost, (*Emulator).removeBlacklist},
	"CheckUsersIsInBlacklist":  {http.MethodPost, (*Emulator).checkBlacklist},
	"QueryAppGroupList":        {http.MethodGet, (*Emulator).queryAppGroups},
}

// answer is a reply: Code, Message and the action's payload fields.
type answer struct {
	code    int64
	message string
	fields  map[string]any
}

func ok(fields map[string]any) answer { return answer{code: cOK, message: "success", fields: fields} }
func fail(code int64, msg string) answer {
	return answer{code: code, message: msg}
}

// call is one authenticated request: its app and its business parameters,
// from the query (GET) or the JSON body (POST).
type call struct {
	action string
	app    *app
	now    time.Time
	query  url.Values
	body   map[string]json.RawMessage
}

// str is a scalar parameter; present is false when it is absent.
func (c *call) str(name string) (v string, present bool) {
	if c.body != nil {
		raw, ok := c.body[name]
		if !ok {
			return "", false
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, true
		}
		return strings.TrimSpace(string(raw)), true // a number
	}
	if vs, ok := c.query[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	return "", false
}

// list is an array parameter: `name[]=a&name[]=b` in a query (brackets
// plain or percent-encoded; url.Values has decoded both), a JSON array under
// name in a body. checkParams has refused every other spelling.
func (c *call) list(name string) ([]string, error) {
	if c.body != nil {
		raw, ok := c.body[name]
		if !ok {
			return nil, nil
		}
		var vs []string
		if err := json.Unmarshal(raw, &vs); err != nil {
			return nil, fmt.Errorf("%s must be an array of strings", name)
		}
		return vs, nil
	}
	return append([]string(nil), c.query[name+"[]"]...), nil
}

// integer is a numeric parameter with its default when absent.
func (c *call) integer(name string, def int64) (int64, error) {
	s, present := c.str(name)
	if !present || s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s must be an integer", name)
	}
	return n, nil
}

func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	action := q.Get("Action")
	name := action
	if _, known := actions[action]; !known {
		name = "(unknown)"
	}
	e.env.Rec.Call(vendor, name)
	ans := e.serve(r, q, action)
	if ans.code != cOK {
		e.env.Rec.Reject(vendor, name, strconv.FormatInt(ans.code, 10))
	}
	out := map[string]any{"Code": ans.code, "Message": ans.message, "RequestId": e.env.RequestID()}
	for k, v := range ans.fields {
		out[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(out)
}

func (e *Emulator) serve(r *http.Request, q url.Values, action string) answer {
	now := e.env.Now()
	a, ans := e.authenticate(q, now)
	if a == nil {
		return ans
	}
	switch spec, known := actions[action]; {
	case action == "":
		return fail(cNoAction, "Action is empty")
	case !known:
		return fail(cBadAction, "unsupported Action")
	case r.Method != spec.method:
		return paramCode(action, fail(cBadParam, fmt.Sprintf("%s must be sent with %s", action, spec.method)))
	}
	if rate, code := appLimit(action); e.env.InBurst(now) || !e.env.Win.Allow(fmt.Sprintf("zego/%d/%s", a.id, action), rate, now) {
		return fail(code, action+" QPS limit exceeded")
	}
	if e.env.InjectError() {
		e.env.Rec.Fault("error")
		return fail(cBusy, "server busy")
	}
	if echo, ok := e.env.Echo(r); ok {
		return fail(cEcho, echo)
	}
	c := &call{action: action, app: a, now: now, query: q}
	if r.Method == http.MethodPost {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			return fail(cBadParam, "POST body must be Content-Type application/json")
		}
		raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return fail(cBadParam, "unreadable body")
		}
		c.body = map[string]json.RawMessage{}
		if err := json.Unmarshal(raw, &c.body); err != nil || c.body == nil {
			return fail(cBadParam, "body is not a JSON object")
		}
	}
	if bad := checkParams(c, r.Method); bad != nil {
		return paramCode(action, *bad)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return actions[action].handle(e, c)
}

// authenticate checks the common parameters as ZEGO's gateway does.
func (e *Emulator) authenticate(q url.Values, now time.Time) (*app, answer) {
	appID, err := strconv.ParseUint(q.Get("AppId"), 10, 32)
	if err != nil {
		return nil, fail(cBadAppID, "AppId format error")
	}
	e.mu.Lock()
	a := e.apps[appID]
	e.mu.Unlock()
	if a == nil {
		return nil, fail(cNoSecret, "get ServerSecret failed")
	}
	tsText := q.Get("Timestamp")
	if tsText == "" {
		return nil, fail(cNoTimestamp, "Timestamp is empty")
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return nil, fail(cBadTimestamp, "Timestamp format error")
	}
	nonce, sig, ver := q.Get("SignatureNonce"), q.Get("Signature"), q.Get("SignatureVersion")
	switch {
	case nonce == "":
		return nil, fail(cNoNonce, "SignatureNonce is empty")
	case sig == "":
		return nil, fail(cNoSignature, "Signature is empty")
	case ver == "":
		return nil, fail(cNoSigVersion, "SignatureVersion is empty")
	case ver != "2.0":
		return nil, fail(cBadSigVersion, "unsupported SignatureVersion")
	case !hex16(nonce):
		return nil, fail(cSigInvalid, "SignatureNonce must be 16 hex characters")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > signatureWindow || d < -signatureWindow {
		return nil, fail(cSigExpired, "signature expired")
	}
	want := md5.Sum([]byte(strconv.FormatUint(appID, 10) + nonce + a.secret + tsText))
	if subtle.ConstantTimeCompare([]byte(hex.EncodeToString(want[:])), []byte(sig)) != 1 {
		return nil, fail(cSigInvalid, "signature error")
	}
	// A signed URL sent twice is a replay: ZEGO asks for a fresh nonce per
	// request, and so does the emulator.
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, seen := a.nonces[nonce]; seen {
		return nil, fail(cSigInvalid, "SignatureNonce already used")
	}
	if len(a.nonces) >= 1<<14 {
		for n, t := range a.nonces {
			if now.Sub(t) > 2*signatureWindow {
				delete(a.nonces, n)
			}
		}
	}
	a.nonces[nonce] = now
	return a, answer{}
}

func hex16(s string) bool {
	if len(s) != 16 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
