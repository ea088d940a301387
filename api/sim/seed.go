package sim

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"github.com/voltdash/voltdash/model"
)

// seedHistory gives a fresh simulator weeks of past activity: deposits,
// invoices paid and expired, sends completed and failed, of every kind, so
// the demo looks like an account in use. Everything is settled directly
// (no timers), with ledgers that add up to the balances.
func (s *Sim) seedHistory(now time.Time) {
	ws := make([]*wallet, 0, len(s.order))
	for _, id := range s.order {
		ws = append(ws, s.wallets[id])
	}
	start := now.AddDate(0, 0, -44)
	memos := []string{"Flat white x2", "Croissant", "Invoice #1041", "Supplier refund", "Tip jar",
		"Beans, 1 kg", "Rent share", "Order 7", "Payroll", "Sticker pack", "Refill", "Donation"}
	memo := func() string { return memos[s.rng.IntN(len(memos))] }

	// Opening deposits, then six weeks of life.
	s.seedReceive(ws[0], model.Onchain, model.Sats(2_500_000), "Opening deposit", start, model.StatusCompleted)
	s.seedReceive(ws[1], model.Bolt11, model.Sats(1_200_000), "Float", start.Add(time.Hour), model.StatusCompleted)
	s.seedReceive(ws[2], model.Onchain, model.Sats(4_000_000), "Savings sweep", start.Add(2*time.Hour), model.StatusCompleted)
	kinds := []model.Kind{model.Bolt11, model.Bolt11, model.Bolt11, model.Onchain, model.Bip21}
	for day := 1; day <= 42; day++ {
		at := start.AddDate(0, 0, day).Add(time.Duration(s.rng.IntN(12*3600)) * time.Second)
		w := ws[day%len(ws)]
		kind := kinds[s.rng.IntN(len(kinds))]
		amount := model.Sats(int64(500 + s.rng.IntN(80_000)))
		switch day % 7 {
		case 0, 2, 4:
			outcome := model.StatusCompleted
			if day%14 == 4 {
				outcome = model.StatusExpired
			}
			s.seedReceive(w, kind, amount, memo(), at, outcome)
		case 1, 3, 5:
			s.seedSend(w, kind, amount, memo(), at, "")
		case 6:
			reasons := []string{"no_route", "hold_failed", "invalid_bolt11_invoice"}
			s.seedSend(w, model.Bolt11, amount, memo(), at, reasons[(day/7)%len(reasons)])
		}
	}
	// A few sends between our own wallets, and one invoice still open.
	for i := range 3 {
		at := now.AddDate(0, 0, -20+7*i)
		r := s.seedReceive(ws[(i+1)%3], model.Bolt11, model.Sats(int64(10_000*(i+1))), "Transfer", at, model.StatusReceiving)
		s.seedInternal(ws[i%3], r, at.Add(30*time.Second))
	}
	open := s.seedReceive(ws[0], model.Bolt11, model.Sats(21_000), "Table 4", now.Add(-10*time.Minute), model.StatusReceiving)
	s.arm(open, now) // history, so the auto-payer leaves it alone
	s.seedAsset(ws[1], now.AddDate(0, 0, -3))

	sort.SliceStable(s.byTime, func(i, j int) bool { return s.byTime[i].CreatedAt.Before(s.byTime[j].CreatedAt) })
	for _, w := range ws {
		sort.SliceStable(w.ledger, func(i, j int) bool { return w.ledger[i].EffectiveTime.Before(w.ledger[j].EffectiveTime) })
	}
}

// seedYear adds n settled payments over the year before the usual
// history, deterministic for a seed: mostly addresses and invoices paid
// (and some expired), every tenth a small send, each with a memo of its
// own ("Order #12345"), so that a search can find one payment among many.
// Most are on-chain: signing an invoice is most of what seeding costs
// (about 70 µs each), and 100,000 of them would take a minute.
func (s *Sim) seedYear(now time.Time, n int) {
	ws := make([]*wallet, 0, len(s.order))
	for _, id := range s.order {
		ws = append(ws, s.wallets[id])
	}
	end := now.AddDate(0, 0, -45) // before seedHistory's six weeks
	start := end.AddDate(-1, 0, 0)
	step := end.Sub(start) / time.Duration(n)
	kinds := []model.Kind{model.Bolt11, model.Onchain, model.Onchain, model.Onchain, model.Onchain,
		model.Onchain, model.Onchain, model.Onchain}
	for i := range n {
		at := start.Add(time.Duration(i) * step)
		w := ws[i%len(ws)]
		memo := "Order #" + strconv.Itoa(i+1)
		amount := model.Sats(int64(1_000 + s.rng.IntN(50_000)))
		before := len(s.payments)
		if i%10 == 9 && w.Spendable() > amount*2 {
			s.seedSend(w, model.Onchain, amount/10, memo, at, "")
		}
		switch {
		case len(s.payments) > before: // the send was made
		case i%17 == 5:
			s.seedReceive(w, kinds[i%len(kinds)], amount, memo, at, model.StatusExpired)
		default:
			s.seedReceive(w, kinds[i%len(kinds)], amount, memo, at, model.StatusCompleted)
		}
	}
}

