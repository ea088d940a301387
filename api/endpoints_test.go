package api

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

const (
	walletA  = "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10"
	paymentA = "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9"
	hookA    = "b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e"
	lineA    = "9e2b4c6d-8f1a-4b3c-a5d7-e9f0a1b2c3d4"
	org      = "/v1/organizations/" + testOrg
	env      = org + "/environments/" + testEnv
)

func TestEveryEndpoint(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	receive, _ := model.NewBolt11Receive(model.ReceiveParams{ID: paymentA, WalletID: walletA, Amount: 2_500_000, Description: "Flat white x2"})
	fee := model.MilliSats(5000)
	send, _ := model.NewBolt11Send(model.SendParams{ID: "f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", WalletID: walletA, Invoice: "lntbs20u1pn8x0qspp5...", MaxFee: &fee})

	tests := []struct {
		name         string
		call         func(c *Client) (any, error)
		method, path string
		query        string
		body         string // the JSON the client must send; "" for none
		status       int
		respond      string // testdata example to answer with; "" for an empty body
		want         func(t *testing.T, got any)
	}{
		{name: "1 list wallets", method: "GET", path: org + "/wallets", query: "environment_id=" + testEnv, status: 200, respond: "wallets_list",
			call: func(c *Client) (any, error) { return c.ListWallets(ctx) },
			want: func(t *testing.T, got any) {
				ws := got.([]model.Wallet)
				if len(ws) != 3 || ws[1].Available() != -26_000_000 || ws[1].Held() != 1_000_000 {
					t.Errorf("wallets %+v", ws)
				}
			}},
		{name: "2 create wallet", method: "POST", path: org + "/wallets", status: 202,
			body: `{"id":"3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10","environment_id":"c41d7f3a-2b8e-4f0a-9d6c-5e1a7b3c9f22","line_of_credit_id":"9e2b4c6d-8f1a-4b3c-a5d7-e9f0a1b2c3d4","name":"Coffee shop till","network":"mutinynet","limit":100000000,"metadata":{"purpose":"point-of-sale","store":"downtown"}}`,
			call: func(c *Client) (any, error) {
				return nil, c.CreateWallet(ctx, model.NewWalletRequest{ID: walletA, EnvironmentID: testEnv,
					LineOfCreditID: lineA, Name: "Coffee shop till", Network: "mutinynet", Limit: 100_000_000,
					Metadata: map[string]string{"store": "downtown", "purpose": "point-of-sale"}})
			}},
		{name: "3 get wallet", method: "GET", path: org + "/wallets/" + walletA, status: 200, respond: "wallet_fresh",
			call: func(c *Client) (any, error) { return c.GetWallet(ctx, walletA) },
			want: func(t *testing.T, got any) {
				if w := got.(model.Wallet); w.Name != "Coffee shop till" || w.CreditLimit() != 100_000_000 {
					t.Errorf("wallet %+v", w)
				}
			}},
		{name: "4 delete wallet", method: "DELETE", path: org + "/wallets/" + walletA, status: 200,
			call: func(c *Client) (any, error) { return nil, c.DeleteWallet(ctx, walletA) }},
		{name: "5 wallet ledger", method: "GET", path: org + "/wallets/" + walletA + "/ledger", status: 200, respond: "ledger_page",
			query: "limit=3&sort_key=effective_time&sort_order=DESC&start_date=2025-05-01T00%3A00%3A00Z",
			call: func(c *Client) (any, error) {
				return c.WalletLedger(ctx, walletA, model.LedgerFilter{Limit: 3, Start: start, SortKey: "effective_time", SortOrder: model.Descending})
			},
			want: func(t *testing.T, got any) {
				p := got.(model.Page[model.LedgerEvent])
				if len(p.Items) != 3 || p.Total != 17 || p.Items[0].TotalDelta() != -2_001_012 || !p.More() {
					t.Errorf("ledger %+v", p)
				}
			}},
		{name: "6 list payments", method: "GET", path: env + "/payments", status: 200, respond: "payments_page",
			query: "direction=receive&kind=bolt11&limit=50&offset=100&statuses%5B%5D=receiving&statuses%5B%5D=completed&wallet_id=" + walletA,
			call: func(c *Client) (any, error) {
				return c.ListPayments(ctx, model.PaymentFilter{Offset: 100, Limit: 50, WalletID: walletA,
					Statuses: []model.Status{model.StatusReceiving, model.StatusCompleted}, Kind: model.Bolt11, Direction: model.Receive})
			},
			want: func(t *testing.T, got any) {
				p := got.(model.Page[model.Payment])
				if len(p.Items) != 3 || p.Total != 57 || p.Items[0].Direction != model.Send {
					t.Errorf("page %+v", p)
				}
			}},
		{name: "7a create receive", method: "POST", path: env + "/payments", status: 202,
			body: `{"id":"6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","wallet_id":"3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10","amount":{"currency":"btc","amount":2500000},"payment_kind":"bolt11","description":"Flat white x2"}`,
			call: func(c *Client) (any, error) { return nil, c.CreatePayment(ctx, receive) }},
		{name: "7b create send", method: "POST", path: env + "/payments", status: 202,
			body: `{"id":"f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f","wallet_id":"3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10","currency":"btc","type":"bolt11","data":{"payment_request":"lntbs20u1pn8x0qspp5...","max_fee":{"currency":"btc","amount":5000}}}`,
			call: func(c *Client) (any, error) { return nil, c.CreatePayment(ctx, send) }},
		{name: "8 get payment", method: "GET", path: env + "/payments/" + paymentA, status: 200, respond: "payment_receive_bolt11_receiving",
			call: func(c *Client) (any, error) { return c.GetPayment(ctx, paymentA) },
			want: func(t *testing.T, got any) {
				if p := got.(model.Payment); p.Status != model.StatusReceiving || p.Invoice() != "lntbs25u1pn9ye7qpp5..." {
					t.Errorf("payment %+v", p)
				}
			}},
		{name: "9 payment history", method: "GET", path: env + "/payments/" + paymentA + "/history", status: 200, respond: "history_send_failed",
			call: func(c *Client) (any, error) { return c.PaymentHistory(ctx, paymentA) },
			want: func(t *testing.T, got any) {
				if h := got.(model.PaymentHistory); len(h.Events) != 3 || h.Events[2].Error != "no route found within the fee limit" {
					t.Errorf("history %+v", h)
				}
			}},
		{name: "10 line of credit", method: "GET", path: org + "/lines_of_credit/" + lineA + "/summary", status: 200, respond: "line_of_credit_mutinynet",
			call: func(c *Client) (any, error) { return c.LineOfCredit(ctx, lineA) },
			want: func(t *testing.T, got any) {
				if l := got.(model.LineOfCredit); l.Unallocated() != 100_000_000_000-5_100_000_000 || l.Status.String() != "waived" {
					t.Errorf("line %+v", l)
				}
			}},
		{name: "11 lines of credit", method: "GET", path: org + "/lines_of_credit/summaries", query: "environment_ids%5B%5D=" + testEnv,
			status: 200, respond: "lines_of_credit",
			call: func(c *Client) (any, error) { return c.LinesOfCredit(ctx) },
			want: func(t *testing.T, got any) { // the answer's second line is another environment's
				if ls := got.([]model.LineOfCredit); len(ls) != 1 || ls[0].EnvironmentID != testEnv {
					t.Errorf("lines %+v", ls)
				}
			}},
		{name: "12 list webhooks", method: "GET", path: org + "/webhooks", status: 200, respond: "webhooks_list",
			query: "environment_ids%5B%5D=" + testEnv + "&statuses%5B%5D=active&statuses%5B%5D=stopped",
			call: func(c *Client) (any, error) {
				return c.ListWebhooks(ctx, model.WebhookFilter{EnvironmentIDs: []string{testEnv},
					Statuses: []model.WebhookStatus{model.WebhookActive, model.WebhookStopped}})
			},
			want: func(t *testing.T, got any) {
				if ws := got.([]model.Webhook); len(ws) != 2 || ws[1].Status != model.WebhookStopped {
					t.Errorf("webhooks %+v", ws)
				}
			}},
		{name: "13 create webhook", method: "POST", path: env + "/webhooks", status: 202, respond: "webhook_secret",
			body: `{"id":"b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e","url":"https://hooks.example.org/voltage","name":"voltdash staging","events":[{"send":"succeeded"},{"receive":"completed"}]}`,
			call: func(c *Client) (any, error) {
				return c.CreateWebhook(ctx, model.NewWebhookRequest{ID: hookA, URL: "https://hooks.example.org/voltage",
					Name: "voltdash staging", Events: model.WebhookEvents{{Type: "send", Event: "succeeded"}, {Type: "receive", Event: "completed"}}})
			},
			want: func(t *testing.T, got any) {
				if s := got.(model.WebhookSecret); s.SharedSecret != "vltg_3kQz9XwT2mRb7LcV5nYp1HdA8sJfE4gU" {
					t.Errorf("secret %+v", s)
				}
			}},
		{name: "14 get webhook", method: "GET", path: env + "/webhooks/" + hookA, status: 200, respond: "webhook_active",
			call: func(c *Client) (any, error) { return c.GetWebhook(ctx, hookA) },
			want: func(t *testing.T, got any) {
				if w := got.(model.Webhook); len(w.Events) != 5 || w.URL != "https://hooks.example.org/voltage" {
					t.Errorf("webhook %+v", w)
				}
			}},
		{name: "15 update webhook", method: "PATCH", path: env + "/webhooks/" + hookA, status: 202,
			body: `{"url":"https://hooks.example.org/v2","events":[{"receive":"completed"}]}`,
			call: func(c *Client) (any, error) {
				return nil, c.UpdateWebhook(ctx, hookA, model.UpdateWebhookRequest{URL: "https://hooks.example.org/v2",
					Events: model.WebhookEvents{{Type: "receive", Event: "completed"}}})
			}},
		{name: "16 delete webhook", method: "DELETE", path: env + "/webhooks/" + hookA, status: 202,
			call: func(c *Client) (any, error) { return nil, c.DeleteWebhook(ctx, hookA) }},
		{name: "17 start webhook", method: "POST", path: env + "/webhooks/" + hookA + "/start", status: 202,
			call: func(c *Client) (any, error) { return nil, c.StartWebhook(ctx, hookA) }},
		{name: "18 stop webhook", method: "POST", path: env + "/webhooks/" + hookA + "/stop", status: 202,
			call: func(c *Client) (any, error) { return nil, c.StopWebhook(ctx, hookA) }},
		{name: "19 rotate webhook key", method: "POST", path: env + "/webhooks/" + hookA + "/keys", status: 202, respond: "webhook_secret",
			call: func(c *Client) (any, error) { return c.GenerateWebhookKey(ctx, hookA) },
			want: func(t *testing.T, got any) {
				if s := got.(model.WebhookSecret); s.ID != hookA {
					t.Errorf("secret %+v", s)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f, _ := setup(t)
			body := ""
			if tt.respond != "" {
				body = example(t, tt.respond)
			}
			f.script(reply(tt.status, body))
			got, err := tt.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := f.seen()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != tt.path || r.RawQuery != tt.query {
				t.Errorf("sent %s %s?%s\nwant %s %s?%s", r.Method, r.Path, r.RawQuery, tt.method, tt.path, tt.query)
			}
			if r.Header.Get("X-Api-Key") != testKey || r.Header.Get("Content-Type") != "application/json" ||
				r.Header.Get("User-Agent") != "voltdash/test" {
				t.Errorf("headers %v", r.Header)
			}
			if !sameJSONText(r.Body, tt.body) {
				t.Errorf("body\n got %s\nwant %s", r.Body, tt.body)
			}
			if tt.want != nil {
				tt.want(t, got)
			}
		})
	}
}

func sameJSONText(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	var x, y any
	return json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil && reflect.DeepEqual(x, y)
}

func TestNothingIsSentForBadInput(t *testing.T) {
	c, f, _ := setup(t)
	ctx := context.Background()
	errs := []error{
		second(c.GetPayment(ctx, "../../wallets")),
		second(c.GetWallet(ctx, "")),
		second(c.PaymentHistory(ctx, "7")),
		c.CreatePayment(ctx, model.ReceiveRequest{ID: "not-a-uuid", WalletID: walletA, Kind: model.Bolt11}),
		c.CreatePayment(ctx, model.SendRequest{ID: paymentA, WalletID: walletA, Type: model.Bolt11}),
		c.CreateWallet(ctx, model.NewWalletRequest{ID: walletA, EnvironmentID: testEnv, LineOfCreditID: lineA, Name: "x", Network: "mutinynet"}),
		c.DeleteWebhook(ctx, "x"),
		second(c.WalletLedger(ctx, "nope", model.LedgerFilter{})),
	}
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: accepted", i)
		}
	}
	if n := len(f.seen()); n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
}

