package model

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestAmountObjectsAreReadFirst: a btc amount object wins over the legacy
// field beside it; the legacy field is read only when no object is there;
// an amount in cents is never read as msats, and such a payment is not
// counted in sats at all.
func TestAmountObjectsAreReadFirst(t *testing.T) {
	read := func(data string, currency string) Payment {
		t.Helper()
		var p Payment
		body := `{"id":"6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","direction":"send","type":"bolt11","status":"completed","currency":"` +
			currency + `","data":` + data + `}`
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := read(`{"amount":{"currency":"btc","amount":5000,"unit":"msats"},"amount_msats":9,"max_fee":{"currency":"btc","amount":70},"max_fee_msats":1,"fees":{"currency":"btc","amount":12}}`, "btc")
	if fee, _ := p.Fee(); p.Amount() != 5000 || p.MaxFee() != 70 || fee != 12 || !p.Supported() {
		t.Errorf("objects not read first: amount %v cap %v fee %v", p.Amount(), p.MaxFee(), fee)
	}
	p = read(`{"amount_msats":4000,"max_fee_msats":40,"fee_msats":4}`, "btc")
	if fee, _ := p.Fee(); p.Amount() != 4000 || p.MaxFee() != 40 || fee != 4 {
		t.Errorf("legacy fields not read as the fallback: %v %v %v", p.Amount(), p.MaxFee(), fee)
	}
	p = read(`{"amount":{"currency":"usd","amount":1234,"unit":"cents"},"amount_msats":0,"max_fee":{"currency":"usd","amount":10},"max_fee_msats":0}`, "usd")
	if p.Supported() || p.Amount() != 0 || p.Value() != (Amount{Amount: 1234, Currency: USD, Unit: "cents"}) || p.ValueText() != "$12.34" {
		t.Errorf("a usd payment: supported %v amount %v value %+v text %q", p.Supported(), p.Amount(), p.Value(), p.ValueText())
	}
	var onchain Payment
	json.Unmarshal([]byte(`{"id":"x","direction":"receive","type":"onchain","status":"completed","data":{"amount":{"currency":"btc","amount":150000000},"amount_sats":1}}`), &onchain)
	if onchain.Amount() != 150_000_000 || onchain.Data.(ReceiveOnchainData).AmountSats != 150_000 {
		t.Errorf("on-chain amount object: %v", onchain.Amount())
	}
}

// TestTheSpecsExamplesRead: the payments in the spec's own examples read
// with their amounts, fees and legs.
func TestTheSpecsExamplesRead(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "api", "spec", "voltage-openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Components struct {
			Schemas struct {
				Payment struct {
					Examples []json.RawMessage `json:"examples"`
				} `json:"Payment"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	examples := spec.Components.Schemas.Payment.Examples
	if len(examples) < 2 {
		t.Fatalf("%d examples", len(examples))
	}
	for i, ex := range examples {
		var p Payment
		if err := json.Unmarshal(ex, &p); err != nil {
			t.Fatalf("example %d: %v", i, err)
		}
		if p.Supported() && p.Amount() <= 0 {
			t.Errorf("example %d (%s %s) reads no amount", i, p.Direction, p.Kind)
		}
		out, _ := json.Marshal(p)
		var again Payment
		if err := json.Unmarshal(out, &again); err != nil || again.Amount() != p.Amount() {
			t.Errorf("example %d does not survive being written: %v", i, err)
		}
	}
	var first Payment
	json.Unmarshal(examples[0], &first)
	if fee, ok := first.Fee(); first.Amount() != 150_000_000 || !ok || fee != 250_000 || first.Breakdown == nil ||
		first.Breakdown.ProcessingFee.Amount != 100_000 || first.Route != "swap" {
		t.Errorf("the on-chain send example: amount %v fee %v breakdown %+v route %q", first.Amount(), fee, first.Breakdown, first.Route)
	}
}
