package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model/clock"
)

// FuzzHandler sends the simulator arbitrary requests: it must never panic,
// must answer every one with a status it means, and must only ever write
// JSON (or nothing, for a 202).
func FuzzHandler(f *testing.F) {
	s := New(Config{Seed: 5, Clock: clock.NewManual(time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC))})
	defer s.Close()
	cr := s.Credentials()
	org := "/v1/organizations/" + cr.OrganizationID
	env := org + "/environments/" + cr.EnvironmentID
	w := s.WalletIDs()[0]
	for _, seed := range []struct {
		method, path, body string
	}{
		{"GET", org + "/wallets", ""},
		{"GET", env + "/payments?limit=5&statuses[]=completed", ""},
		{"POST", env + "/payments", `{"id":"6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","wallet_id":"` + w + `","payment_kind":"bolt11","amount_msats":1000}`},
		{"POST", env + "/payments", `{"id":"7c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","wallet_id":"` + w + `","type":"bolt11","data":{"payment_request":"lntbs1"}}`},
		{"POST", env + "/payments", `{"id":"8c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","wallet_id":"` + w + `","type":"bip21","data":{"address":"bitcoin:tb1q?amount=x"}}`},
		{"POST", org + "/wallets", `{"id":"9c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","name":"x","network":"mutinynet","limit":-1}`},
		{"PATCH", env + "/webhooks/9c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", `{"events":[{"send":["failed"]}]}`},
		{"GET", org + "/wallets/" + w + "/ledger?sort_order=ASC&offset=2", ""},
		{"DELETE", "/api/v1/organizations/x/wallets/y", ""},
	} {
		f.Add(seed.method, seed.path, seed.body, true)
	}
	methods := []string{"GET", "POST", "PATCH", "DELETE", "PUT"}
	f.Fuzz(func(t *testing.T, method, path, body string, authed bool) {
		if _, err := url.ParseRequestURI(path); err != nil || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") {
			return // not a request line an HTTP client could send
		}
		m := methods[len(method)%len(methods)]
		for _, known := range methods {
			if method == known {
				m = method
			}
		}
		req := httptest.NewRequest(m, "http://sim"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if authed {
			req.Header.Set("X-Api-Key", cr.APIKey)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		res := rec.Result()
		if res.StatusCode < 200 || res.StatusCode > 599 || http.StatusText(res.StatusCode) == "" {
			t.Fatalf("%s %s: status %d", m, path, res.StatusCode)
		}
		out := rec.Body.Bytes()
		if len(out) == 0 {
			if res.StatusCode != http.StatusAccepted {
				t.Fatalf("%s %s: empty %d", m, path, res.StatusCode)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("%s %s: %d with a body that is not JSON: %q", m, path, res.StatusCode, out)
		}
	})
}