func second[T any](_ T, err error) error { return err }

func TestErrorBodies(t *testing.T) {
	c, f, _ := setup(t)
	f.script(
		reply(404, example(t, "error_instance_not_found")),
		reply(403, `{"message":"forbidden for this environment"}`),
		reply(400, `not json at all`),
		reply(422, `{"error":{"type":"invalid_data","detail":"amount_msats: expected integer","code":"schema"}}`),
	)
	_, err := c.GetWallet(context.Background(), walletA)
	e, ok := asError(err)
	if !ok || e.Status != 404 || e.Type != "instance_not_found" || e.Context["wallet_id"] != "77aa1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b" ||
		!IsNotFound(err) || IsRetryable(err) {
		t.Errorf("envelope: %#v", err)
	}
	_, err = c.ListWallets(context.Background())
	if e, _ := asError(err); !IsAuth(err) || e.Detail != "forbidden for this environment" || e.Type != "forbidden" {
		t.Errorf("bare message: %v", err)
	}
	_, err = c.ListWallets(context.Background())
	if e, _ := asError(err); e.Status != 400 || e.Type != "bad_request" {
		t.Errorf("non-JSON: %v", err)
	}
	_, err = c.ListWallets(context.Background())
	if err.Error() != "GET /organizations/"+testOrg+"/wallets: 422 invalid_data/schema: amount_msats: expected integer" {
		t.Errorf("text: %q", err)
	}
}

