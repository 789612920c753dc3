// Package trtcemu emulates Tencent Cloud TRTC's API 3.0 room management on
// loopback: TC3 signatures checked by its own code, the documented batch and
// rate limits, Tencent's error codes, and rooms whose members come and go.
package trtcemu

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/quell-console/quell/backend/emulator/emucore"
)

const (
	apiVersion = "2019-07-22"
	perSecond  = 20 // every served action's documented rate per SecretId
	maxBody    = 1 << 20
	maxTraceID = 128 // a UUID is 36; anything far longer is not echoed
)

// regions where TRTC room management is served.
var regions = map[string]bool{"ap-beijing": true, "ap-guangzhou": true, "ap-singapore": true}

// App is one TRTC application and the API key that may manage it.
type App struct {
	SDKAppID    uint64
	SecretID    string
	SecretKey   string
	StringRooms bool // rooms have string IDs (the *ByStrRoomId actions)
}

// Emulator is an http.Handler speaking TRTC API 3.0.
type Emulator struct {
	env *emucore.Env

	mu      sync.Mutex
	apps    map[uint64]*app
	secrets map[string]string // SecretId → SecretKey
}

// New returns an emulator with no apps.
func New(env *emucore.Env) *Emulator {
	return &Emulator{env: env, apps: map[uint64]*app{}, secrets: map[string]string{}}
}

// AddApp registers an app (replacing one with the same SDKAppID).
func (e *Emulator) AddApp(a App) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.apps[a.SDKAppID] = &app{App: a, open: map[string]*call{}, lastCreate: map[string]int64{}}
	e.secrets[a.SecretID] = a.SecretKey
}

func (e *Emulator) secretKey(id string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	k, ok := e.secrets[id]
	return k, ok
}

// ServeHTTP answers one API 3.0 request. Like Tencent, it answers HTTP 200
// with the {"Response":{...}} envelope, errors included.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	action := r.Header.Get("X-TC-Action")
	e.env.Rec.Call("trtc", action)
	reqID := e.env.RequestID()
	// The rate window counts a request when it reaches the server ("限频的时间
	// 窗口是以请求到达服务器的时间计算", https://cloud.tencent.com/document/product/1278/109059),
	// so the clock is read before the body, not after.
	out, apiErr := e.serve(r, action, e.env.Now())
	if apiErr != nil {
		e.env.Rec.Reject("trtc", action, apiErr.Code)
		out = map[string]any{"Error": map[string]string{"Code": apiErr.Code, "Message": apiErr.Message}}
	}
	out["RequestId"] = reqID
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-TC-RequestId", reqID)
	// Tencent's gateway echoes the client's trace ID; the Node SDK reads it
	// back into its errors (tencentcloud-sdk-nodejs
	// src/common/abstract_client.ts parseResponse: res.headers.get("x-tc-traceid")).
	if trace := r.Header.Get("X-TC-TraceId"); trace != "" && len(trace) <= maxTraceID {
		w.Header().Set("X-TC-TraceId", trace)
	}
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": out})
}

// serve runs the checks in the order Tencent's gateway does: transport,
// signature, common parameters, then the action's own parameters, the app,
// the rate limit, and finally the action.
func (e *Emulator) serve(r *http.Request, action string, now time.Time) (map[string]any, *apiError) {
	if r.Method != http.MethodPost {
		return nil, errf("UnsupportedProtocol", "Only POST with a JSON body is supported by this emulator, got %s.", r.Method)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		return nil, errf("InvalidParameter", "The request body could not be read or is too large.")
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return nil, errf("InvalidParameter", "Content-Type must be exactly application/json, got %q.", ct)
	}
	secretID, code, msg := e.verify(r, body, now)
	if code != "" {
		return nil, &apiError{Code: code, Message: msg}
	}
	if v := r.Header.Get("X-TC-Version"); v != apiVersion {
		return nil, errf("NoSuchVersion", "The API version `%s` does not exist for trtc.", v)
	}
	region := r.Header.Get("X-TC-Region")
	if region == "" {
		return nil, errf("MissingParameter", "The request is missing the X-TC-Region header.")
	}
	if !regions[region] {
		return nil, errf("UnsupportedRegion", "The action does not support the region `%s`.", region)
	}
	if _, ok := schemas[action]; !ok {
		return nil, errf("InvalidAction", "The action `%s` is not found for trtc %s.", action, apiVersion)
	}
	if e.env.InjectError() {
		e.env.Rec.Fault("error")
		return nil, errf("InternalError", "An internal error has occurred. Retry your request.")
	}
	if echo, ok := e.env.Echo(r); ok {
		// A code quell's table does not list, so the message is what a
		// moderator sees, as for any code quell does not know.
		return nil, &apiError{Code: "FailedOperation.EchoedRequest", Message: echo}
	}
	p, apiErr := decodeParams(action, body)
	if apiErr != nil {
		return nil, apiErr
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.apps[p.ints["SdkAppId"]]
	if a == nil {
		return nil, errf("FailedOperation.SdkAppIdNotExist", "SdkAppId %d does not exist.", p.ints["SdkAppId"])
	}
	if a.SecretID != secretID {
		return nil, errf("UnauthorizedOperation.SdkAppId", "This SecretId has no permission on SdkAppId %d.", a.SDKAppID)
	}
	// API 3.0 counts per API + access region + (sub-)account key ("API +
	// 接入地域 + 子账号", https://cloud.tencent.com/document/product/1278/109059),
	// not per app: two apps on one SecretId share each action's 20/s. This
	// server is one access region (the region the endpoint resolves to, not
	// X-TC-Region), so the key is the SecretId and the action.
	if e.env.InBurst(now) || !e.env.Win.Allow("trtc/"+secretID+"/"+action, perSecond, now) {
		return nil, errf("RequestLimitExceeded", "Your requests of %s exceed the frequency limit of %d per second.", action, perSecond)
	}
	return e.handle(a, action, p, now)
}
