package zego

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/quell-console/quell/backend"
)

// ZIM server API actions quell calls.
const (
	actQueryRoomUsers   = "QueryRoomUserList"
	actKickRoomUser     = "KickoutRoomUser"
	actDestroyRoom      = "DestroyRoom"
	actQueryGroupMember = "QueryGroupMemberList"
	actMuteGroupMembers = "MuteGroupMembers"
	actKickGroupUser    = "KickoutGroupUser"
	actDismissGroup     = "DismissGroup"
	actQueryBlacklist   = "QueryBlacklist"
	actAddBlacklist     = "AddUsersToBlacklist"
	actRemoveBlacklist  = "RemoveUsersFromBlacklist"
	actQueryAppGroups   = "QueryAppGroupList"
)

// readRate is the documented rate of a read-only action that is not the
// usual 20/s (providers.md §3): QueryAppGroupList allows 1 call a second
// (https://www.zegocloud.com/docs/zim-server/group/query-group-list-in-the-app).
var readRate = map[string]float64{actQueryAppGroups: 1}

// actionMethod is the HTTP method each action must use (providers.md §3).
var actionMethod = map[string]string{
	actQueryRoomUsers:   http.MethodGet,
	actKickRoomUser:     http.MethodGet,
	actDestroyRoom:      http.MethodGet,
	actQueryGroupMember: http.MethodPost,
	actMuteGroupMembers: http.MethodGet,
	actKickGroupUser:    http.MethodPost,
	actDismissGroup:     http.MethodGet,
	actQueryBlacklist:   http.MethodGet,
	actAddBlacklist:     http.MethodPost,
	actRemoveBlacklist:  http.MethodPost,
	actQueryAppGroups:   http.MethodGet,
}

// query is an ordered list of query parameters. url.Values would sort the
// keys and percent-encode the brackets of array names; ZEGO documents
// `UserId[]=a&UserId[]=b`, so quell sends exactly that.
type query []param

type param struct{ key, value string }

func (q *query) add(k, v string) { *q = append(*q, param{k, v}) }

// addArray adds one `name[]=v` pair per value.
func (q *query) addArray(name string, vs []string) {
	for _, v := range vs {
		q.add(name+"[]", v)
	}
}

func (q query) encode() string {
	var b strings.Builder
	for i, p := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		if base, ok := strings.CutSuffix(p.key, "[]"); ok {
			b.WriteString(url.QueryEscape(base))
			b.WriteString("[]")
		} else {
			b.WriteString(url.QueryEscape(p.key))
		}
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

// reply is ZEGO's answer envelope; ZIM payloads sit beside it at top level.
type reply struct {
	Code      int64
	Message   string
	RequestID string
	status    int
	raw       []byte
}

// flexString decodes a JSON string or number (RequestId has been seen as both).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	*f = flexString(b)
	return nil
}

// flexInt decodes a JSON number or a numeric string.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %.40q", s)
	}
	*f = flexInt(n)
	return nil
}

type envelope struct {
	Code      *flexInt   `json:"Code"`
	Message   string     `json:"Message"`
	RequestID flexString `json:"RequestId"`
}

// roundTrip signs and sends one request. Each call makes a new nonce,
// timestamp and signature, so a retry is never a replay. It returns an error
// only when no ZEGO envelope came back; a ZEGO error code is in reply.Code.
func (c *Client) roundTrip(ctx context.Context, action string, biz query, body any) (*reply, error) {
	r, err := c.exchange(ctx, action, biz, body)
	return r, backend.Redacted(err, c.secrets.String)
}