func TestNewRefusesBadSettings(t *testing.T) {
	for _, tt := range []struct {
		url, key, org, env string
		insecure           bool
	}{
		{"http://voltageapi.com/v1", testKey, testOrg, testEnv, true},
		{"http://10.0.0.5:8080/v1", testKey, testOrg, testEnv, true},
		{"ftp://voltageapi.com/v1", testKey, testOrg, testEnv, false},
		{"https://user:pw@voltageapi.com/v1", testKey, testOrg, testEnv, false},
		{"::not a url", testKey, testOrg, testEnv, false},
		{"", "", testOrg, testEnv, false},
		{"", "has space", testOrg, testEnv, false},
		{"", testKey, "org", testEnv, false},
		{"", testKey, testOrg, "", false},
	} {
		_, err := New(tt.url, tt.key, tt.org, tt.env)
		if err == nil {
			t.Errorf("New(%q, …) accepted", tt.url)
			continue
		}
		if tt.insecure != errorsIs(err, ErrInsecureURL) {
			t.Errorf("New(%q): %v", tt.url, err)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8080/v1", "http://localhost/v1", "http://[::1]:9/v1", "https://voltageapi.com/v1/"} {
		c, err := New(ok, testKey, testOrg, testEnv)
		if err != nil {
			t.Errorf("New(%q): %v", ok, err)
		} else if c.BaseURL() != ok && ok[len(ok)-1] != '/' {
			t.Errorf("base %q", c.BaseURL())
		}
	}
}
