package trtc

import (
	"errors"
	"strings"
	"testing"

	"github.com/quell-console/quell/backend"
)

func TestChinaSite(t *testing.T) {
	cases := map[string]bool{
		"trtc.tencentcloudapi.com":                   true,
		"TRTC.TencentCloudAPI.com":                   true,
		"trtc.ap-guangzhou.tencentcloudapi.com":      true,
		"trtc.tencentcloudapi.com:443":               true,
		"trtc.intl.tencentcloudapi.com":              false,
		"trtc.ap-singapore.intl.tencentcloudapi.com": false,
		"127.0.0.1:8080":                             false,
		"trtc-proxy.example.com":                     false,
	}
	for host, want := range cases {
		if got := chinaSite(host); got != want {
			t.Errorf("chinaSite(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestChinaSiteAppOffersNoBlock: SetUserBlocked* exist only on the
// international site, so an app on the default (China-site) endpoint does
// not offer block or unblock, says why in a moderator's words, and refuses
// to plan them before any request; kick and dismiss stay.
func TestChinaSiteAppOffersNoBlock(t *testing.T) {
	for _, endpoint := range []string{"", "https://trtc.tencentcloudapi.com", "https://trtc.ap-beijing.tencentcloudapi.com"} {
		c, err := New(Options{Name: "cn", SDKAppID: 1400000001, Region: "ap-beijing", SecretID: "a", SecretKey: "b", Endpoint: endpoint}, backend.Deps{})
		if err != nil {
			t.Fatal(err)
		}
		caps := c.App().Caps
		for _, cp := range []backend.Capability{backend.CapBlockAV, backend.CapUnblockAV} {
			if caps.Can(cp) || !strings.Contains(caps.Missing[cp], "China site") || !strings.Contains(caps.Missing[cp], "trtc.intl.tencentcloudapi.com") {
				t.Errorf("%q: %s: can %v, missing %q", endpoint, cp, caps.Can(cp), caps.Missing[cp])
			}
		}
		if !caps.Can(backend.CapKick) || !caps.Can(backend.CapDismiss) || !caps.Can(backend.CapListRooms) {
			t.Errorf("%q: lost kick, dismiss or rooms: %+v", endpoint, caps)
		}
		for _, kind := range []backend.ActionKind{backend.ActBlock, backend.ActUnblock} {
			_, err := c.Plan(backend.ActionRequest{Kind: kind, Room: "42", Users: []string{"u"}})
			var ue *backend.UnsupportedError
			if !errors.As(err, &ue) || !backend.IsInputError(err) {
				t.Errorf("%q: %s planned: %v", endpoint, kind, err)
			}
		}
	}
	intl, err := New(Options{Name: "intl", SDKAppID: 1400000001, Region: "ap-singapore", SecretID: "a", SecretKey: "b",
		Endpoint: "https://trtc.intl.tencentcloudapi.com"}, backend.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if !intl.App().Caps.Can(backend.CapBlockAV) || !intl.App().Caps.Can(backend.CapUnblockAV) {
		t.Error("an international-site app lost block")
	}
}
