package tencentchat

import (
	"encoding/hex"
	"errors"
	"testing"
	"time"
)

// The vector from providers.md.
const (
	vecKey      = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	vecApp      = uint64(1400000000)
	vecUser     = "xiaojun"
	vecTime     = int64(1700000000)
	vecExpire   = int64(15552000)
	vecHMACHex  = "2ef03b77f230ee04ac9ec92f5730433ce0820dbb8d0b0e061f04c2d1b8a9f81e"
	vecTLSSig   = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4="
	vecUserSig  = "eJyqVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUqWRmampoawUVLMnNBYuaoaosz05WslHzKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWq5AAEAAP--38Mx-A__"
	vecNowValid = int64(1700000000 + 15552000) // the last valid second
)

func TestUserSigVectorHMAC(t *testing.T) {
	mac := sigHMAC(vecKey, sigContent(vecUser, vecApp, vecTime, vecExpire, ""))
	if got := hex.EncodeToString(mac); got != vecHMACHex {
		t.Fatalf("HMAC hex = %s, want %s", got, vecHMACHex)
	}
	doc, err := decodeForTest(t, mustSig(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Sig != vecTLSSig {
		t.Fatalf("TLS.sig = %s, want %s", doc.Sig, vecTLSSig)
	}
}

func mustSig(t *testing.T) string {
	t.Helper()
	s, err := UserSig(vecKey, vecApp, vecUser, time.Unix(vecTime, 0), time.Duration(vecExpire)*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func decodeForTest(t *testing.T, sig string) (sigDoc, error) {
	t.Helper()
	// VerifyUserSig decodes internally; re-run its steps to expose the doc.
	var doc sigDoc
	id, err := VerifyUserSig(sig, vecKey, vecApp, time.Unix(vecTime, 0))
	if err != nil || id != vecUser {
		return doc, errors.Join(err, errors.New("identifier "+id))
	}
	return parseSigDoc(sig)
}

func TestUserSigVectorVerifies(t *testing.T) {
	for _, now := range []int64{vecTime, vecTime + 1, vecNowValid} {
		id, err := VerifyUserSig(vecUserSig, vecKey, vecApp, time.Unix(now, 0))
		if err != nil || id != vecUser {
			t.Fatalf("at %d: id %q err %v", now, id, err)
		}
	}
}

func TestUserSigRoundTripAndFailures(t *testing.T) {
	sig := mustSig(t)
	cases := []struct {
		name string
		sig  string
		key  string
		app  uint64
		now  int64
		code int
	}{
		{"ok", sig, vecKey, vecApp, vecTime + 10, 0},
		{"expired by one second", sig, vecKey, vecApp, vecNowValid + 1, CodeSigExpired},
		{"official vector expired", vecUserSig, vecKey, vecApp, vecNowValid + 1, CodeSigExpired},
		{"other key", sig, "another-key", vecApp, vecTime, CodeSigBadHMAC},
		{"other sdkappid", sig, vecKey, vecApp + 1, vecTime, CodeSigWrongSDKAppID},
		{"garbage", "not!a!sig", vecKey, vecApp, vecTime, CodeSigUnparsable},
		{"empty", "", vecKey, vecApp, vecTime, CodeSigUnparsable},
		{"truncated", sig[:len(sig)/2], vecKey, vecApp, vecTime, CodeSigUnparsable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id, err := VerifyUserSig(c.sig, c.key, c.app, time.Unix(c.now, 0))
			if c.code == 0 {
				if err != nil || id != vecUser {
					t.Fatalf("id %q err %v", id, err)
				}
				return
			}
			var se *SigError
			if !errors.As(err, &se) || se.Code != c.code {
				t.Fatalf("err %v, want code %d", err, c.code)
			}
		})
	}
}

func TestSigCacheRenewsBeforeExpiry(t *testing.T) {
	var c sigCache
	t0 := time.Unix(vecTime, 0)
	s1, err := c.get(vecKey, vecApp, "admin", t0)
	if err != nil {
		t.Fatal(err)
	}
	if s2, _ := c.get(vecKey, vecApp, "admin", t0.Add(time.Hour)); s2 != s1 {
		t.Fatal("sig not reused within its life")
	}
	late := t0.Add(sigLifetime - sigRenewBefore + time.Second)
	s3, _ := c.get(vecKey, vecApp, "admin", late)
	if s3 == s1 {
		t.Fatal("sig not renewed a day before expiry")
	}
	if _, err := VerifyUserSig(s3, vecKey, vecApp, late.Add(sigRenewBefore)); err != nil {
		t.Fatalf("renewed sig invalid: %v", err)
	}
}
