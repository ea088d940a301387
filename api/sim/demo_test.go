package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

func TestAutoPayerPaysInvoicesUnlessToldNotTo(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 11, NoHistory: true, AutoPay: 3 * time.Second})
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	paid := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Amount: model.Sats(1234)}))
	kept := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Amount: model.Sats(99)}))
	kept.Metadata = map[string]string{sim.AutopayMetadataKey: "off"}
	anyAmount := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: w}))
	for _, r := range []model.ReceiveRequest{paid, kept, anyAmount} {
		if err := c.CreatePayment(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(3 * time.Second) // generated at 0.2 s, paid at 3.2 s
	if p := payment(t, c, paid.ID); p.Status != model.StatusReceiving {
		t.Fatalf("paid too early: %s", p.Status)
	}
	clk.Advance(200 * time.Millisecond)
	if p := payment(t, c, paid.ID); p.Status != model.StatusCompleted {
		t.Errorf("auto-payer: %s", p.Status)
	}
	if p := payment(t, c, anyAmount.ID); p.Status != model.StatusCompleted || p.Amount() <= 0 {
		t.Errorf("any-amount invoice: %s %d", p.Status, p.Amount())
	}
	clk.Advance(time.Minute)
	if p := payment(t, c, kept.ID); p.Status != model.StatusReceiving {
		t.Errorf("opted-out invoice: %s", p.Status)
	}
}

func TestBackgroundActivity(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 12, Activity: 2})
	before := srv.CountPayments("")
	clk.Advance(10 * time.Second)
	made := srv.CountPayments("") - before
	if made < 18 || made > 20 {
		t.Errorf("%d payments in 10 s at 2 a second", made)
	}
	srv.StopActivity()
	clk.Advance(time.Minute)
	if srv.CountPayments("")-before != made {
		t.Error("activity went on after StopActivity")
	}
	page := must[model.Page[model.Payment]](t)(c.ListPayments(context.Background(), model.PaymentFilter{Limit: made}))
	var in, out int
	for _, p := range page.Items {
		if !p.Status.IsFinal() {
			t.Errorf("%s %s still %s", p.Direction, p.ID, p.Status)
		}
		if p.Direction == model.Receive {
			in++
		} else {
			out++
		}
	}
	if in == 0 || out == 0 {
		t.Errorf("activity was one-sided: %d in, %d out", in, out)
	}
}
