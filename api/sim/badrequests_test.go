package sim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

func TestBadRequestsGetTheContractsAnswers(t *testing.T) {
	srv, _, _ := start(t, sim.Config{Seed: 8, NoHistory: true})
	cr := srv.Credentials()
	w := srv.WalletIDs()[0]
	base := srv.URL() + "/organizations/" + cr.OrganizationID
	env := base + "/environments/" + cr.EnvironmentID
	mainnetInv := "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp"
	withAmount := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: 5000}))
	anyAmount := must[string](t)(srv.Invoice(sim.ExternalInvoice{}))
	existing := model.NewID()
	send := func(id, typ, data string) string {
		return `{"id":"` + id + `","wallet_id":"` + w + `","currency":"btc","type":"` + typ + `","data":` + data + `}`
	}
	recv := func(fields string) string {
		return `{"id":"` + model.NewID() + `","wallet_id":"` + w + `","currency":"btc"` + fields + `}`
	}
	amountForm := func(fields string) string {
		return `{"id":"` + model.NewID() + `","wallet_id":"` + w + `",` + fields + `}`
	}
	tests := []struct {
		name, method, url, body string
		headers                 map[string]string
		status                  int
		typ                     string
	}{
		{"no credentials", "GET", base + "/wallets", "", map[string]string{"X-Api-Key": ""}, 400, "missing_credentials"},
		{"wrong key", "GET", base + "/wallets", "", map[string]string{"X-Api-Key": "vltg_nope"}, 401, "wrong_credentials"},
		{"bearer only", "GET", base + "/wallets", "", map[string]string{"X-Api-Key": "", "Authorization": "Bearer x"}, 401, "invalid_token"},
		{"wrong organization", "GET", srv.URL() + "/organizations/" + model.NewID() + "/wallets", "", nil, 403, "access_rights"},
		{"wrong environment", "GET", base + "/environments/" + model.NewID() + "/payments", "", nil, 403, "access_rights"},
		{"unknown path", "GET", base + "/nonsense", "", nil, 404, "not_found"},
		{"outside /v1", "GET", strings.TrimSuffix(srv.URL(), "/v1") + "/v2/x", "", nil, 404, "not_found"},
		{"wrong method", "PUT", base + "/wallets", "", nil, 405, "method_not_allowed"},
		{"not JSON", "POST", env + "/payments", "{nope", nil, 400, "invalid_syntax"},
		{"empty body", "POST", env + "/payments", "", nil, 400, "invalid_syntax"},
		{"no content type", "POST", env + "/payments", recv(`,"payment_kind":"bolt11"`), map[string]string{"Content-Type": ""}, 415, "missing_content_type"},
		{"too large", "POST", env + "/payments", `{"x":"` + strings.Repeat("a", 1<<20) + `"}`, nil, 413, "payload_too_large"},
		{"amount not a number", "POST", env + "/payments", amountForm(`"payment_kind":"bolt11","amount":{"currency":"btc","amount":"lots"}`), nil, 422, "invalid_data"},
		{"no id", "POST", env + "/payments", `{"wallet_id":"` + w + `","currency":"btc","payment_kind":"bolt11"}`, nil, 422, "invalid_data"},
		{"id not a UUID", "POST", env + "/payments", `{"id":"7","wallet_id":"` + w + `","currency":"btc","payment_kind":"bolt11"}`, nil, 422, "invalid_data"},
		{"neither receive nor send", "POST", env + "/payments", recv(``), nil, 422, "invalid_data"},
		{"two forms at once", "POST", env + "/payments", recv(`,"payment_kind":"bolt11","amount_msats":5000`), nil, 422, "invalid_data"},
		{"any-amount on-chain", "POST", env + "/payments", recv(`,"payment_kind":"onchain"`), nil, 422, "invalid_data"},
		{"on-chain amount in msats", "POST", env + "/payments", amountForm(`"payment_kind":"onchain","amount_msats":5000000`), nil, 422, "invalid_data"},
		{"duplicate id", "POST", env + "/payments", send(existing, "bolt11", `{"payment_request":"`+withAmount+`"}`), nil, 409, "payment_exists"},
		{"zero receive amount", "POST", env + "/payments", amountForm(`"payment_kind":"bolt11","amount":{"currency":"btc","amount":0}`), nil, 400, "invalid_amount"},
		{"no wallet", "POST", env + "/payments", `{"id":"` + model.NewID() + `","currency":"btc","payment_kind":"bolt11"}`, nil, 422, "invalid_data"},
		{"unknown wallet", "POST", env + "/payments", `{"id":"` + model.NewID() + `","wallet_id":"` + model.NewID() + `","currency":"btc","payment_kind":"bolt11"}`, nil, 400, "invalid_payment"},
		{"unsupported kind", "POST", env + "/payments", amountForm(`"payment_kind":"taprootasset","amount":{"currency":"btc","amount":1000}`), nil, 400, "invalid_payment"},
		{"empty description", "POST", env + "/payments", recv(`,"payment_kind":"bolt11","description":"  "`), nil, 400, "invalid_parameter"},
		{"usd currency", "POST", env + "/payments", amountForm(`"payment_kind":"bolt11","amount":{"currency":"usd","amount":500}`), nil, 400, "invalid_currency"},
		{"garbage invoice", "POST", env + "/payments", send(model.NewID(), "bolt11", `{"payment_request":"lntbs1garbage"}`), nil, 400, "invalid_bolt11_payment_request"},
		{"empty invoice", "POST", env + "/payments", send(model.NewID(), "bolt11", `{"payment_request":""}`), nil, 400, "missing_parameter"},
		{"mainnet invoice", "POST", env + "/payments", send(model.NewID(), "bolt11", `{"payment_request":"`+mainnetInv+`"}`), nil, 400, "invalid_network"},
		{"amount mismatch", "POST", env + "/payments", send(model.NewID(), "bolt11", `{"payment_request":"`+withAmount+`","amount":{"currency":"btc","amount":7000}}`), nil, 400, "amount_match_failed"},
		{"zero-amount invoice, no amount", "POST", env + "/payments", send(model.NewID(), "bolt11", `{"payment_request":"`+anyAmount+`"}`), nil, 400, "invalid_amount"},
		{"zero send amount", "POST", env + "/payments", send(model.NewID(), "bolt11", `{"payment_request":"`+anyAmount+`","amount":{"currency":"btc","amount":0}}`), nil, 400, "invalid_amount"},
		{"garbage address", "POST", env + "/payments", send(model.NewID(), "onchain", `{"address":"tb1qnotanaddress","amount":{"currency":"btc","amount":1000000}}`), nil, 400, "invalid_address"},
		{"mainnet address", "POST", env + "/payments", send(model.NewID(), "onchain", `{"address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4","amount":{"currency":"btc","amount":1000000}}`), nil, 400, "invalid_network"},
		{"on-chain without amount", "POST", env + "/payments", send(model.NewID(), "onchain", `{"address":"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"}`), nil, 422, "invalid_data"},
		{"send with the SDK's legacy fee field", "POST", env + "/payments", send(model.NewID(), "onchain", `{"address":"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx","amount_sats":1000}`), nil, 422, "invalid_data"},
		{"unknown payment", "GET", env + "/payments/" + model.NewID(), "", nil, 404, "payment_not_found"},
		{"payment id not a UUID", "GET", env + "/payments/abc", "", nil, 400, "invalid_parameter"},
		{"page too large", "GET", env + "/payments?limit=5000", "", nil, 400, "invalid_parameter"},
		{"unknown status filter", "GET", env + "/payments?statuses[]=paid", "", nil, 400, "invalid_parameter"},
		{"status filter in the SDK's form", "GET", env + "/payments?statuses=completed", "", nil, 400, "invalid_parameter"},
		{"unknown wallet read", "GET", base + "/wallets/" + model.NewID(), "", nil, 404, "instance_not_found"},
		{"bad ledger filter", "GET", base + "/wallets/" + w + "/ledger?sort_order=up", "", nil, 400, "invalid_parameter"},
		{"webhook with bad url", "POST", env + "/webhooks", `{"id":"` + model.NewID() + `","url":"not a url","name":"x","events":[{"send":"failed"}]}`, nil, 400, "invalid_webhook"},
		{"webhook unknown event", "POST", env + "/webhooks", `{"id":"` + model.NewID() + `","url":"https://x.example","name":"x","events":[{"send":"teleported"}]}`, nil, 400, "invalid_webhook"},
		{"webhook events in the SDK's array form", "POST", env + "/webhooks", `{"id":"` + model.NewID() + `","url":"https://x.example","name":"x","events":[{"send":["failed","succeeded"]}]}`, nil, 422, "invalid_data"},
		{"webhook without events", "POST", env + "/webhooks", `{"id":"` + model.NewID() + `","url":"https://x.example","name":"x"}`, nil, 422, "invalid_data"},
	}
	// The duplicate case needs the id taken first.
	if st, _ := do(t, "POST", env+"/payments", send(existing, "bolt11", `{"payment_request":"`+withAmount+`"}`), cr.APIKey, nil); st != 202 {
		t.Fatalf("setup send: %d", st)
	}
	before := srv.CountPayments("")
	for _, tt := range tests {
		status, body := do(t, tt.method, tt.url, tt.body, cr.APIKey, tt.headers)
		var env struct {
			Error struct {
				Type   string `json:"type"`
				Detail string `json:"detail"`
			} `json:"error"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Errorf("%s: body is not JSON: %q", tt.name, body)
			continue
		}
		if status != tt.status || env.Error.Type != tt.typ || env.Message == "" || env.Message != env.Error.Detail {
			t.Errorf("%s: %d %s (%q), want %d %s", tt.name, status, env.Error.Type, env.Error.Detail, tt.status, tt.typ)
		}
	}
	if after := srv.CountPayments(""); after != before {
		t.Errorf("refused requests created %d payments", after-before)
	}
}

func do(t *testing.T, method, url, body, key string, headers map[string]string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Api-Key", key)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestParseFaults(t *testing.T) {
	f, err := sim.ParseFaults("latency=5ms,error=0.1,error.payments.create=0.5,drop=0.2,hang=0.05,hangfor=1s,unavailable=0.3,ratelimit=0.1,retryafter=2s,hide=3s")
	if err != nil || f.Latency != 5*time.Millisecond || f.RouteError["payments.create"] != 0.5 || f.Hide != 3*time.Second ||
		f.Drop != 0.2 || f.Unavailable != 0.3 || f.RetryAfter != 2*time.Second || f.HangFor != time.Second {
		t.Errorf("%+v %v", f, err)
	}
	if f, err := sim.ParseFaults("chaos=0.2"); err != nil || f.Error+f.Drop+f.Hang+f.Unavailable+f.RateLimit < 0.74*0.2*4/4 || f.Hide == 0 {
		t.Errorf("chaos: %+v %v", f, err)
	}
	for _, bad := range []string{"error", "error=2", "latency=fast", "error.nowhere=0.1", "teleport=1"} {
		if _, err := sim.ParseFaults(bad); err == nil {
			t.Errorf("ParseFaults(%q) accepted", bad)
		}
	}
}
