package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Providers are the vendor API families an app can name.
var Providers = []string{"trtc", "tencent-chat", "zego"}

// Regions are the TRTC regions that serve room management.
var Regions = []string{"ap-beijing", "ap-guangzhou", "ap-singapore"}

var commonAppFields = []string{"name", "provider", "endpoint", "rate_limits"}

// appFields are the fields each provider takes besides the common ones.
var appFields = map[string][]string{
	"trtc":         {"sdk_app_id", "region", "room_ids", "secret_id", "secret_key"},
	"tencent-chat": {"rooms", "sdk_app_id", "admin", "secret_key", "av"},
	"zego":         {"rooms", "app_id", "server_secret", "operator", "watch"},
}

// roomKinds are each provider's `rooms:` values, the default first.
var roomKinds = map[string][]string{
	"tencent-chat": {"live", "group"},
	"zego":         {"zim", "group", "rtc"},
}

// KnownCalls are the vendor calls whose rate `rate_limits:` may override,
// from the wire contract.
var KnownCalls = map[string][]string{
	"trtc": {"SetUserBlocked", "SetUserBlockedByStrRoomId", "DismissRoom", "DismissRoomByStrRoomId",
		"RemoveUser", "RemoveUserByStrRoomId", "DescribeRoomInfo", "DescribeUserInfo"},
	"tencent-chat": {"get_appid_group_list", "get_group_info", "get_group_member_info", "get_members",
		"get_group_muted_account", "forbid_send_msg", "delete_group_member", "destroy_group",
		"modify_group_base_info", "ban_group_member", "unban_group_member", "get_group_ban_member",
		"get_room_list", "get_room_info", "get_member_list", "get_muted_member_list", "mute_member",
		"ban_member", "unban_member", "get_banned_member_list", "destroy_room", "update_room_info",
		"black_list_add", "black_list_delete", "black_list_get", "black_list_check"},
	"zego": {"AddUsersToBlacklist", "RemoveUsersFromBlacklist", "QueryBlacklist", "CheckUsersIsInBlacklist",
		"QueryRoomUserList", "KickoutRoomUser", "DestroyRoom", "MuteGroupMembers", "MuteGroup", "QueryGroupMemberList",
		"KickoutGroupUser", "DismissGroup", "CloseRoom", "KickoutUser", "DescribeUserList", "DescribeUserNum"},
}

var appNameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

func (d *decoder) apps(n *yaml.Node) []App {
	if n.Kind != yaml.SequenceNode {
		d.add(n.Line, "apps", "must be a list of apps", "start each app with `- name: ...`")
		return nil
	}
	if len(n.Content) == 0 {
		d.add(n.Line, "apps", "no apps configured", "add at least one app")
	}
	apps := make([]App, 0, len(n.Content))
	avLines := map[int]int{} // index in apps → line of its av field
	names := map[string]int{}
	for i, node := range n.Content {
		a, avLine := d.app(node, fmt.Sprintf("apps[%d]", i))
		if a.Name != "" {
			if first, dup := names[a.Name]; dup {
				d.add(a.Line, fmt.Sprintf("apps[%d].name", i),
					fmt.Sprintf("duplicate name %q (first used at line %d)", a.Name, first), "give every app its own name")
			} else {
				names[a.Name] = a.Line
			}
		}
		if a.AV != "" {
			avLines[len(apps)] = avLine
		}
		apps = append(apps, a)
	}
	d.checkAV(apps, avLines)
	return apps
}

