package sim_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestReceivePaidByAnotherWallet follows an invoice from creation to
// payment by a send from a second wallet, checking both wallets at every
// step.
func TestReceivePaidByAnotherWallet(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 1, NoHistory: true})
	ctx := context.Background()
	ids := srv.WalletIDs()
	shop, payer := ids[0], ids[1]
	fund(t, srv, c, clk, payer, model.Sats(100_000))
	before := srv.TotalBalance() + srv.Accounts().FeesPaid + srv.Accounts().Outflow - srv.Accounts().Inflow

	recv := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: shop, Amount: model.Sats(25_000), Description: "Flat white x2"}))
	if err := c.CreatePayment(ctx, recv); err != nil {
		t.Fatal(err)
	}
	if p := payment(t, c, recv.ID); p.Status != model.StatusGenerating || p.Invoice() != "" {
		t.Fatalf("new receive: %s %q", p.Status, p.Invoice())
	}
	clk.Advance(200 * time.Millisecond)
	p := payment(t, c, recv.ID)
	if p.Status != model.StatusReceiving || p.Bip21URI != "lightning:"+p.Invoice() || p.Amount() != model.Sats(25_000) {
		t.Fatalf("receiving: %+v", p)
	}

	send := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: payer, Invoice: p.Invoice()}))
	if err := c.CreatePayment(ctx, send); err != nil {
		t.Fatal(err)
	}
	if s := payment(t, c, send.ID); s.Status != model.StatusSending || s.Memo() != "Flat white x2" || s.MaxFee() != 250_000 {
		t.Fatalf("sending: %+v", s)
	}
	clk.Advance(150 * time.Millisecond)
	w := wallet(t, c, payer)
	if s := payment(t, c, send.ID); s.Status != model.StatusApproved {
		t.Fatalf("approved: %s", s.Status)
	}
	held := model.Sats(25_000) + 250_000
	if w.Held() != held || w.Available() != model.Sats(100_000)-held || w.Total() != model.Sats(100_000) {
		t.Errorf("payer while held: held %d available %d total %d", w.Held(), w.Available(), w.Total())
	}
	clk.Advance(300 * time.Millisecond)

	s, r := payment(t, c, send.ID), payment(t, c, recv.ID)
	fee, _ := s.Fee()
	if s.Status != model.StatusCompleted || fee != 0 || r.Status != model.StatusCompleted || r.Preimage() == "" || s.Preimage() != r.Preimage() {
		t.Fatalf("settled: send %s fee %d, receive %s preimages %q %q", s.Status, fee, r.Status, s.Preimage(), r.Preimage())
	}
	if w := wallet(t, c, payer); w.Total() != model.Sats(75_000) || w.Held() != 0 || w.Available() != model.Sats(75_000) {
		t.Errorf("payer after: total %d held %d", w.Total(), w.Held())
	}
	if w := wallet(t, c, shop); w.Total() != model.Sats(25_000) {
		t.Errorf("shop after: total %d", w.Total())
	}
	if got := ledger(t, c, payer, send.ID); !slices.Equal(got, []model.LedgerEventType{model.LedgerHeld, model.LedgerCaptured}) {
		t.Errorf("payer ledger %v", got)
	}
	if got := ledger(t, c, shop, recv.ID); !slices.Equal(got, []model.LedgerEventType{model.LedgerCredited}) {
		t.Errorf("shop ledger %v", got)
	}
	h := must[model.PaymentHistory](t)(c.PaymentHistory(ctx, send.ID))
	var events []string
	for _, e := range h.Events {
		events = append(events, e.EventType)
	}
	if !slices.Equal(events, []string{"created", "approved", "held", "sent", "completed"}) {
		t.Errorf("send history %v", events)
	}
	conserved(t, srv, before)

	// The same invoice cannot be paid twice.
	again := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: payer, Invoice: p.Invoice()}))
	if err := c.CreatePayment(ctx, again); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if a := payment(t, c, again.ID); a.Status != model.StatusFailed || a.Error.Code != "invalid_bolt11_invoice" {
		t.Errorf("second payment of a paid invoice: %s %+v", a.Status, a.Error)
	}
	conserved(t, srv, before)
}

