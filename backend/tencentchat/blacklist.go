package tencentchat

import (
	"context"
	"strings"

	"github.com/quell-console/quell/backend"
)

const blacklistBatch = 1000 // black_list_add / _delete To_Account and black_list_get MaxLimited maximum

type blacklistAnswer struct {
	BlackListItem []struct {
		To_Account        string
		AddBlackTimeStamp int64
	}
	StartIndex       int
	CurruentSequence int64 // [sic], the vendor's spelling
	CurrentSequence  int64 // in case the spelling is ever fixed
}

// ListBlacklist lists owner's blocklist (black_list_get, StartIndex paging).
func (c *Client) ListBlacklist(ctx context.Context, owner string) ([]backend.BlacklistEntry, error) {
	if err := checkOwner(owner); err != nil {
		return nil, err
	}
	var out []backend.BlacklistEntry
	listed := map[string]bool{}
	start := 0
	for range maxPages {
		var a blacklistAnswer
		in := map[string]any{"From_Account": owner, "StartIndex": start, "MaxLimited": blacklistBatch, "LastSequence": 0}
		if err := c.read(ctx, svcSNS, "black_list_get", rateDefault, in, &a); err != nil {
			return nil, err
		}
		for _, b := range a.BlackListItem {
			if listed[b.To_Account] { // StartIndex paging shifts when entries change
				continue
			}
			listed[b.To_Account] = true
			out = append(out, backend.BlacklistEntry{Owner: owner, UserID: b.To_Account, Since: unixTime(b.AddBlackTimeStamp)})
		}
		if a.StartIndex <= start || len(a.BlackListItem) == 0 {
			break
		}
		start = a.StartIndex
	}
	return out, nil
}

func ownerError() error {
	return &backend.InputError{Field: "owner", Problem: "missing", Fix: "name the user whose blacklist to use (--owner USER)"}
}

type blacklistEditAnswer struct {
	ResultItem []struct {
		To_Account string
		ResultCode int
		ResultInfo string
	}
	Fail_Account []string
}

// codeBlacklistNoop is the per-user ResultCode the docs give for "already in
// the blocklist" (black_list_add sample: 30001 Err_SNS_BlackListAdd_Already_Exist)
// and for "not in the blocklist" (FAQ on 30001). The same code also means
// "invalid parameter", so it counts as done unless ResultInfo names a
// parameter problem. Unsure: the docs give no other code for these cases.
const codeBlacklistNoop = 30001

func blacklistNoop(code int, info string) bool {
	if code != codeBlacklistNoop {
		return false
	}
	l := strings.ToLower(info)
	return !strings.Contains(l, "param") && !strings.Contains(l, "invalid")
}

// blacklistExec makes one black_list_add / black_list_delete call.
func (c *Client) blacklistExec(command, owner string) func(ctx context.Context, users []string) backend.BatchResult {
	return func(ctx context.Context, users []string) backend.BatchResult {
		var a blacklistEditAnswer
		rid, err := c.call(ctx, svcSNS, command, map[string]any{"From_Account": owner, "To_Account": users}, &a)
		if err != nil {
			return backend.BatchResult{RequestID: rid, Err: err}
		}
		// The answer is the vendor's text: an item for an account this call
		// did not name is dropped, not reported as some user's failure.
		sent := make(map[string]bool, len(users))
		for _, u := range users {
			sent[u] = true
		}
		failed := map[string]*backend.VendorError{}
		for _, it := range a.ResultItem {
			if !sent[it.To_Account] || it.ResultCode == 0 || blacklistNoop(it.ResultCode, it.ResultInfo) {
				continue
			}
			failed[it.To_Account] = vendorError(command, it.ResultCode, it.ResultInfo, "", rid)
		}
		// Fail_Account without a ResultItem still fails the user.
		for _, u := range a.Fail_Account {
			if _, ok := failed[u]; ok || !sent[u] || itemOK(a, u) {
				continue
			}
			failed[u] = vendorError(command, -1, "listed in Fail_Account", "", rid)
		}
		if len(failed) == 0 {
			failed = nil
		}
		return backend.BatchResult{RequestID: rid, Failed: failed}
	}
}

// itemOK reports whether u has a ResultItem that counts as done.
func itemOK(a blacklistEditAnswer, u string) bool {
	for _, it := range a.ResultItem {
		if it.To_Account == u {
			return it.ResultCode == 0 || blacklistNoop(it.ResultCode, it.ResultInfo)
		}
	}
	return false
}