// checkAV runs after every app is read: `av` may name an app further down.
func (d *decoder) checkAV(apps []App, avLines map[int]int) {
	var trtcNames []string
	for _, a := range apps {
		if a.Provider == "trtc" {
			trtcNames = append(trtcNames, a.Name)
		}
	}
	for i, a := range apps {
		if a.AV == "" {
			continue
		}
		field := fmt.Sprintf("apps[%d] (%s).av", i, a.Name)
		line := avLines[i]
		var target *App
		for j := range apps {
			if apps[j].Name == a.AV {
				target = &apps[j]
				break
			}
		}
		switch {
		case target == nil:
			fix := "name a TRTC app configured in this file"
			if s := closest(a.AV, trtcNames); s != "" {
				fix = fmt.Sprintf("did you mean %s?", s)
			}
			d.add(line, field, fmt.Sprintf("no app named %q", a.AV), fix)
		case target.Provider != "trtc":
			d.add(line, field, fmt.Sprintf("%q is a %s app, not a TRTC app", a.AV, target.Provider),
				"name a TRTC app (provider: trtc, room_ids: string) whose rooms share this app's room IDs")
		case target.RoomIDs != "string":
			d.add(line, field, fmt.Sprintf("TRTC app %q uses numeric room IDs, which cannot match chat room IDs", a.AV),
				fmt.Sprintf("set room_ids: string on app %s (line %d) if its rooms share these IDs", target.Name, target.Line))
		case TRTCChinaSite(target.Endpoint):
			d.add(line, field, fmt.Sprintf("TRTC app %q is on the China-site endpoint %s, which has no audio/video block (SetUserBlocked is international-site only)",
				a.AV, trtcEndpointOrDefault(target.Endpoint)),
				fmt.Sprintf("if app %s (line %d) is on the international site, set endpoint: %s on it; otherwise remove av", target.Name, target.Line, TRTCIntlEndpoint))
		}
	}
}

// app reads one app entry; avLine is the line of its av field.
func (d *decoder) app(n *yaml.Node, prefix string) (a App, avLine int) {
	a.Line = n.Line
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, prefix, "must be a mapping of fields", "write each app as `- name: ...` with its fields indented below")
		return a, 0
	}
	// Label fields with the app's name from the start, so even a duplicate
	// field says which app it is in.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "name" && v.Kind == yaml.ScalarNode && appNameRE.MatchString(v.Value) {
			prefix = fmt.Sprintf("%s (%s)", prefix, v.Value)
			break
		}
	}
	pairs := d.pairs(n, prefix)
	byKey := map[string]pair{}
	for _, kv := range pairs {
		byKey[kv.key] = kv
	}
	if kv, ok := byKey["name"]; ok {
		if v, ok := d.str(kv.val, prefix+".name"); ok {
			if !appNameRE.MatchString(v) {
				d.add(kv.val.Line, prefix+".name", fmt.Sprintf("%q may hold only a-z, 0-9 and -", v),
					fmt.Sprintf("use a name such as %q", suggestName(v)))
			} else {
				a.Name = v
			}
		}
	} else {
		d.add(n.Line, prefix+".name", "missing", "add name: (a-z, 0-9 and -), used by --app")
	}
	kv, ok := byKey["provider"]
	if !ok {
		d.add(n.Line, prefix+".provider", "missing", "add provider: trtc, tencent-chat or zego")
		return a, 0
	}
	prov, ok := d.str(kv.val, prefix+".provider")
	if !ok {
		return a, 0
	}
	if _, known := appFields[prov]; !known {
		fix := "use trtc, tencent-chat or zego"
		if s := closest(prov, Providers); s != "" {
			fix = fmt.Sprintf("did you mean %s?", s)
		}
		d.add(kv.val.Line, prefix+".provider", fmt.Sprintf("unknown provider %q", prov), fix)
		return a, 0
	}
	a.Provider = prov
	if kinds := roomKinds[prov]; kinds != nil {
		a.Rooms = kinds[0]
	}
	if prov == "trtc" {
		a.RoomIDs = "numeric"
	}

	allowed := append(append([]string{}, commonAppFields...), appFields[prov]...)
	for _, kv := range pairs {
		f := prefix + "." + kv.key
		if !contains(allowed, kv.key) {
			if other := providerOf(kv.key); other != "" {
				d.add(kv.line, f, fmt.Sprintf("does not apply to provider %s (it is a %s field)", prov, other),
					"remove it; fields for "+prov+": "+strings.Join(appFields[prov], ", "))
			} else {
				d.unknown(kv.line, prefix, kv.key, allowed)
			}
			continue
		}
		switch kv.key {
		case "name", "provider":
		case "endpoint":
			a.Endpoint = d.endpoint(kv.val, f)
			if prov == "trtc" && a.Endpoint != "" {
				d.trtcEndpoint(kv.val.Line, f, a.Endpoint)
			}
		case "rate_limits":
			a.RateLimits = d.rateLimits(kv.val, f, prov)
		case "sdk_app_id":
			a.SDKAppID = d.appID(kv.val, f)
		case "app_id":
			a.AppID = d.appID(kv.val, f)
		case "region":
			if v, ok := d.str(kv.val, f); ok {
				if !contains(Regions, v) {
					d.add(kv.val.Line, f, fmt.Sprintf("%q is not a region that serves TRTC room management", v),
						"use ap-beijing, ap-guangzhou or ap-singapore")
				} else {
					a.Region = v
				}
			}
		case "room_ids":
			if v, ok := d.str(kv.val, f); ok {
				if v != "numeric" && v != "string" {
					d.add(kv.val.Line, f, fmt.Sprintf("%q is not a room ID kind", v), "use numeric (the default) or string")
				} else {
					a.RoomIDs = v
				}
			}
		case "rooms":
			if v, ok := d.str(kv.val, f); ok {
				if kinds := roomKinds[prov]; !contains(kinds, v) {
					d.add(kv.val.Line, f, fmt.Sprintf("%q is not a room kind of %s", v, prov),
						"use "+orList(append([]string{kinds[0] + " (the default)"}, kinds[1:]...)))
				} else {
					a.Rooms = v
				}
			}
		case "secret_id":
			a.SecretID, _ = d.secret(kv.val, f)
		case "secret_key":
			a.SecretKey, _ = d.secret(kv.val, f)
		case "server_secret":
			a.ServerSecret, _ = d.secret(kv.val, f)
		case "admin":
			a.Admin, _ = d.str(kv.val, f)
		case "operator":
			a.Operator, _ = d.str(kv.val, f)
		case "av":
			a.AV, _ = d.str(kv.val, f)
			avLine = kv.val.Line
		case "watch":
			a.Watch = dedupe(d.strList(kv.val, f))
		}
	}
	d.required(n, prefix, a, byKey)
	return a, avLine
}

