package sim_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

func policies(t *testing.T, c *api.Client, walletID string) model.WalletPolicies {
	t.Helper()
	return must[model.WalletPolicies](t)(c.WalletPolicies(context.Background(), walletID))
}

func num(n uint64) *uint64 { return &n }

// TestPoliciesAreSetKeptAndRemoved: a wallet starts with none; an update
// sets what it gives, keeps the rest and each policy's id and created_at,
// and a null removes a policy.
func TestPoliciesAreSetKeptAndRemoved(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 41, NoHistory: true})
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	if p := policies(t, c, w); p.ID != w || len(p.Policies) != 0 || !p.UpdatedAt.Equal(t0.AddDate(0, 0, -45)) {
		t.Fatalf("a new wallet's policies: %+v", p)
	}
	on := true
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{MaxPaymentSizeSats: num(50_000), OFACCompliant: &on,
		ProcessingFee: &model.ProcessingFeeRates{SendBasisPoints: 50, ReceiveBasisPoints: 25}}); err != nil {
		t.Fatal(err)
	}
	first := policies(t, c, w)
	most, limited := first.MaxPaymentSize()
	fee, hasFee := first.ProcessingFee()
	if len(first.Policies) != 3 || !limited || most != model.Sats(50_000) || !first.OFAC() || !hasFee || fee.SendBasisPoints != 50 ||
		!first.UpdatedAt.Equal(t0) {
		t.Fatalf("after the first update: %+v", first)
	}
	clk.Advance(time.Minute)
	if err := c.UpdateWalletPolicies(ctx, w, model.PolicyUpdate{MaxPaymentSizeSats: num(60_000), TransactionsPerMinute: num(3),
		Clear: []string{"ofac_compliant", "processing_fee"}}); err != nil {
		t.Fatal(err)
	}
	second := policies(t, c, w)
	if n, ok := second.TransactionsPerMinute(); len(second.Policies) != 2 || !ok || n != 3 || second.OFAC() {
		t.Fatalf("after the second update: %+v", second)
	}
	was, now := first.Policies[0].Data, second.Policies[0].Data
	if second.Policies[0].Type != model.PolicyMaxPaymentSize || now.ID != was.ID || !now.CreatedAt.Equal(was.CreatedAt) ||
		now.UpdatedAt == nil || !now.UpdatedAt.Equal(t0.Add(time.Minute)) || *now.MaxSizeSats != 60_000 {
		t.Errorf("a policy changed keeps its id and creation: was %+v, now %+v", was, now)
	}
	if other := policies(t, c, srv.WalletIDs()[1]); len(other.Policies) != 0 {
		t.Errorf("another wallet's policies: %+v", other)
	}
}

// TestPolicyRefusals: what update_wallet_policies refuses, as its 400
// (ErrorResponse_WalletPolicyBadRequestError), 404
// (WalletPolicyNotFoundError) and 422 declare.
func TestPolicyRefusals(t *testing.T) {
	srv, c, _ := start(t, sim.Config{Seed: 42, NoHistory: true})
	cr := srv.Credentials()
	ids := srv.WalletIDs()
	if err := c.DeleteWallet(context.Background(), ids[2]); err != nil {
		t.Fatal(err)
	}
	url := func(w string) string {
		return srv.URL() + "/organizations/" + cr.OrganizationID + "/wallets/" + w + "/policies"
	}
	for _, tt := range []struct {
		name, method, wallet, body string
		status                     int
		typ                        string
	}{
		{"fee above 10000 basis points", "PATCH", ids[0], `{"processing_fee":{"send_basis_points":10001,"receive_basis_points":0}}`, 400, "invalid_parameter"},
		{"zero payment size", "PATCH", ids[0], `{"max_payment_size_sats":0}`, 400, "invalid_parameter"},
		{"an approval template", "PATCH", ids[0], `{"template_id":"` + model.NewID() + `"}`, 400, "invalid_parameter"},
		{"nothing to change", "PATCH", ids[0], `{}`, 400, "no_updates_provided"},
		{"not JSON", "PATCH", ids[0], `{`, 400, "invalid_syntax"},
		{"a field the schema lacks", "PATCH", ids[0], `{"max_fee_sats":5}`, 422, "invalid_data"},
		{"a negative count", "PATCH", ids[0], `{"transactions_per_minute":-1}`, 422, "invalid_data"},
		{"unknown wallet", "PATCH", model.NewID(), `{"transactions_per_minute":1}`, 404, "wallet_policies_not_found"},
		{"deleted wallet", "PATCH", ids[2], `{"transactions_per_minute":1}`, 404, "wallet_policies_not_found"},
		{"read an unknown wallet's", "GET", model.NewID(), ``, 404, "wallet_policies_not_found"},
		{"no template to remove", "PATCH", ids[1], `{"template_id":null}`, 202, ""},
		{"the largest fee", "PATCH", ids[1], `{"processing_fee":{"send_basis_points":10000,"receive_basis_points":10000}}`, 202, ""},
	} {
		status, body := do(t, tt.method, url(tt.wallet), tt.body, cr.APIKey, nil)
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
	if p := policies(t, c, ids[0]); len(p.Policies) != 0 {
		t.Errorf("refused updates changed the policies: %+v", p)
	}
}

// sendOut creates a send of amount from wallet to an invoice outside and
// lets the simulator decide it.
func sendOut(t *testing.T, srv *sim.Server, c *api.Client, clk *clock.Manual, wallet string, amount model.MilliSats) model.Payment {
	t.Helper()
	inv := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: amount}))
	req := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: wallet, Invoice: inv}))
	if err := c.CreatePayment(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	clk.Advance(200 * time.Millisecond)
	return payment(t, c, req.ID)
}

