package trtcemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
)

// fieldKind is the JSON type API 3.0 expects for a parameter.
type fieldKind int

const (
	kindInt fieldKind = iota
	kindString
	kindStrings
)

func (k fieldKind) String() string {
	switch k {
	case kindString:
		return "String"
	case kindStrings:
		return "Array of String"
	}
	return "Integer"
}

type field struct {
	name     string
	kind     fieldKind
	required bool
}

// schemas lists every documented body field of each action the emulator
// serves. Anything else in a body is UnknownParameter, as on API 3.0.
var schemas = map[string][]field{
	"SetUserBlocked": {
		{"SdkAppId", kindInt, true}, {"RoomId", kindInt, true}, {"UserId", kindString, true}, {"IsMute", kindInt, true},
	},
	"SetUserBlockedByStrRoomId": {
		{"SdkAppId", kindInt, true}, {"StrRoomId", kindString, true}, {"UserId", kindString, true}, {"IsMute", kindInt, true},
	},
	"DismissRoom":            {{"SdkAppId", kindInt, true}, {"RoomId", kindInt, true}},
	"DismissRoomByStrRoomId": {{"SdkAppId", kindInt, true}, {"RoomId", kindString, true}},
	"RemoveUser": {
		{"SdkAppId", kindInt, true}, {"RoomId", kindInt, true}, {"UserIds", kindStrings, true},
	},
	"RemoveUserByStrRoomId": {
		{"SdkAppId", kindInt, true}, {"RoomId", kindString, true}, {"UserIds", kindStrings, true},
	},
	"DescribeRoomInfo": {
		{"SdkAppId", kindInt, true}, {"StartTime", kindInt, true}, {"EndTime", kindInt, true},
		{"RoomId", kindString, false}, {"PageNumber", kindInt, false}, {"PageSize", kindInt, false},
	},
	"DescribeUserInfo": {
		{"CommId", kindString, true}, {"StartTime", kindInt, true}, {"EndTime", kindInt, true}, {"SdkAppId", kindInt, true},
		{"UserIds", kindStrings, false}, {"PageNumber", kindInt, false}, {"PageSize", kindInt, false},
	},
}

// params is a decoded, type-checked body.
type params struct {
	ints    map[string]uint64
	strs    map[string]string
	lists   map[string][]string
	present map[string]bool
}

func (p params) has(name string) bool { return p.present[name] }

// apiError is an answer with a TRTC error code.
type apiError struct {
	Code    string
	Message string
}

func errf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// decodeParams checks body against the action's schema: unknown fields,
// wrong JSON types and missing required fields are answered as API 3.0 does.
func decodeParams(action string, body []byte) (params, *apiError) {
	p := params{ints: map[string]uint64{}, strs: map[string]string{}, lists: map[string][]string{}, present: map[string]bool{}}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return p, errf("InvalidParameter", "The request body is not a JSON object.")
	}
	// One object and nothing after it: a second value would be ignored here
	// but is malformed JSON to Tencent.
	if _, err := dec.Token(); err != io.EOF {
		return p, errf("InvalidParameter", "The request body holds more than one JSON value.")
	}
	schema := schemas[action]
	known := map[string]field{}
	for _, f := range schema {
		known[f.name] = f
	}
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if _, ok := known[k]; !ok {
			return p, errf("UnknownParameter", "The parameter `%s` is not recognized.", k)
		}
	}
	for _, f := range schema {
		v, ok := raw[f.name]
		if !ok || string(v) == "null" {
			if f.required {
				return p, errf("MissingParameter", "The request is missing a required parameter `%s`.", f.name)
			}
			continue
		}
		if err := p.decodeField(f, v); err != nil {
			return p, err
		}
		p.present[f.name] = true
	}
	return p, nil
}

func (p *params) decodeField(f field, v json.RawMessage) *apiError {
	wrongType := errf("InvalidParameter", "The value type of parameter `%s` is incorrect: expected %s.", f.name, f.kind)
	switch f.kind {
	case kindInt:
		var n json.Number
		if json.Unmarshal(v, &n) != nil || v[0] == '"' {
			return wrongType
		}
		u, err := strconv.ParseUint(n.String(), 10, 64)
		if err != nil {
			return wrongType
		}
		p.ints[f.name] = u
	case kindString:
		var s string
		if json.Unmarshal(v, &s) != nil {
			return wrongType
		}
		p.strs[f.name] = s
	case kindStrings:
		var l []string
		if json.Unmarshal(v, &l) != nil {
			return wrongType
		}
		p.lists[f.name] = l
	}
	return nil
}
