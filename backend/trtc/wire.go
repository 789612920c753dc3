package trtc

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/internal/redact"
)

// Request bodies: exactly the documented fields, in the documented JSON
// types, because API 3.0 rejects any field it does not know
// (UnknownParameter). Required fields carry no omitempty: PageNumber 0 is
// the first page and must be sent.

type setUserBlockedRequest struct {
	*tchttp.BaseRequest
	SdkAppId uint64 `json:"SdkAppId"`
	RoomId   uint64 `json:"RoomId"`
	UserId   string `json:"UserId"`
	IsMute   int    `json:"IsMute"`
}

// setUserBlockedByStrRoomIdRequest names its room StrRoomId, unlike every
// other string-room action.
type setUserBlockedByStrRoomIdRequest struct {
	*tchttp.BaseRequest
	SdkAppId  uint64 `json:"SdkAppId"`
	StrRoomId string `json:"StrRoomId"`
	UserId    string `json:"UserId"`
	IsMute    int    `json:"IsMute"`
}

type removeUserRequest struct {
	*tchttp.BaseRequest
	SdkAppId uint64   `json:"SdkAppId"`
	RoomId   uint64   `json:"RoomId"`
	UserIds  []string `json:"UserIds"`
}

type removeUserByStrRoomIdRequest struct {
	*tchttp.BaseRequest
	SdkAppId uint64   `json:"SdkAppId"`
	RoomId   string   `json:"RoomId"`
	UserIds  []string `json:"UserIds"`
}

type dismissRoomRequest struct {
	*tchttp.BaseRequest
	SdkAppId uint64 `json:"SdkAppId"`
	RoomId   uint64 `json:"RoomId"`
}

type dismissRoomByStrRoomIdRequest struct {
	*tchttp.BaseRequest
	SdkAppId uint64 `json:"SdkAppId"`
	RoomId   string `json:"RoomId"`
}

type describeRoomInfoRequest struct {
	*tchttp.BaseRequest
	SdkAppId   uint64  `json:"SdkAppId"`
	StartTime  uint64  `json:"StartTime"`
	EndTime    uint64  `json:"EndTime"`
	RoomId     *string `json:"RoomId,omitempty"` // optional filter
	PageNumber uint64  `json:"PageNumber"`
	PageSize   uint64  `json:"PageSize"`
}

type describeUserInfoRequest struct {
	*tchttp.BaseRequest
	CommId     string   `json:"CommId"`
	StartTime  uint64   `json:"StartTime"`
	EndTime    uint64   `json:"EndTime"`
	SdkAppId   uint64   `json:"SdkAppId"`
	UserIds    []string `json:"UserIds,omitempty"` // optional filter; nil = everyone
	PageNumber uint64   `json:"PageNumber"`
	PageSize   uint64   `json:"PageSize"`
}

// Answers. Every field a vendor may leave out or send as null is a pointer or
// a slice, so absence is not mistaken for zero.

type ackResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		RequestId string `json:"RequestId"`
	} `json:"Response"`
}

func (r *ackResponse) requestID() string {
	if r.Response == nil {
		return ""
	}
	return r.Response.RequestId
}

type roomState struct {
	CommId      string  `json:"CommId"`
	RoomString  string  `json:"RoomString"`
	CreateTime  *uint64 `json:"CreateTime"`
	DestroyTime *uint64 `json:"DestroyTime"`
	IsFinished  *bool   `json:"IsFinished"`
	UserId      string  `json:"UserId"`
}

type describeRoomInfoResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Total     *uint64     `json:"Total"`
		RoomList  []roomState `json:"RoomList"`
		RequestId string      `json:"RequestId"`
	} `json:"Response"`
}

type userInformation struct {
	RoomStr    string  `json:"RoomStr"`
	UserId     string  `json:"UserId"`
	JoinTs     *uint64 `json:"JoinTs"`
	LeaveTs    *uint64 `json:"LeaveTs"`
	DeviceType string  `json:"DeviceType"`
	SdkVersion string  `json:"SdkVersion"`
	ClientIp   string  `json:"ClientIp"`
	Finished   *bool   `json:"Finished"`
}

type describeUserInfoResponse struct {
	*tchttp.BaseResponse
	Response *struct {
		Total     *uint64           `json:"Total"`
		UserList  []userInformation `json:"UserList"` // may be null
		RequestId string            `json:"RequestId"`
	} `json:"Response"`
}

// base starts a request for action, bound to ctx.
func base(ctx context.Context, action string) *tchttp.BaseRequest {
	b := &tchttp.BaseRequest{}
	b.Init().WithApiInfo(service, apiVersion, action)
	b.SetContext(ctx)
	return b
}

// send makes one call and converts its error; it never retries.
func (c *Client) send(action string, req tchttp.Request, resp tchttp.Response) error {
	if err := c.sdk.Send(req, resp); err != nil {
		return backend.Redacted(convertError(action, err), c.secrets.String)
	}
	return nil
}

// statusTransport turns a non-200 answer into an error before the SDK reads
// it: Tencent answers API errors in HTTP 200, so anything else is a gateway
// failure (a 502 page), which the SDK would misreport as unparseable JSON.
type statusTransport struct {
	base    http.RoundTripper
	secrets *redact.Redactor // the key pair
	shared  *redact.Redactor // the process's, for the journal and the log
}

// RoundTrip also redacts the key pair, the request's signature and its
// whole Authorization header (which names the SecretId) wherever an answer
// echoes them, in any encoding (a proxy's page quoting the header, a
// Message quoting the request): the SDK copies an unparseable answer into
// its error message, and errors reach the screen, the journal and logs.
func (t statusTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	auth := r.Header.Get("Authorization")
	_, sig, _ := strings.Cut(auth, "Signature=")
	t.shared.AddRecent(auth, sig)
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	// Built once the answer is in, not between the pacer and the send: the
	// vendor counts arrivals, and work here would bunch them.
	secrets := t.secrets.With(auth, sig)
	if resp.StatusCode != http.StatusOK {
		// Read past what is kept, so a secret cut in half at the end is still whole when redacted.
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		return nil, &statusError{status: resp.StatusCode, body: string(secrets.Bytes(head))}
	}
	// The SDK reads the body whole by itself: bound it here, where quell
	// still holds it. A page of 100 users is a few KB.
	if resp.ContentLength > backend.MaxAnswerBytes {
		_ = resp.Body.Close()
		return nil, &backend.AnswerTooLargeError{Limit: backend.MaxAnswerBytes}
	}
	body, err := backend.ReadAnswer(resp.Body, backend.MaxAnswerBytes)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body = secrets.Bytes(body) // before any cut, so no secret is kept in part
	// The SDK decodes the answer into a pointer it then dereferences: a
	// bare `null` (or any non-object) from a broken endpoint would panic
	// inside it (TryReadErr, v1.3.209). Only a JSON object reaches it.
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] != '{' {
		return nil, &notEnvelopeError{head: string(trimmed[:min(len(trimmed), 120)])}
	}
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	return resp, nil
}

// notEnvelopeError is an answer in HTTP 200 that is not a JSON object, so
// not API 3.0's {"Response": ...}.
type notEnvelopeError struct{ head string }

func (e *notEnvelopeError) Error() string { return "answer is not TRTC's JSON envelope" }

type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return http.StatusText(e.status) }