// TestPoliciesRefuseSends: a send that breaks a policy ends failed with
// rejected/rejected, holds nothing and moves nothing; one within the
// policies goes as before.
func TestPoliciesRefuseSends(t *testing.T) {
	for _, tt := range []struct {
		name   string
		policy model.PolicyUpdate
		before []model.MilliSats // sends made first, each allowed
		wait   time.Duration     // then this much time passes
		amount model.MilliSats
		refuse bool
	}{
		{"within the payment size", model.PolicyUpdate{MaxPaymentSizeSats: num(10_000)}, nil, 0, model.Sats(10_000), false},
		{"over the payment size", model.PolicyUpdate{MaxPaymentSizeSats: num(10_000)}, nil, 0, model.Sats(10_000) + 1, true},
		{"third send in a minute of two", model.PolicyUpdate{TransactionsPerMinute: num(2)},
			[]model.MilliSats{model.Sats(100), model.Sats(100)}, 10 * time.Second, model.Sats(100), true},
		{"third send after the minute", model.PolicyUpdate{TransactionsPerMinute: num(2)},
			[]model.MilliSats{model.Sats(100), model.Sats(100)}, time.Minute, model.Sats(100), false},
		{"over the volume in a day", model.PolicyUpdate{SendVolumeLimitSats: num(30_000)},
			[]model.MilliSats{model.Sats(20_000)}, 23 * time.Hour, model.Sats(10_001), true},
		{"up to the volume", model.PolicyUpdate{SendVolumeLimitSats: num(30_000)},
			[]model.MilliSats{model.Sats(20_000)}, time.Hour, model.Sats(10_000), false},
		{"volume after a day", model.PolicyUpdate{SendVolumeLimitSats: num(30_000)},
			[]model.MilliSats{model.Sats(20_000)}, 24 * time.Hour, model.Sats(25_000), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, c, clk := start(t, sim.Config{Seed: 43, NoHistory: true})
			w := srv.WalletIDs()[0]
			fund(t, srv, c, clk, w, model.Sats(200_000))
			if err := c.UpdateWalletPolicies(context.Background(), w, tt.policy); err != nil {
				t.Fatal(err)
			}
			for _, a := range tt.before {
				if p := sendOut(t, srv, c, clk, w, a); p.Status != model.StatusApproved {
					t.Fatalf("an earlier send: %s %+v", p.Status, p.Error)
				}
			}
			clk.Advance(tt.wait)
			before := wallet(t, c, w)
			p := sendOut(t, srv, c, clk, w, tt.amount)
			if !tt.refuse {
				if p.Status != model.StatusApproved {
					t.Errorf("allowed send: %s %+v", p.Status, p.Error)
				}
				return
			}
			if p.Status != model.StatusFailed || p.Error == nil || p.Error.Type != "rejected" || p.Error.Code != "rejected" || p.Error.Detail == "" {
				t.Fatalf("refused send: %s %+v", p.Status, p.Error)
			}
			after := wallet(t, c, w)
			if after.Held() != before.Held() || after.Total() != before.Total() || len(ledger(t, c, w, p.ID)) != 0 {
				t.Errorf("a refused send moved money: held %d→%d, total %d→%d, ledger %v",
					before.Held(), after.Held(), before.Total(), after.Total(), ledger(t, c, w, p.ID))
			}
		})
	}
}

// TestPolicyRefusalSaysWhich: the detail names the policy broken.
func TestPolicyRefusalSaysWhich(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 44, NoHistory: true})
	w := srv.WalletIDs()[1]
	if err := c.UpdateWalletPolicies(context.Background(), w, model.PolicyUpdate{MaxPaymentSizeSats: num(1_000),
		SendVolumeLimitSats: num(500)}); err != nil {
		t.Fatal(err)
	}
	for amount, policy := range map[model.MilliSats]string{model.Sats(2_000): "max_payment_size", model.Sats(800): "send_volume_limit"} {
		p := sendOut(t, srv, c, clk, w, amount)
		if p.Error == nil || !strings.Contains(p.Error.Detail, policy) {
			t.Errorf("%d msats: %+v, want a detail naming %s", amount, p.Error, policy)
		}
	}
}
