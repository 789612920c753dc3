package chatemu

import (
	"time"
)

const (
	maxBlockBatch = 1000 // To_Account per call and MaxLimited
	maxBlocklist  = 1000 // entries one user's blocklist holds
)

type snsBatch struct {
	From_Account string
	To_Account   []string
}

// snsCheck is black_list_check's body: the batch and its CheckType.
type snsCheck struct {
	From_Account string
	To_Account   []string
	CheckType    string
}

func readSNSBatch(body []byte) (*snsBatch, *apiErr) {
	var in snsBatch
	if err := decode(body, &in, codeSNSParam, "From_Account", "To_Account"); err != nil {
		return nil, err
	}
	return checkSNSBatch(&in)
}

func checkSNSBatch(in *snsBatch) (*snsBatch, *apiErr) {
	switch {
	case in.From_Account == "":
		return nil, fail(codeSNSParam, "From_Account is missing")
	case len(in.To_Account) == 0:
		return nil, fail(codeSNSParam, "To_Account is empty")
	case len(in.To_Account) > maxBlockBatch:
		return nil, fail(codeSNSParam, "To_Account holds at most 1000 accounts")
	}
	return in, nil
}

// result is one ResultItem; failures also go into Fail_Account, as the
// docs' sample does even for "already in the list".
type snsResults struct {
	items []map[string]any
	fail  []string
}

func (s *snsResults) add(user string, code int, info string) {
	s.items = append(s.items, map[string]any{"To_Account": user, "ResultCode": code, "ResultInfo": info})
	if code != 0 {
		s.fail = append(s.fail, user)
	}
}

func (s *snsResults) answer() map[string]any {
	out := map[string]any{"ResultItem": orEmpty(s.items)}
	if len(s.fail) > 0 {
		out["Fail_Account"] = s.fail
	}
	return out
}

func blackListAdd(e *Emulator, a *appState, now time.Time, body []byte) (any, *apiErr) {
	in, aerr := readSNSBatch(body)
	if aerr != nil {
		return nil, aerr
	}
	bl := a.black[in.From_Account]
	if bl == nil {
		bl = &blocklist{since: map[string]int64{}}
		a.black[in.From_Account] = bl
	}
	var res snsResults
	for _, u := range in.To_Account {
		switch _, dup := bl.since[u]; {
		case u == in.From_Account:
			res.add(u, codeSNSParam, "Err_SNS_BlackListAdd_Invalid_Param: cannot block oneself")
		case dup:
			res.add(u, codeSNSParam, "Err_SNS_BlackListAdd_Already_Exist")
		case len(bl.order) >= maxBlocklist:
			res.add(u, codeBlocklistFull, "Err_SNS_BlackListAdd_Count_Exceed: the blocklist holds at most 1000")
		default:
			bl.order = append(bl.order, u)
			bl.since[u] = now.Unix()
			res.add(u, 0, "")
			e.applied(a, "black_list_add", in.From_Account, u)
		}
	}
	return res.answer(), nil
}

func blackListDelete(e *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	in, aerr := readSNSBatch(body)
	if aerr != nil {
		return nil, aerr
	}
	bl := a.black[in.From_Account]
	var res snsResults
	for _, u := range in.To_Account {
		if bl == nil {
			res.add(u, codeSNSParam, "Err_SNS_BlackListDelete_Not_Exist")
			continue
		}
		if _, ok := bl.since[u]; !ok {
			res.add(u, codeSNSParam, "Err_SNS_BlackListDelete_Not_Exist")
			continue
		}
		delete(bl.since, u)
		bl.order = without(bl.order, u)
		res.add(u, 0, "")
		e.applied(a, "black_list_delete", in.From_Account, u)
	}
	return res.answer(), nil
}

func blackListGet(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var in struct {
		From_Account                         string
		StartIndex, MaxLimited, LastSequence int
	}
	if err := decode(body, &in, codeSNSParam, "From_Account", "StartIndex", "MaxLimited", "LastSequence"); err != nil {
		return nil, err
	}
	if in.From_Account == "" || in.StartIndex < 0 || in.MaxLimited <= 0 || in.MaxLimited > maxBlockBatch {
		return nil, fail(codeSNSParam, "From_Account, StartIndex ≥ 0 and MaxLimited 1..1000 are required")
	}
	var order []string
	var since map[string]int64
	if bl := a.black[in.From_Account]; bl != nil {
		order, since = bl.order, bl.since
	}
	items := []map[string]any{}
	i := in.StartIndex
	for ; i < len(order) && len(items) < in.MaxLimited; i++ {
		items = append(items, map[string]any{"To_Account": order[i], "AddBlackTimeStamp": since[order[i]]})
	}
	next := 0
	if i < len(order) {
		next = i
	}
	return map[string]any{"BlackListItem": items, "StartIndex": next, "CurruentSequence": len(order)}, nil
}

func blackListCheck(_ *Emulator, a *appState, _ time.Time, body []byte) (any, *apiErr) {
	var chk snsCheck
	if err := decode(body, &chk, codeSNSParam, "From_Account", "To_Account", "CheckType"); err != nil {
		return nil, err
	}
	switch chk.CheckType {
	case "BlackCheckResult_Type_Both", "BlackCheckResult_Type_Single":
	default:
		return nil, fail(codeSNSParam, `CheckType must be "BlackCheckResult_Type_Both" or "BlackCheckResult_Type_Single"`)
	}
	in, aerr := checkSNSBatch(&snsBatch{From_Account: chk.From_Account, To_Account: chk.To_Account})
	if aerr != nil {
		return nil, aerr
	}
	blocked := func(owner, u string) bool {
		bl := a.black[owner]
		if bl == nil {
			return false
		}
		_, ok := bl.since[u]
		return ok
	}
	items := []map[string]any{}
	for _, u := range in.To_Account {
		rel := "BlackCheckResult_Type_NO"
		ab, ba := blocked(in.From_Account, u), blocked(u, in.From_Account)
		switch {
		case ab && ba:
			rel = "BlackCheckResult_Type_BothWay"
		case ab:
			rel = "BlackCheckResult_Type_AWithB"
		case ba && chk.CheckType == "BlackCheckResult_Type_Both":
			rel = "BlackCheckResult_Type_BWithA"
		}
		items = append(items, map[string]any{"To_Account": u, "Relation": rel, "ResultCode": 0, "ResultInfo": ""})
	}
	return map[string]any{"BlackListCheckItem": items}, nil
}
