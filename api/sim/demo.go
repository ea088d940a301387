package sim

import (
	"time"

	"github.com/voltdash/voltdash/model"
)

// scheduleActivity keeps background payments coming at cfg.Activity per
// second, alternating between money arriving from outside and money sent
// out, on random wallets. Callers hold s.mu.
func (s *Sim) scheduleActivity() {
	interval := time.Duration(float64(time.Second) / s.cfg.Activity)
	incoming := true
	var next func()
	next = func() {
		s.activity = s.clock.AfterFunc(interval, func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.stopped || s.cfg.Activity == 0 {
				return
			}
			now := s.clock.Now()
			if incoming {
				s.incomingPayment(now)
			} else {
				s.outgoingPayment(now)
			}
			incoming = !incoming
			next()
		})
	}
	next()
}

// anyWallet picks an active wallet at random; nil when there is none.
func (s *Sim) anyWallet(now time.Time) *wallet {
	ws := s.activeWallets(now)
	if len(ws) == 0 {
		return nil
	}
	return ws[s.rng.IntN(len(ws))]
}

var customerMemos = []string{"Espresso", "Table 2", "Tip", "Croissant x3", "Gift card", "Lunch", "Order 88"}

// incomingPayment is a customer paying a fresh invoice a moment after it
// is issued.
func (s *Sim) incomingPayment(now time.Time) {
	w := s.anyWallet(now)
	if w == nil {
		return
	}
	amount := model.Sats(int64(100 + s.rng.IntN(25_000)))
	req := model.ReceiveRequest{ID: s.newID(), WalletID: w.ID, Amount: amount,
		Kind: model.Bolt11, Description: customerMemos[s.rng.IntN(len(customerMemos))],
		Metadata: map[string]string{AutopayMetadataKey: "off"}}
	if s.createReceive(req, now) != nil {
		return
	}
	p := s.payments[req.ID]
	delay := s.cfg.GenerateDelay + time.Duration(500+s.rng.IntN(2500))*time.Millisecond
	s.after(delay, func(now time.Time) { s.payFromOutside(p, 0, now) })
}

// outgoingPayment pays a supplier outside, from a wallet that can afford it.
func (s *Sim) outgoingPayment(now time.Time) {
	w := s.anyWallet(now)
	if w == nil {
		return
	}
	amount := model.Sats(int64(100 + s.rng.IntN(20_000)))
	if w.available()-amount-model.DefaultMaxFee(amount) < 0 {
		return // background life never draws on credit
	}
	inv, err := s.externalInvoice(ExternalInvoice{Amount: amount, Memo: "Supplier " + customerMemos[s.rng.IntN(len(customerMemos))]})
	if err != nil {
		return
	}
	_ = s.createSend(model.SendRequest{ID: s.newID(), WalletID: w.ID, Currency: model.BTC, Type: model.Bolt11,
		Data: model.SendRequestData{PaymentRequest: inv}}, now)
}
