package sim_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestCheckPayment: check_payment decides a send as create_payment would
// (approved, rejected by a policy, or hold_failed) and stops there: no
// hold, no money moved, approved for good. The check is listed with the
// payments, its metadata as sent, and its id is used up.
func TestCheckPayment(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 51, NoHistory: true})
	ctx := context.Background()
	ids := srv.WalletIDs()
	w, broke := ids[0], ids[2] // the third seeded wallet has no credit and no money
	fund(t, srv, c, clk, w, model.Sats(50_000))
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{MaxPaymentSizeSats: num(20_000), TransactionsPerMinute: num(1)}); err != nil {
		t.Fatal(err)
	}
	check := func(wallet string, amount model.MilliSats, meta map[string]string) model.SendRequest {
		t.Helper()
		inv := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: amount}))
		req := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: wallet, Invoice: inv}))
		req.Metadata = meta
		if err := c.CheckPayment(ctx, req); err != nil {
			t.Fatal(err)
		}
		return req
	}
	before := wallet(t, c, w)
	for _, tt := range []struct {
		name             string
		wallet           string
		amount           model.MilliSats
		status           model.Status
		errType, errCode string
	}{
		{"within the policies", w, model.Sats(10_000), model.StatusApproved, "", ""},
		// Checks are not sends: the velocity of one a minute is still unused.
		{"again within the minute", w, model.Sats(10_000), model.StatusApproved, "", ""},
		{"over the payment size", w, model.Sats(20_001), model.StatusFailed, "rejected", "rejected"},
		{"more than the wallet can hold", broke, model.Sats(1_000), model.StatusFailed, "hold_failed", "insufficient_funds"},
	} {
		req := check(tt.wallet, tt.amount, map[string]string{"case": tt.name})
		if p := payment(t, c, req.ID); p.Status != model.StatusSending {
			t.Errorf("%s: a new check is %s", tt.name, p.Status)
		}
		clk.Advance(200 * time.Millisecond)
		p := payment(t, c, req.ID)
		var typ, code string
		if p.Error != nil {
			typ, code = p.Error.Type, p.Error.Code
		}
		if p.Status != tt.status || typ != tt.errType || code != tt.errCode || p.Direction != model.Send || p.Metadata["case"] != tt.name {
			t.Errorf("%s: %s %+v, want %s %s/%s", tt.name, p.Status, p.Error, tt.status, tt.errType, tt.errCode)
		}
		if got := ledger(t, c, tt.wallet, req.ID); len(got) != 0 {
			t.Errorf("%s: a check wrote the ledger: %v", tt.name, got)
		}
	}
	clk.Advance(time.Hour)
	after := wallet(t, c, w)
	if after.Held() != 0 || after.Total() != before.Total() || after.Available() != before.Available() {
		t.Errorf("checks moved money: %+v → %+v", before.Balances, after.Balances)
	}
	if b := wallet(t, c, broke); b.Error != nil {
		t.Errorf("a failed check marked the wallet: %+v", b.Error)
	}
	page := must[model.Page[model.Payment]](t)(c.ListPayments(ctx, model.PaymentFilter{Direction: model.Send}))
	approved := 0
	for _, p := range page.Items {
		if p.Status == model.StatusApproved {
			approved++
		}
	}
	if len(page.Items) != 4 || approved != 2 {
		t.Errorf("listed sends: %d, %d of them approved an hour on", len(page.Items), approved)
	}

	// The id is taken: by a check or a send, a second use is 409.
	req := check(w, model.Sats(1_000), nil)
	if err := c.CheckPayment(ctx, req); errType(err) != "payment_exists" {
		t.Errorf("a check's id checked again: %v", err)
	}
	if err := c.CreatePayment(ctx, req); errType(err) != "payment_exists" {
		t.Errorf("a check's id sent: %v", err)
	}
}

// TestCheckPaymentRefusals: the body is a send's, validated as a send's.
func TestCheckPaymentRefusals(t *testing.T) {
	srv, _, _ := start(t, sim.Config{Seed: 52, NoHistory: true})
	cr := srv.Credentials()
	w := srv.WalletIDs()[0]
	url := srv.URL() + "/organizations/" + cr.OrganizationID + "/environments/" + cr.EnvironmentID + "/payments/check"
	inv := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: 5000}))
	send := func(data string) string {
		return `{"id":"` + model.NewID() + `","wallet_id":"` + w + `","currency":"btc","type":"bolt11","data":` + data + `}`
	}
	for _, tt := range []struct {
		name, body string
		status     int
		typ        string
	}{
		{"a receive", `{"id":"` + model.NewID() + `","wallet_id":"` + w + `","amount":{"currency":"btc","amount":5000},"payment_kind":"bolt11"}`, 400, "invalid_payment"},
		{"a mainnet invoice", send(`{"payment_request":"lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp"}`), 400, "invalid_network"},
		{"an amount the invoice does not have", send(`{"payment_request":"` + inv + `","amount":{"currency":"btc","amount":6000}}`), 400, "amount_match_failed"},
		{"no data", `{"id":"` + model.NewID() + `","wallet_id":"` + w + `","currency":"btc","type":"bolt11"}`, 422, "invalid_data"},
		{"an unknown wallet", `{"id":"` + model.NewID() + `","wallet_id":"` + model.NewID() + `","currency":"btc","type":"bolt11","data":{"payment_request":"` + inv + `"}}`, 400, "invalid_payment"},
		{"a good one", send(`{"payment_request":"` + inv + `"}`), 202, ""},
	} {
		status, body := do(t, "POST", url, tt.body, cr.APIKey, nil)
		var env struct {
			Error struct {
				Type string `json:"type"`
			} `json:"error"`
		}
		_ = json.Unmarshal(body, &env)
		if status != tt.status || env.Error.Type != tt.typ {
			t.Errorf("%s: %d %s, want %d %s", tt.name, status, body, tt.status, tt.typ)
		}
	}
	if n, checks := srv.CountPayments(""), srv.Checks(); n != 0 || len(checks) != 1 {
		t.Errorf("%d payments and %d checks, want only the good check", n, len(checks))
	}
}
