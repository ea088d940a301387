package sim

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkListPaymentsAtScale serves one page of get_payments from an
// account of 100,000 payments (voltdash sim --seed-payments), the way a
// whole-history read asks for them: cursor pages of 1,000, newest first.
func BenchmarkListPaymentsAtScale(b *testing.B) {
	s := New(Config{Seed: 5, SeedPayments: 100_000})
	// The contract checker validates every answer in tests; here only the
	// simulator's own time is measured.
	if f := observer.Swap(nil); f != nil {
		b.Cleanup(func() { observer.Store(f) })
	}
	h := s.Handler()
	path := "/v1/organizations/" + s.org + "/environments/" + s.env + "/payments?pagination=cursor&limit=1000"
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("X-Api-Key", s.key)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
