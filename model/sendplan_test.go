package model

import (
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"

	"github.com/voltdash/voltdash/model/invoicetest"
)

func mutinyWallet(available MilliSats) Wallet {
	limit := Sats(1000)
	return Wallet{ID: "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10", Name: "Till", Network: Mutinynet, Active: true, Limit: &limit,
		Balances: []Balance{{Available: NewSignedAmount(available), Total: NewSignedAmount(available), Currency: BTC}}}
}

// TestPlanSendRefusesBadInput: every way the Send form can be wrong, and
// the sentence shown at the field. None of these can produce a request.
func TestPlanSendRefusesBadInput(t *testing.T) {
	w := mutinyWallet(Sats(100_000))
	withAmount := invoicetest.Make(t, &chaincfg.SigNetParams, 2_500_000, "Flat white x2", t0, time.Hour)
	anyAmount := invoicetest.Make(t, &chaincfg.SigNetParams, 0, "Tip jar", t0, time.Hour)
	mainnet := invoicetest.Make(t, &chaincfg.MainNetParams, 2_500_000, "coffee", t0, time.Hour)
	expired := invoicetest.Make(t, &chaincfg.SigNetParams, 2_500_000, "old", t0.Add(-2*time.Hour), time.Hour)
	tests := []struct {
		name, target, amount, fee string
		field, want               string
	}{
		{"nothing pasted", "", "", "", "target", "paste a Lightning invoice, or type a bitcoin address or bitcoin: URI"},
		{"not an invoice or address", "hello there", "", "", "target", "this is neither a Lightning invoice nor a bitcoin address"},
		{"damaged invoice", withAmount[:len(withAmount)-3] + "qqq", "", "", "target", "invoice is damaged: its checksum does not match, so part of it is missing or mistyped"},
		{"wrong network", mainnet, "", "", "target", "invoice is for Mainnet but the wallet is on Mutinynet"},
		{"expired", expired, "", "", "target", "invoice expired 1h ago"},
		{"zero-amount invoice, no amount", anyAmount, "", "", "amount", "this invoice has no amount: enter one"},
		{"amount disagrees with the invoice", withAmount, "3000", "", "amount", "the invoice asks for 2,500 sats; leave this empty or enter exactly that"},
		{"amount not a number", anyAmount, "lots", "", "amount", `not a number: "lots"`},
		{"negative amount", anyAmount, "-5", "", "amount", "amount cannot be negative"},
		{"zero amount", anyAmount, "0", "", "amount", "amount must be more than zero"},
		{"too precise", anyAmount, "1.0001", "", "amount", "too many decimals: the smallest amount is 1 msat (0.001 sat)"},
		{"absurd amount", anyAmount, "22000000 btc", "", "amount", "amount is more than 21,000,000 BTC"},
		{"fee cap not a number", withAmount, "", "cheap", "fee", `not a number: "cheap"`},
		{"negative fee cap", withAmount, "", "-1", "fee", "amount cannot be negative"},
		{"mainnet address", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1000", "", "target", "address is for Mainnet but the wallet is on Mutinynet"},
		{"on-chain without amount", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "", "", "amount", "enter the amount to send"},
		{"on-chain fraction of a sat", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "1.5", "", "amount", "on-chain amounts are whole sats"},
		{"on-chain fee fraction", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "1000", "2.5", "fee", "on-chain fees are whole sats"},
		{"broken URI", "bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=much", "", "", "target", `bitcoin URI amount: not a number: "much btc"`},
	}
	for _, tt := range tests {
		_, bad := PlanSend(tt.target, tt.amount, tt.fee, w, true, t0, nil)
		got := map[string]string{"target": bad.Target, "amount": bad.Amount, "fee": bad.Fee}[tt.field]
		if got != tt.want || bad.OK() {
			t.Errorf("%s: %s says %q, want %q (all: %+v)", tt.name, tt.field, got, tt.want, bad)
		}
	}
	if _, bad := PlanSend(withAmount, "", "", Wallet{}, false, t0, nil); bad.Target != "there is no wallet to pay from yet" {
		t.Errorf("no wallet: %+v", bad)
	}
}

func TestPlanSendBuildsTheRequest(t *testing.T) {
	w := mutinyWallet(Sats(100_000))
	inv := invoicetest.Make(t, &chaincfg.SigNetParams, 2_500_000, "Flat white x2", t0, time.Hour)
	plan, bad := PlanSend("LIGHTNING:"+inv, "", "", w, true, t0, nil)
	if !bad.OK() || plan.Amount != 2_500_000 || plan.MaxFee != 25_000 || !plan.FeeDefault || plan.Memo != "Flat white x2" {
		t.Fatalf("plan %+v %+v", plan, bad)
	}
	req, err := plan.Request(w.ID)
	if err != nil || req.Data.PaymentRequest != inv || req.Data.Amount != nil || *req.Data.MaxFee != (Amount{Amount: 25_000, Currency: BTC}) {
		t.Errorf("request %+v %v", req, err)
	}
	// On-chain with the fee left to Voltage: no fee cap is sent.
	plan, bad = PlanSend("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "50,000", "", w, true, t0, nil)
	req, err = plan.Request(w.ID)
	if !bad.OK() || err != nil || *req.Data.Amount != (Amount{Amount: 50_000_000, Currency: BTC}) || req.Data.MaxFee != nil {
		t.Errorf("on-chain %+v %v", req.Data, err)
	}
	if warn := plan.Warning(w, UnitSats.Lens()); warn != "" {
		t.Errorf("no warning expected: %s", warn)
	}
	plan, _ = PlanSend("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "100,500", "", w, true, t0, nil)
	if warn := plan.Warning(w, UnitSats.Lens()); warn == "" {
		t.Error("more than available warns")
	}
	plan, _ = PlanSend("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "200,000", "", w, true, t0, nil)
	if warn := plan.Warning(w, UnitSats.Lens()); warn == "" || warn[len(warn)-5:] != "fail." {
		t.Errorf("beyond the credit too: %q", warn)
	}
}

// t0 is when the plans are checked.
var t0 = time.Date(2025, 5, 7, 14, 3, 0, 0, time.UTC)