// required reports the fields a provider cannot work without. A field that
// is present but failed to parse has already been reported.
func (d *decoder) required(n *yaml.Node, prefix string, a App, byKey map[string]pair) {
	need := func(field, fix string) {
		if kv, present := byKey[field]; present {
			if kv.val.Kind == yaml.ScalarNode && kv.val.Tag == "!!null" {
				d.add(kv.val.Line, prefix+"."+field, "is empty", fix)
			}
			return
		}
		d.add(n.Line, prefix+"."+field, "missing", fix)
	}
	emptySecret := func(field string, s Secret, fix string) {
		if kv, present := byKey[field]; present && s == "" && !d.failedAt(kv.val.Line) {
			d.add(kv.val.Line, prefix+"."+field, "is empty", fix)
		}
	}
	switch a.Provider {
	case "trtc":
		need("sdk_app_id", "add sdk_app_id: the SDKAppID from the TRTC console")
		need("region", "add region: ap-beijing, ap-guangzhou or ap-singapore")
		_, hasID := byKey["secret_id"]
		_, hasKey := byKey["secret_key"]
		switch {
		case hasID && !hasKey:
			d.add(n.Line, prefix+".secret_key", "missing while secret_id is set",
				"add secret_key: ${TENCENTCLOUD_SECRET_KEY}, or drop both to use the SDK's credential chain")
		case hasKey && !hasID:
			d.add(n.Line, prefix+".secret_id", "missing while secret_key is set",
				"add secret_id: ${TENCENTCLOUD_SECRET_ID}, or drop both to use the SDK's credential chain")
		}
		emptySecret("secret_id", a.SecretID, "set it, or drop secret_id and secret_key to use the SDK's credential chain")
		emptySecret("secret_key", a.SecretKey, "set it, or drop secret_id and secret_key to use the SDK's credential chain")
	case "tencent-chat":
		need("sdk_app_id", "add sdk_app_id: the SDKAppID from the Chat console")
		need("admin", "add admin: the app administrator's user ID (e.g. administrator)")
		need("secret_key", "add secret_key: ${CHAT_SECRET_KEY} (the app's key from the Chat console)")
		emptySecret("secret_key", a.SecretKey, "set it to the app's key from the Chat console")
	case "zego":
		need("app_id", "add app_id: the AppID from the ZEGOCLOUD console")
		need("server_secret", "add server_secret: ${ZEGO_SERVER_SECRET} (the ServerSecret from the console)")
		emptySecret("server_secret", a.ServerSecret, "set it to the ServerSecret from the ZEGOCLOUD console")
		if a.Rooms == "group" {
			if _, ok := byKey["operator"]; !ok {
				d.add(n.Line, prefix+".operator", "missing: group actions need a FromUserId",
					"add operator: the user ID of a group owner or admin (e.g. admin-bot)")
			}
		}
		if kv, ok := byKey["operator"]; ok && a.Rooms == "rtc" {
			d.add(kv.line, prefix+".operator", "does not apply to rooms: rtc (RTC kicks and closes take no FromUserId)",
				"remove operator from this app")
		}
		d.zegoHost(byKey, prefix, a)
	}
}

