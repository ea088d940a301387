package sim_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

func TestInvoicesAreRealAndSignedByTheNode(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 4, NoHistory: true})
	for _, tt := range []struct {
		amount model.MilliSats
		memo   string
		expiry time.Duration
	}{
		{model.Sats(2_500), "Flat white x2", time.Hour},
		{0, "Tip jar", 10 * time.Minute},
		{123_456, "", 24 * time.Hour},
	} {
		req := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0],
			Amount: tt.amount, Description: tt.memo, Expiry: tt.expiry}))
		if err := c.CreatePayment(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		clk.Advance(200 * time.Millisecond)
		text := payment(t, c, req.ID).Invoice()
		z, err := zpay32.Decode(text, &chaincfg.SigNetParams)
		if err != nil {
			t.Fatalf("zpay32: %v", err)
		}
		if !z.Destination.IsEqual(srv.NodeKey()) { // recovered from the signature
			t.Errorf("signed by %x, want the node key", z.Destination.SerializeCompressed())
		}
		inv := must[model.Invoice](t)(model.DecodeInvoice(text))
		if inv.Network != model.Signet || inv.Amount != tt.amount || inv.HasAmount != (tt.amount > 0) ||
			inv.Description != tt.memo || inv.Expiry != tt.expiry || !inv.CreatedAt.Equal(t0) {
			t.Errorf("invoice %+v does not match %+v", inv, tt)
		}
		if err := inv.CheckPayable(model.Mutinynet, clk.Now()); err != nil {
			t.Errorf("not payable from a Mutinynet wallet: %v", err)
		}
	}
}

func TestWalletEndpoints(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 5, NoHistory: true, WalletDelay: time.Second})
	clk.AutoAdvance(true) // the client's waits move the simulator's time
	ctx := context.Background()
	cr := srv.Credentials()
	ws := must[[]model.Wallet](t)(c.ListWallets(ctx))
	line := must[model.LineOfCredit](t)(c.LineOfCredit(ctx, cr.LineOfCreditID))
	lines := must[[]model.LineOfCredit](t)(c.LinesOfCredit(ctx))
	if len(ws) != 3 || len(lines) != 1 || line.AllocatedLimit != 10_000_000_000 || line.Network != model.Mutinynet {
		t.Fatalf("wallets %d, line %+v", len(ws), line)
	}
	id := model.NewID()
	req := model.NewWalletRequest{ID: id, EnvironmentID: cr.EnvironmentID, LineOfCreditID: cr.LineOfCreditID,
		Name: "Food truck", Network: "mutinynet", Limit: 1_000_000_000, Metadata: map[string]string{"city": "Lisbon"}}
	if err := c.CreateWallet(ctx, req); err != nil {
		t.Fatal(err)
	}
	// Created wallets appear after a moment; the client forgives the 404
	// meanwhile (its clock is the simulator's, so waiting moves time).
	w := must[model.Wallet](t)(c.GetWallet(ctx, id))
	if w.Name != "Food truck" || w.CreditLimit() != 1_000_000_000 || w.Metadata["city"] != "Lisbon" || w.Available() != 0 {
		t.Errorf("new wallet %+v", w)
	}
	if got := must[model.LineOfCredit](t)(c.LineOfCredit(ctx, cr.LineOfCreditID)); got.AllocatedLimit != 11_000_000_000 {
		t.Errorf("allocated %d", got.AllocatedLimit)
	}
	if err := c.CreateWallet(ctx, req); errType(err) != "invalid_request" { // create_wallet declares no 409
		t.Errorf("duplicate wallet id: %v", err)
	}
	tooBig := req
	tooBig.ID, tooBig.Limit = model.NewID(), 200_000_000_000
	if err := c.CreateWallet(ctx, tooBig); errType(err) != "line_of_credit_cannot_allocate_wallet_limit" {
		t.Errorf("limit beyond the line: %v", err)
	}
	if err := c.DeleteWallet(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWallet(ctx, id); errType(err) != "instance_not_found" {
		t.Errorf("deleted wallet: %v", err)
	}
	if got := must[model.LineOfCredit](t)(c.LineOfCredit(ctx, cr.LineOfCreditID)); got.AllocatedLimit != 10_000_000_000 {
		t.Errorf("allocation not freed: %d", got.AllocatedLimit)
	}
	if _, err := c.LineOfCredit(ctx, model.NewID()); errType(err) != "line_of_credit_not_found" {
		t.Errorf("unknown line: %v", err)
	}
}

