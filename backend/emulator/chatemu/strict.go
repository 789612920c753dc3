package chatemu

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// codeAccountType is the REST API's "account in the body is not a string"
// (60015), answered for any *_Account field of the wrong JSON type.
const codeAccountType = 60015

// decode reads a request body into v, a struct whose fields name the
// command's documented request fields exactly. It is stricter than the
// cloud on purpose, so that a client that drifts from providers.md fails
// here rather than in production:
//   - the body must be a JSON object ({} when empty);
//   - every key must be one of v's fields, with the same case (encoding/json
//     alone matches names case-insensitively, and ignores unknown ones: a
//     misspelt "MuteTim" would then read as MuteTime 0, an unmute);
//   - every name in required must be present and not null ("RoomInfo.RoomId"
//     reaches into a nested object);
//   - every value must have the documented JSON type.
//
// Failures answer code, the service's "invalid parameter", except a
// non-string account, which is 60015 as documented.
func decode(body []byte, v any, code int, required ...string) *apiErr {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return fail(code, "invalid parameter: the request body must be a JSON object")
	}
	if msg := checkKeys(obj, reflect.TypeOf(v).Elem(), ""); msg != "" {
		return fail(code, "invalid parameter: "+msg)
	}
	for _, name := range required {
		if !present(obj, strings.Split(name, ".")) {
			return fail(code, "invalid parameter: "+name+" is required")
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if strings.HasSuffix(te.Field, "_Account") {
				return fail(codeAccountType, "request body account type error: "+te.Field+" must hold strings")
			}
			return fail(code, fmt.Sprintf("invalid parameter: %s must be a JSON %s, not %s", te.Field, jsonKind(te.Type), te.Value))
		}
		return fail(code, "invalid parameter: "+err.Error())
	}
	return nil
}

// checkKeys reports the first key of obj that is not a field of t (exactly),
// looking into nested objects whose field is a struct.
func checkKeys(obj map[string]json.RawMessage, t reflect.Type, prefix string) string {
	for key, raw := range obj {
		f, ok := fieldByExactName(t, key)
		if !ok {
			return fmt.Sprintf("unknown field %q (names are case-sensitive)", prefix+key)
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() != reflect.Struct {
			continue
		}
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) == nil && inner != nil {
			if msg := checkKeys(inner, ft, prefix+key+"."); msg != "" {
				return msg
			}
		}
	}
	return ""
}

// fieldByExactName finds the field whose wire name (json tag, else the Go
// name) is exactly name.
func fieldByExactName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		wire := f.Name
		if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" {
			wire = tag
		}
		if wire == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func present(obj map[string]json.RawMessage, path []string) bool {
	raw, ok := obj[path[0]]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return false
	}
	if len(path) == 1 {
		return true
	}
	var inner map[string]json.RawMessage
	return json.Unmarshal(raw, &inner) == nil && present(inner, path[1:])
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "non-negative integer"
	}
	return "number"
}
