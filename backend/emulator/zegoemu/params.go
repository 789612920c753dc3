package zegoemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// paramKind is a business parameter's documented type.
type paramKind int

const (
	pString  paramKind = iota
	pInt               // a Number: a JSON integer in a body, decimal digits in a query
	pStrings           // Array of String: `Name[]=a&Name[]=b` in a query, a JSON array in a body
)

type paramSpec struct {
	name     string
	kind     paramKind
	required bool
}

// schemas are each action's business parameters, as providers.md §3 and
// ZEGO's API pages list them (KickoutGroupUser's optional CustomReason is on
// ZEGO's page, not in providers.md). The emulator refuses anything else with
// 660000002: ZEGO itself may ignore an unknown parameter, but a misspelt
// optional one (Nextflag, customReason) would then pass here silently and do
// nothing in production, so the emulator is stricter than the cloud on
// purpose.
var schemas = map[string][]paramSpec{
	"QueryRoomUserList": {{"RoomId", pString, true}, {"Mode", pInt, false}, {"NextFlag", pString, false}, {"Limit", pInt, false}},
	"KickoutRoomUser":   {{"RoomId", pString, true}, {"UserId", pStrings, true}, {"CustomReason", pString, false}},
	"DestroyRoom":       {{"RoomId", pString, true}},
	"QueryGroupMemberList": {
		{"GroupId", pString, true}, {"Limit", pInt, false}, {"Next", pInt, false},
	},
	"MuteGroupMembers": {
		{"FromUserId", pString, true}, {"GroupId", pString, true}, {"UserIds", pStrings, true}, {"Duration", pInt, false},
	},
	"KickoutGroupUser": {
		{"FromUserId", pString, true}, {"GroupId", pString, true}, {"UserId", pStrings, true}, {"CustomReason", pString, false},
	},
	"DismissGroup":             {{"FromUserId", pString, true}, {"GroupId", pString, true}},
	"QueryBlacklist":           {{"FromUserId", pString, true}, {"Limit", pInt, false}, {"Next", pInt, false}},
	"AddUsersToBlacklist":      {{"FromUserId", pString, true}, {"UserIds", pStrings, true}},
	"RemoveUsersFromBlacklist": {{"FromUserId", pString, true}, {"UserIds", pStrings, true}},
	"CheckUsersIsInBlacklist":  {{"FromUserId", pString, true}, {"UserIds", pStrings, true}},
	"QueryAppGroupList":        {{"Limit", pInt, false}, {"Next", pInt, false}},
}

// commonParams travel in the query of every request, GET or POST.
var commonParams = map[string]bool{
	"Action": true, "AppId": true, "SignatureNonce": true, "Timestamp": true, "Signature": true, "SignatureVersion": true,
}

// checkParams holds the request to its action's schema: only documented
// names, in the documented place (query for GET, JSON body for POST), with
// the documented types, each scalar once, the required ones present. It runs
// before any handler, so a handler never sees a parameter it did not expect.
func checkParams(c *call, method string) *answer {
	spec := map[string]paramSpec{}
	for _, p := range schemas[c.action] {
		spec[p.name] = p
	}
	bad := func(format string, args ...any) *answer {
		a := fail(cBadParam, fmt.Sprintf(format, args...))
		return &a
	}
	seen := map[string]bool{}
	for _, k := range sortedKeys(c.query) {
		if commonParams[k] {
			if len(c.query[k]) > 1 {
				return bad("%s is given more than once", k)
			}
			continue
		}
		if method == http.MethodPost {
			return bad("%s must be in the JSON body of a POST, not in the query", k)
		}
		base, isArray := strings.CutSuffix(k, "[]")
		p, known := spec[base]
		switch {
		case !known:
			return bad("unknown parameter %s", k)
		case isArray != (p.kind == pStrings) && p.kind == pStrings:
			return bad("%s is an array: send it as %s[]=a&%s[]=b", base, base, base)
		case isArray != (p.kind == pStrings):
			return bad("%s is not an array: send it as %s=value", base, base)
		case p.kind != pStrings && len(c.query[k]) > 1:
			return bad("%s is given more than once", k)
		case p.kind == pInt:
			if _, err := strconv.ParseInt(c.query[k][0], 10, 64); err != nil {
				return bad("%s must be an integer", base)
			}
		}
		seen[base] = true
	}
	if method == http.MethodPost {
		for _, k := range sortedKeys(c.body) {
			p, known := spec[k]
			if !known {
				return bad("unknown parameter %s", k)
			}
			if !jsonIs(c.body[k], p.kind) {
				return bad("%s must be a JSON %s", k, kindName(p.kind))
			}
			seen[k] = true
		}
	}
	for _, p := range schemas[c.action] {
		if p.required && !seen[p.name] {
			return bad("%s is required", p.name)
		}
	}
	return nil
}

// jsonIs reports whether raw is a JSON value of kind: a string, an integer
// literal (not "10", not 10.0), or an array of strings.
func jsonIs(raw json.RawMessage, kind paramKind) bool {
	s := strings.TrimSpace(string(raw))
	switch kind {
	case pString:
		var v string
		return strings.HasPrefix(s, `"`) && json.Unmarshal(raw, &v) == nil
	case pInt:
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	}
	var vs []string
	return strings.HasPrefix(s, "[") && json.Unmarshal(raw, &vs) == nil
}

func kindName(k paramKind) string {
	switch k {
	case pInt:
		return "integer"
	case pStrings:
		return "array of strings"
	}
	return "string"
}