// exchange is one signed request and its answer, with the ServerSecret,
// the signature and the nonce redacted from the answer in every encoding a
// proxy or ZEGO might echo them (a gateway page quoting the URL, a Message
// quoting the query). ZEGO's signature covers neither the action nor its
// parameters: a leaked one would authorise any call for ten minutes.
func (c *Client) exchange(ctx context.Context, action string, biz query, body any) (*reply, error) {
	method := actionMethod[action]
	ts := c.deps.Now().Unix()
	nonce := c.nonce()
	sig := Sign(c.opts.AppID, nonce, c.opts.ServerSecret, ts)
	c.deps.Secrets.AddRecent(sig, nonce)
	q := query{{"Action", action}, {"AppId", strconv.FormatUint(c.opts.AppID, 10)},
		{"SignatureNonce", nonce}, {"Timestamp", strconv.FormatInt(ts, 10)},
		{"Signature", sig}, {"SignatureVersion", "2.0"}}
	var rdr io.Reader
	if method == http.MethodGet {
		q = append(q, biz...)
	} else {
		js, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("zego %s: encoding body: %w", action, err)
		}
		rdr = bytes.NewReader(js)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint+"?"+q.encode(), rdr)
	if err != nil {
		// A parse error quotes the whole URL, signature included: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("zego %s: %w", action, err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.deps.HTTP.Do(req)
	if err != nil {
		// url.Error repeats the URL, which carries the signature: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("zego %s: %w", action, err)
	}
	defer resp.Body.Close()
	raw, err := backend.ReadAnswer(resp.Body, backend.MaxAnswerBytes)
	if err != nil {
		if ve := backend.AnswerTooLarge(backend.Zego, action, err); ve != nil {
			return nil, ve
		}
		return nil, fmt.Errorf("zego %s: reading answer: %w", action, err)
	}
	// Built once the answer is in, not between the pacer and the send.
	secrets := c.secrets.With(sig, nonce)
	raw = secrets.Bytes(raw)
	var env envelope
	if jerr := json.Unmarshal(raw, &env); jerr != nil || env.Code == nil {
		if resp.StatusCode != http.StatusOK {
			return nil, &backend.HTTPStatusError{Call: action, Status: resp.StatusCode, Body: head(raw)}
		}
		return nil, &backend.VendorError{Provider: backend.Zego, Call: action, Code: "bad-answer",
			Message: head(raw), Meaning: "ZEGO answered with something that is not its JSON envelope",
			NextStep: "check endpoint in the config", HTTPStatus: resp.StatusCode}
	}
	// Decoding can undo an escape no encoding listed: redact the text again.
	return &reply{Code: int64(*env.Code), Message: secrets.String(env.Message), RequestID: secrets.String(string(env.RequestID)),
		status: resp.StatusCode, raw: raw}, nil
}

func head(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}

// err is the reply as a VendorError, nil for Code 0.
func (r *reply) err(action string) error {
	if r.Code == codeOK {
		return nil
	}
	return vendorError(action, r.Code, r.Message, r.RequestID, r.status)
}

func (r *reply) decode(action string, out any) error {
	if err := json.Unmarshal(r.raw, out); err != nil {
		return &backend.VendorError{Provider: backend.Zego, Call: action, Code: "bad-answer", RequestID: r.RequestID,
			Message: err.Error(), Meaning: "ZEGO's answer did not have the documented fields", NextStep: "report it with the RequestId"}
	}
	return nil
}

// read makes a paced read-only call and retries the vendor's transient
// answers as backend.ReadPolicy says (actions are retried by the engine).
// Each attempt is paced, and signed afresh by roundTrip.
func (c *Client) read(ctx context.Context, action string, biz query, body any) (*reply, error) {
	rate := 20.0
	if r, ok := readRate[action]; ok {
		rate = r
	}
	pace := func(ctx context.Context) error { return c.deps.Pacer.Wait(ctx, c.opts.Name, action, "", rate) }
	var r *reply
	err := c.deps.Reads.Do(ctx, pace, func(ctx context.Context) error {
		var err error
		if r, err = c.roundTrip(ctx, action, biz, body); err != nil {
			return err
		}
		if r.Code == codeRoomEmptying { // not an error: the room is closing
			return nil
		}
		return r.err(action)
	})
	return r, err
}