// zegoHost catches an endpoint on the other ZEGO API: ZIM and RTC are
// separate hosts (zim-api…, rtc-api…, regional ones included), and each
// answers the other's actions with "unsupported Action" only at run time.
func (d *decoder) zegoHost(byKey map[string]pair, prefix string, a App) {
	kv, ok := byKey["endpoint"]
	if !ok || a.Endpoint == "" {
		return
	}
	u, err := url.Parse(a.Endpoint)
	if err != nil {
		return
	}
	host := u.Hostname()
	switch {
	case a.Rooms == "rtc" && strings.HasPrefix(host, "zim-api"):
		d.add(kv.val.Line, prefix+".endpoint", fmt.Sprintf("%q is the ZIM server API, but rooms: rtc needs the RTC one", host),
			"use https://rtc-api.zego.im (or your region's rtc-api-… host), or drop endpoint for the default")
	case a.Rooms != "rtc" && strings.HasPrefix(host, "rtc-api"):
		d.add(kv.val.Line, prefix+".endpoint", fmt.Sprintf("%q is the RTC server API, but rooms: %s needs the ZIM one", host, a.Rooms),
			"use https://zim-api.zego.im (or your region's zim-api-… host), or set rooms: rtc for RTC rooms")
	}
}

// orList joins kinds as "a or b", "a, b or c".
func orList(kinds []string) string {
	if len(kinds) < 2 {
		return strings.Join(kinds, "")
	}
	return strings.Join(kinds[:len(kinds)-1], ", ") + " or " + kinds[len(kinds)-1]
}

// failedAt reports whether a problem was already recorded at line, so one
// mistake is not reported twice.
func (d *decoder) failedAt(line int) bool {
	for _, p := range d.problems {
		if p.Line == line {
			return true
		}
	}
	return false
}

func (d *decoder) appID(n *yaml.Node, field string) uint64 {
	v, ok := d.str(n, field)
	if !ok || v == "" {
		return 0
	}
	id, err := strconv.ParseUint(v, 10, 64)
	if err != nil || id == 0 {
		d.add(n.Line, field, fmt.Sprintf("%q is not a positive whole number", v), "copy the number from the vendor's console")
		return 0
	}
	return id
}

