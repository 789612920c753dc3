package redact

import (
	"fmt"
	"testing"
)

// BenchmarkRebuildFull is the worst case of the process's redactor: a full
// ring of signatures, its newest block rebuilt after each new request, then used once (a
// journal row).
func BenchmarkRebuildFull(b *testing.B) {
	r := New("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")
	for i := range recent {
		r.AddRecent(fmt.Sprintf("%064x", i))
	}
	b.ResetTimer()
	for i := range b.N {
		r.AddRecent(fmt.Sprintf("%064x", i+1<<20))
		_ = r.String("the vendor's message for one user, about a hundred characters long, with a RequestId")
	}
}
