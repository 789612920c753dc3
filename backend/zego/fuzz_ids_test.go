package zego

import (
	"strings"
	"testing"
)

// FuzzValidateUserID: what ZEGO's ID checks accept is 1-32 bytes of
// letters, digits and the documented punctuation (RTC: its own set and
// length).
func FuzzValidateUserID(f *testing.F) {
	for _, s := range []string{"user_1", "", "a b", "a,b", "é", "a\x1b", strings.Repeat("x", 33), "a!#$%&()+-:;<=.>?@[]^_{}|~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidID(id) == "" {
			if id == "" || len(id) > MaxIDBytes {
				t.Fatalf("ValidID accepted %q", id)
			}
			for i := 0; i < len(id); i++ {
				if !idByte(id[i]) {
					t.Fatalf("ValidID accepted %q (byte %d)", id, i)
				}
			}
		}
		if ValidRTCID(id, 64) == "" {
			if id == "" || len(id) > 64 {
				t.Fatalf("ValidRTCID accepted %q", id)
			}
			for i := 0; i < len(id); i++ {
				if !rtcIDByte(id[i]) {
					t.Fatalf("ValidRTCID accepted %q (byte %d)", id, i)
				}
			}
		}
	})
}
