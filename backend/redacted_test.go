package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestRedactedReachesEveryVendorTextInTheChain(t *testing.T) {
	clean := func(s string) string { return strings.ReplaceAll(s, "SIG", "[redacted]") }
	ve := &VendorError{Provider: TRTC, Call: "c", Code: "SIG", Message: "echo SIG", RequestID: "r-SIG"}
	he := &HTTPStatusError{Call: "c", Status: 502, Body: "page SIG"}
	cause := context.DeadlineExceeded
	err := Redacted(fmt.Errorf("wrapped: %w", errors.Join(ve, he, fmt.Errorf("Post \"http://x/?usersig=SIG\": %w", cause))), clean)
	if strings.Contains(err.Error(), "SIG") || strings.Contains(ve.Message+ve.Code+ve.RequestID+he.Body, "SIG") {
		t.Errorf("secret left: %q %+v %+v", err, ve, he)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ve) {
		t.Error("errors.Is/As must still see the chain")
	}
	if Redacted(nil, clean) != nil {
		t.Error("nil must stay nil")
	}
}

func TestPlanRedactingCleansEachUsersFailure(t *testing.T) {
	p := &Plan{Exec: func(context.Context, []string) BatchResult {
		return BatchResult{RequestID: "SIG", Err: errors.New("call SIG"), Failed: map[string]*VendorError{"u": {Message: "user SIG"}}}
	}}
	res := p.Redacting(func(s string) string { return strings.ReplaceAll(s, "SIG", "x") }).Exec(context.Background(), nil)
	if res.RequestID != "x" || res.Err.Error() != "call x" || res.Failed["u"].Message != "user x" {
		t.Errorf("not redacted: %+v %v", res, res.Failed["u"])
	}
	var nilPlan *Plan
	if nilPlan.Redacting(strings.ToUpper) != nil {
		t.Error("a nil plan must stay nil")
	}
}