func TestWebhookEndpointsAndSignedDelivery(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 6, NoHistory: true})
	ctx := context.Background()
	got := make(chan *http.Request, 16)
	bodies := make(chan []byte, 16)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- b
	}))
	defer hook.Close()

	id := model.NewID()
	secret := must[model.WebhookSecret](t)(c.CreateWebhook(ctx, model.NewWebhookRequest{ID: id, URL: hook.URL + "/voltage",
		Name: "local", Events: model.WebhookEvents{{Type: "receive", Event: "completed"}}}))
	if secret.ID != id || len(secret.SharedSecret) != 37 {
		t.Fatalf("secret %+v", secret)
	}
	if w := must[model.Webhook](t)(c.GetWebhook(ctx, id)); w.Status != model.WebhookActive || len(w.Events) != 1 {
		t.Errorf("webhook %+v", w)
	}
	if err := c.UpdateWebhook(ctx, id, model.UpdateWebhookRequest{URL: hook.URL + "/voltage",
		Events: model.WebhookEvents{{Type: "receive", Event: "completed"}, {Type: "send", Event: "succeeded"}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.StopWebhook(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ws := must[[]model.Webhook](t)(c.ListWebhooks(ctx, model.WebhookFilter{Statuses: []model.WebhookStatus{model.WebhookStopped}})); len(ws) != 1 || ws[0].StoppedAt == nil {
		t.Errorf("stopped list %+v", ws)
	}
	if err := c.StartWebhook(ctx, id); err != nil {
		t.Fatal(err)
	}
	rotated := must[model.WebhookSecret](t)(c.GenerateWebhookKey(ctx, id))
	if rotated.SharedSecret == secret.SharedSecret {
		t.Error("rotation kept the secret")
	}

	req := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0], Amount: 5_000_000}))
	if err := c.CreatePayment(ctx, req); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if err := srv.PayReceive(req.ID, 0); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		body := <-bodies
		err := model.VerifyWebhook([]string{rotated.SharedSecret}, body, r.Header.Get(model.HeaderTimestamp),
			r.Header.Get(model.HeaderSignature), clk.Now(), 5*time.Minute)
		if err != nil || r.Header.Get(model.HeaderEvent) != "receive.completed" || r.Header.Get(model.HeaderWebhookID) != id || r.URL.Path != "/voltage" {
			t.Errorf("delivery headers %v: %v", r.Header, err)
		}
		var pl model.WebhookPayload
		if err := jsonUnmarshal(body, &pl); err != nil {
			t.Fatal(err)
		}
		if p, err := pl.Payment(); err != nil || p.ID != req.ID || p.Status != model.StatusCompleted {
			t.Errorf("payload payment %+v %v", p, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no delivery")
	}

	if err := c.DeleteWebhook(ctx, id); err != nil {
		t.Fatal(err)
	}
	if w := must[model.Webhook](t)(c.GetWebhook(ctx, id)); w.Status != model.WebhookDeleted || w.DeletedAt == nil {
		t.Errorf("deleted webhook %+v", w)
	}
	if _, err := c.GetWebhook(ctx, model.NewID()); errType(err) != "webhook_not_found" {
		t.Errorf("unknown webhook: %v", err)
	}
}

func TestAPIv1AliasAndSeededHistory(t *testing.T) {
	srv, _, clk := start(t, sim.Config{Seed: 7})
	clk.Advance(time.Minute) // timers left by seeding fire and must change nothing
	cr := srv.Credentials()
	alias, err := api.New(srv.URL()[:len(srv.URL())-len("/v1")]+"/api/v1", cr.APIKey, cr.OrganizationID, cr.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	ps := must[model.Page[model.Payment]](t)(alias.ListPayments(context.Background(), model.PaymentFilter{Limit: 1000}))
	if ps.Total < 36 || len(ps.Items) != ps.Total {
		t.Fatalf("seeded payments: %d", ps.Total)
	}
	seen := map[string]bool{}
	for i, p := range ps.Items {
		seen[string(p.Direction)+"/"+string(p.Kind)] = true
		seen[string(p.Status)] = true
		if i > 0 && p.CreatedAt.After(ps.Items[i-1].CreatedAt) {
			t.Fatal("payments are not newest first")
		}
	}
	for _, want := range []string{"send/bolt11", "send/onchain", "send/bip21", "receive/bolt11", "receive/onchain",
		"receive/bip21", "receive/taprootasset", "completed", "failed", "expired", "receiving"} {
		if !seen[want] {
			t.Errorf("seeded history lacks %s", want)
		}
	}
	oldest, newest := ps.Items[len(ps.Items)-1].CreatedAt, ps.Items[0].CreatedAt
	if newest.Sub(oldest) < 3*7*24*time.Hour {
		t.Errorf("history spans only %v", newest.Sub(oldest))
	}
	// Every wallet's balance is what its ledger says.
	ws := must[[]model.Wallet](t)(alias.ListWallets(context.Background()))
	for _, w := range ws {
		led := must[model.Page[model.LedgerEvent]](t)(alias.WalletLedger(context.Background(), w.ID, model.LedgerFilter{Limit: 1000}))
		var sum model.MilliSats
		for _, e := range led.Items {
			sum += e.TotalDelta()
		}
		if sum != w.Total() || w.Total() <= 0 || w.Held() != 0 {
			t.Errorf("%s: ledger sums to %d, balance %d, held %d", w.Name, sum, w.Total(), w.Held())
		}
	}
}
