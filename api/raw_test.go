package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestRawRetriesOnlyWhatIsSafeToRepeat: a read and a keyed create are
// repeated after a 500, a create answered 409 on its repeat was accepted
// earlier, and a POST without an id is not repeated after a 500.
func TestRawRetriesOnlyWhatIsSafeToRepeat(t *testing.T) {
	body := []byte(`{"id":"0c4b6a2e-5d1f-4e8a-9b3c-7d6e5f4a3b21","wallet_id":"` + walletA + `","currency":"btc","payment_kind":"bolt11"}`)
	boom := reply(500, `{"error":{"type":"internal_error","detail":"boom"}}`)
	cases := []struct {
		name     string
		req      RawRequest
		replies  []http.HandlerFunc
		requests int
		status   int
		accepted bool
		fails    bool
	}{
		{"read repeated", RawRequest{Method: "GET", Path: "/organizations/" + testOrg + "/wallets"},
			[]http.HandlerFunc{boom, reply(200, example(t, "wallets_list"))}, 2, 200, false, false},
		{"keyed create repeated", RawRequest{Method: "POST", Path: "/organizations/" + testOrg + "/environments/" + testEnv + "/payments", Body: body, KeyedCreate: true},
			[]http.HandlerFunc{dropAfterReading, reply(202, "")}, 2, 202, false, false},
		{"keyed create accepted earlier", RawRequest{Method: "POST", Path: "/organizations/" + testOrg + "/environments/" + testEnv + "/payments", Body: body, KeyedCreate: true},
			[]http.HandlerFunc{dropAfterReading, reply(409, example(t, "error_payment_exists"))}, 2, 409, true, false},
		{"unkeyed post not repeated", RawRequest{Method: "POST", Path: "/organizations/" + testOrg + "/environments/" + testEnv + "/webhooks/" + walletA + "/keys"},
			[]http.HandlerFunc{boom, reply(200, "{}")}, 1, 500, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f, _ := setup(t)
			f.script(tc.replies...)
			resp, err := c.Raw(context.Background(), tc.req)
			if got := len(f.seen()); got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
			if (err != nil) != tc.fails || resp.Status != tc.status || resp.AcceptedEarlier != tc.accepted {
				t.Errorf("Raw = %d accepted earlier %v, %v", resp.Status, resp.AcceptedEarlier, err)
			}
			for _, s := range f.seen() {
				if string(tc.req.Body) != s.Body || s.Header.Get("X-Api-Key") != testKey {
					t.Errorf("sent %q with key %v", s.Body, s.Header.Get("X-Api-Key") == testKey)
				}
			}
		})
	}
}

// TestRawAnswerNeverCarriesTheKey: a server that echoes the key in a
// header and in its body has it blanked in both; the rest comes as it was.
func TestRawAnswerNeverCarriesTheKey(t *testing.T) {
	c, f, _ := setup(t)
	f.script(reply(401, `{"error":{"type":"unauthorized","detail":"bad key `+testKey+`"}}`, "X-Echo", testKey))
	resp, err := c.Raw(context.Background(), RawRequest{Method: "GET", Path: "/organizations/" + testOrg + "/wallets"})
	if err == nil || resp.Status != 401 || resp.StatusLine() != "HTTP/1.1 401 Unauthorized" {
		t.Fatalf("Raw = %+v, %v", resp, err)
	}
	all := string(resp.Body) + resp.Header.Get("X-Echo") + err.Error() + Explain(err)
	if strings.Contains(all, testKey) || !strings.Contains(string(resp.Body), `"detail":"bad key [redacted]"`) {
		t.Errorf("the key shows: %s", all)
	}
}