// TestSendToOutsideInvoice pays an invoice of a node outside the simulated
// world: a route fee within the cap, then a cap too low, then an expired
// invoice.
func TestSendToOutsideInvoice(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 2, NoHistory: true})
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	fund(t, srv, c, clk, w, model.Sats(50_000))
	before := srv.TotalBalance() + srv.Accounts().FeesPaid + srv.Accounts().Outflow - srv.Accounts().Inflow

	inv := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(10_000), Memo: "Beans"}))
	send := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: w, Invoice: inv}))
	if err := c.CreatePayment(ctx, send); err != nil {
		t.Fatal(err)
	}
	clk.Advance(150 * time.Millisecond)
	if got := wallet(t, c, w); got.Held() != model.Sats(10_000)+model.DefaultMaxFee(model.Sats(10_000)) {
		t.Errorf("hold %d", got.Held())
	}
	clk.Advance(1200 * time.Millisecond)
	p := payment(t, c, send.ID)
	fee, known := p.Fee()
	if p.Status != model.StatusCompleted || !known || fee != sim.RouteFee(model.Sats(10_000)) || fee > p.MaxFee() || p.Preimage() == "" {
		t.Fatalf("completed: %s fee %d/%v max %d", p.Status, fee, known, p.MaxFee())
	}
	if got := wallet(t, c, w); got.Total() != model.Sats(40_000)-fee || got.Held() != 0 {
		t.Errorf("after: total %d held %d", got.Total(), got.Held())
	}
	if got := ledger(t, c, w, send.ID); !slices.Equal(got, []model.LedgerEventType{model.LedgerHeld, model.LedgerCaptured}) {
		t.Errorf("ledger %v", got)
	}
	conserved(t, srv, before)

	// A fee cap below the route fee: no route, hold released.
	tight := model.MilliSats(1000)
	inv2 := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(20_000)}))
	low := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: w, Invoice: inv2, MaxFee: &tight}))
	if err := c.CreatePayment(ctx, low); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Second)
	if p := payment(t, c, low.ID); p.Status != model.StatusFailed || p.Error.Type != "send_failed" || p.Error.Code != "no_route" {
		t.Errorf("low cap: %s %+v", p.Status, p.Error)
	}
	if got := ledger(t, c, w, low.ID); !slices.Equal(got, []model.LedgerEventType{model.LedgerHeld, model.LedgerReleased}) {
		t.Errorf("ledger %v", got)
	}

	// An invoice that expired before the payment could be routed.
	old := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(1000), Created: clk.Now().Add(-time.Hour), Expiry: time.Hour}))
	exp := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: w, Invoice: old}))
	if err := c.CreatePayment(ctx, exp); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Second)
	if p := payment(t, c, exp.ID); p.Status != model.StatusFailed || p.Error.Code != "invalid_bolt11_invoice" {
		t.Errorf("expired: %s %+v", p.Status, p.Error)
	}

	// More than the wallet and its credit can cover: the hold fails.
	big := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: model.Sats(6_000_000)}))
	huge := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: w, Invoice: big}))
	if err := c.CreatePayment(ctx, huge); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if p := payment(t, c, huge.ID); p.Status != model.StatusFailed || p.Error.Type != "hold_failed" {
		t.Errorf("too big: %s %+v", p.Status, p.Error)
	}
	if got := wallet(t, c, w); got.Error == nil || got.Error.Type != "InsufficientLimit" {
		t.Errorf("wallet error %+v", got.Error)
	}
	conserved(t, srv, before)
}

func TestReceiveExpiresAndOnchainAndBip21(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 3, NoHistory: true})
	ctx := context.Background()
	w := srv.WalletIDs()[2]
	exp := int64(60)
	short := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: w, Expiry: time.Minute}))
	if *short.Expiration != exp {
		t.Fatal("expiry not carried")
	}
	chain := must[model.ReceiveRequest](t)(model.NewOnchainReceive(model.ReceiveParams{WalletID: w, Amount: model.Sats(30_000), Description: "Invoice #7"}))
	bip := must[model.ReceiveRequest](t)(model.NewBip21Receive(model.ReceiveParams{WalletID: w, Amount: model.Sats(15_000), Description: "Order"}))
	for _, r := range []model.ReceiveRequest{short, chain, bip} {
		if err := c.CreatePayment(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(time.Second)
	cp := payment(t, c, chain.ID)
	if _, err := model.AddressNetwork(cp.Address()); err != nil || cp.Status != model.StatusReceiving {
		t.Errorf("on-chain address %q: %v", cp.Address(), err)
	}
	bp := payment(t, c, bip.ID)
	uri, err := model.ParseBIP21(bp.Bip21URI)
	if err != nil || uri.Address != bp.Address() || uri.Amount != model.Sats(15_000) || uri.Lightning == "" {
		t.Errorf("bip21 uri %q: %+v %v", bp.Bip21URI, uri, err)
	}
	if err := srv.PayReceive(chain.ID, 0); err != nil {
		t.Fatal(err)
	}
	if cp := payment(t, c, chain.ID); cp.Status != model.StatusCompleted || len(cp.Legs()) != 1 || cp.Legs()[0].TxID == "" {
		t.Errorf("on-chain paid: %+v", cp)
	}
	clk.Advance(time.Minute)
	if p := payment(t, c, short.ID); p.Status != model.StatusExpired || p.Error == nil || p.Error.Type != "expired" {
		t.Errorf("short receive: %s %+v", p.Status, p.Error)
	}
	if err := srv.PayReceive(short.ID, model.Sats(5)); err != sim.ErrNotPayable {
		t.Errorf("paying an expired receive: %v", err)
	}
	if got := wallet(t, c, w).Total(); got != model.Sats(30_000) {
		t.Errorf("total %d", got)
	}
}

// TestDefaultFeeCapAlwaysCoversTheRouteFee: with SendPaymentRequest's default
// cap, no payment fails for want of fee, however small.
func TestDefaultFeeCapAlwaysCoversTheRouteFee(t *testing.T) {
	for _, amount := range []model.MilliSats{1, 999, 1000, 7000, 99_999, 100_000, 100_001, model.Sats(1_000_000)} {
		if fee, cap := sim.RouteFee(amount), model.DefaultMaxFee(amount); fee > cap {
			t.Errorf("%d msats: route fee %d above the default cap %d", amount, fee, cap)
		}
	}
}