func (d *decoder) endpoint(n *yaml.Node, field string) string {
	v, ok := d.str(n, field)
	if !ok || v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" {
		d.add(n.Line, field, fmt.Sprintf("%q is not a full URL", v),
			"write scheme and host, e.g. https://trtc.intl.tencentcloudapi.com or http://127.0.0.1:8080")
		return ""
	}
	return strings.TrimSuffix(v, "/")
}

func (d *decoder) rateLimits(n *yaml.Node, field, prov string) map[string]float64 {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, field, "must be a mapping of call name to calls per second", "write it like `SetUserBlocked: 10`")
		return nil
	}
	out := map[string]float64{}
	for _, kv := range d.pairs(n, field) {
		f := field + "." + kv.key
		if !contains(KnownCalls[prov], kv.key) {
			fix := "use a call name of " + prov + " from the README"
			if s := closest(kv.key, KnownCalls[prov]); s != "" {
				fix = fmt.Sprintf("did you mean %s?", s)
			}
			d.add(kv.line, f, "not a "+prov+" call", fix)
			continue
		}
		v, ok := d.str(kv.val, f)
		if !ok {
			continue
		}
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 || r > 1e6 {
			d.add(kv.val.Line, f, fmt.Sprintf("%q is not a rate", v), "write calls per second as a positive number, e.g. 10 or 0.5")
			continue
		}
		out[kv.key] = r
	}
	return out
}

// providerOf names the provider a field belongs to, for "does not apply".
func providerOf(field string) string {
	for _, p := range Providers {
		if contains(appFields[p], field) {
			return p
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// suggestName lower-cases s and replaces what an app name may not hold.
func suggestName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteRune('-')
		}
	}
	if out := strings.Trim(b.String(), "-"); out != "" {
		return out
	}
	return "my-app"
}

// TRTC sites. Tencent Cloud has two, with their own accounts and API hosts;
// quell's default endpoint, like the Tencent Cloud SDK's, is the China
// site's. SetUserBlocked and SetUserBlockedByStrRoomId (audio/video block)
// exist only on the international site (tencentcloud-sdk-go-intl-en
// tencentcloud/trtc/v20190722/client.go has them; tencentcloud-sdk-go and
// https://cloud.tencent.com/document/api/647/37086 do not), so an app on
// the China site offers kick and dismiss only. The same rule is applied by
// backend/trtc (chinaSite) to what the app offers.
const (
	TRTCIntlEndpoint    = "https://trtc.intl.tencentcloudapi.com"
	TRTCDefaultEndpoint = "https://trtc.tencentcloudapi.com" // China site
)

// TRTCChinaSite reports whether a TRTC endpoint ("" = the default) is on the
// China site: a *.tencentcloudapi.com host outside *.intl.tencentcloudapi.com.
// Other hosts (the emulator, a proxy) are neither.
func TRTCChinaSite(endpoint string) bool {
	u, err := url.Parse(trtcEndpointOrDefault(endpoint))
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	return strings.HasSuffix(host, ".tencentcloudapi.com") && !strings.HasSuffix(host, ".intl.tencentcloudapi.com")
}

func trtcEndpointOrDefault(endpoint string) string {
	if endpoint == "" {
		return TRTCDefaultEndpoint
	}
	return endpoint
}

// trtcEndpoint rejects a Tencent Cloud API host that is not TRTC's (another
// product's, e.g. cvm.tencentcloudapi.com, answers every action with
// InvalidAction) and says which host serves which site.
func (d *decoder) trtcEndpoint(line int, field, endpoint string) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return
	}
	host := strings.ToLower(u.Hostname())
	if strings.HasSuffix(host, ".tencentcloudapi.com") && !strings.HasPrefix(host, "trtc.") {
		d.add(line, field, fmt.Sprintf("%q is not a TRTC endpoint", endpoint),
			fmt.Sprintf("use %s (international site: every action) or %s (China site, the default: no audio/video block)",
				TRTCIntlEndpoint, TRTCDefaultEndpoint))
	}
}
