package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/api/sim/contract"
	"github.com/voltdash/voltdash/model"
)

// TestReceiveExpiryFitsTheSpec: receive requests of every form carrying an
// expiration validate against create_payment's request schema, as a fresh
// checker judges them; the same request with the field mistyped does not,
// so the checker does read it.
func TestReceiveExpiryFitsTheSpec(t *testing.T) {
	ch, err := contract.New()
	if err != nil {
		t.Fatal(err)
	}
	w := "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10"
	path := "/v1/organizations/b0684ab8-1130-46af-8f70-71519442f108/environments/123e4567-e89b-12d3-a456-426614174000/payments"
	send := func(body []byte) {
		r, _ := http.NewRequest(http.MethodPost, "https://voltageapi.com"+path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Api-Key", "vltg_test")
		ch.Request(r, body)
	}
	for _, build := range []func() (model.ReceiveRequest, error){
		func() (model.ReceiveRequest, error) {
			return model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Amount: model.Sats(150), Expiry: 10 * time.Minute})
		},
		func() (model.ReceiveRequest, error) {
			return model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Expiry: model.MaxReceiveExpiry, Description: "Tip jar"})
		},
		func() (model.ReceiveRequest, error) {
			return model.NewOnchainReceive(model.ReceiveParams{WalletID: w, Amount: model.Sats(150_000), Expiry: model.MinReceiveExpiry})
		},
		func() (model.ReceiveRequest, error) {
			return model.NewBip21Receive(model.ReceiveParams{WalletID: w, Expiry: 90 * time.Second})
		},
	} {
		req := must[model.ReceiveRequest](t)(build())
		body, _ := json.Marshal(req)
		if !bytes.Contains(body, []byte(`"expiration":`)) {
			t.Fatalf("no expiration in %s", body)
		}
		send(body)
	}
	if summary, mismatches := ch.Report(); len(mismatches) != 0 || !strings.Contains(summary, "4 requests") {
		t.Errorf("%s\n%s", summary, strings.Join(mismatches, "\n"))
	}
	body, _ := json.Marshal(must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Expiry: time.Minute})))
	send(bytes.Replace(body, []byte(`"expiration":60`), []byte(`"expiration":"60"`), 1))
	if _, mismatches := ch.Report(); len(mismatches) == 0 {
		t.Error("a mistyped expiration passed the checker")
	}
}

// TestReceiveExpiryIsHonoured: the simulator signs each invoice with the
// expiry asked for and expires an address or URI when it passes.
func TestReceiveExpiryIsHonoured(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 21, NoHistory: true})
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	inv := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Expiry: 10 * time.Minute}))
	chain := must[model.ReceiveRequest](t)(model.NewOnchainReceive(model.ReceiveParams{WalletID: w, Amount: model.Sats(30_000), Expiry: 2 * time.Minute}))
	bip := must[model.ReceiveRequest](t)(model.NewBip21Receive(model.ReceiveParams{WalletID: w, Amount: model.Sats(1_000), Expiry: 3 * time.Minute}))
	for _, r := range []model.ReceiveRequest{inv, chain, bip} {
		if err := c.CreatePayment(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(time.Second)
	for id, want := range map[string]time.Duration{inv.ID: 10 * time.Minute, bip.ID: 3 * time.Minute} {
		p := payment(t, c, id)
		d, err := model.DecodeInvoice(p.Invoice())
		if err != nil || d.Expiry != want {
			t.Errorf("%s: invoice expiry %v, want %v (%v)", p.Kind, d.Expiry, want, err)
		}
	}
	clk.Advance(2 * time.Minute)
	if p := payment(t, c, chain.ID); p.Status != model.StatusExpired {
		t.Errorf("address after its 2 minutes: %s", p.Status)
	}
	if p := payment(t, c, bip.ID); p.Status != model.StatusReceiving {
		t.Errorf("URI before its 3 minutes: %s", p.Status)
	}
	clk.Advance(time.Minute)
	if p := payment(t, c, bip.ID); p.Status != model.StatusExpired {
		t.Errorf("URI after its 3 minutes: %s", p.Status)
	}
	if p := payment(t, c, inv.ID); p.Status != model.StatusReceiving {
		t.Errorf("invoice before its 10 minutes: %s", p.Status)
	}
}