// seedReceive makes a receive created at at that ends in outcome (or is
// still receiving).
func (s *Sim) seedReceive(w *wallet, kind model.Kind, amount model.MilliSats, memo string, at time.Time, outcome model.Status) *payment {
	p := &payment{Payment: model.Payment{ID: s.newID(), WalletID: w.ID, OrganizationID: s.org, EnvironmentID: s.env,
		CreatedAt: at, UpdatedAt: at, Currency: model.BTC, Direction: model.Receive, Kind: kind,
		Status: model.StatusGenerating, RequestedAmount: &model.Amount{Amount: int64(amount), Currency: model.BTC, Unit: "msats"}},
		expiresAt: at.Add(defaultExpiry)}
	switch kind {
	case model.Bolt11:
		p.Data = model.ReceiveBolt11Data{AmountMsats: amount, Memo: model.NullString(memo)}
	case model.Onchain:
		p.Data = model.ReceiveOnchainData{AmountSats: amount.WholeSats(), Label: model.NullString(memo)}
	case model.Bip21:
		p.Data = model.ReceiveBip21Data{AmountMsats: amount, Description: model.NullString(memo)}
	}
	s.addPayment(p)
	s.record(p, "created", "", at)
	s.issue(p, at.Add(200*time.Millisecond))
	switch outcome {
	case model.StatusCompleted:
		paid := at.Add(time.Duration(30+s.rng.IntN(600)) * time.Second)
		s.accounts.Inflow += amount
		s.settleReceive(p, amount, "", paid)
	case model.StatusExpired:
		s.transition(p, model.StatusExpired, "expired", &model.PaymentError{Type: "expired"}, p.expiresAt)
	}
	return p
}

// seedSend makes a finished send to the outside; failure names why it
// failed, or is empty for a completed send.
func (s *Sim) seedSend(w *wallet, kind model.Kind, amount model.MilliSats, memo string, at time.Time, failure string) {
	inv, _ := s.externalInvoice(ExternalInvoice{Amount: amount, Memo: memo, Created: at.Add(-time.Minute)})
	req := model.SendRequest{ID: s.newID(), WalletID: w.ID, Currency: model.BTC, Type: kind}
	switch kind {
	case model.Onchain:
		req.Data = model.SendRequestData{Address: s.newAddress(), Amount: model.BTCAmount(amount), Description: memo}
	case model.Bip21:
		req.Data = model.SendRequestData{Address: model.BIP21{Address: s.newAddress(), Lightning: inv}.String(), Description: memo}
	default:
		req.Data = model.SendRequestData{PaymentRequest: inv}
	}
	if failure == "no_route" {
		req.Data.MaxFee = model.BTCAmount(100) // below any route fee
	}
	if failure == "hold_failed" {
		huge := w.Spendable() + model.Sats(50_000_000)
		req.Data.Amount = model.BTCAmount(huge)
		inv, _ = s.externalInvoice(ExternalInvoice{Amount: huge, Memo: memo, Created: at.Add(-time.Minute)})
		req.Data.PaymentRequest = inv
	}
	if failure == "invalid_bolt11_invoice" {
		inv, _ = s.externalInvoice(ExternalInvoice{Amount: amount, Memo: memo, Created: at.Add(-2 * time.Hour)})
		req.Data.PaymentRequest = inv
	}
	if aerr := s.createSend(req, at); aerr != nil {
		return // a seed that breaks the rules is skipped, never half-made
	}
	p := s.payments[req.ID]
	s.approve(p, at.Add(150*time.Millisecond))
	settled := at.Add(time.Duration(1+s.rng.IntN(5)) * time.Second)
	switch {
	case p.Status == model.StatusFailed:
	case p.onchain:
		s.settleOnChain(p, at.Add(20*time.Minute))
	default:
		s.settleOutside(p, settled)
	}
}

// seedInternal pays one of our receives from another wallet.
func (s *Sim) seedInternal(from *wallet, r *payment, at time.Time) {
	req := model.SendRequest{ID: s.newID(), WalletID: from.ID, Currency: model.BTC, Type: model.Bolt11,
		Data: model.SendRequestData{PaymentRequest: r.Invoice()}}
	if s.createSend(req, at) != nil {
		return
	}
	p := s.payments[req.ID]
	s.approve(p, at.Add(150*time.Millisecond))
	if p.Status == model.StatusApproved {
		s.settleInside(p, at.Add(time.Second))
	}
}

// seedAsset records a Taproot Assets receive, which voltdash lists but
// does not handle.
func (s *Sim) seedAsset(w *wallet, at time.Time) {
	group := "02" + s.hex32()
	data, _ := json.Marshal(map[string]any{"payment_request": nil, "asset": group, "memo": "Asset voucher",
		"amount": map[string]any{"amount": 50, "currency": "asset:" + group, "unit": "base units"}})
	p := &payment{Payment: model.Payment{ID: s.newID(), WalletID: w.ID, OrganizationID: s.org, EnvironmentID: s.env,
		CreatedAt: at, UpdatedAt: at.Add(time.Minute), Currency: model.Currency("asset:" + group),
		Direction: model.Receive, Kind: model.TaprootAsset, Status: model.StatusCompleted,
		Data: model.OtherData{Raw: data}}}
	s.addPayment(p)
	s.record(p, "created", "", at)
	s.record(p, "completed", "", p.UpdatedAt)
}
