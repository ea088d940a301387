package sim

import (
	"sort"
	"time"

	"github.com/voltdash/voltdash/model"
)

// payment is a payment with what the simulator knows beyond its API view.
type payment struct {
	model.Payment
	history   []model.PaymentEvent
	visibleAt time.Time // a fault can hide a new payment for a while

	// Receives.
	hash, preimage string
	expiresAt      time.Time
	autopay        bool

	// Sends.
	amount, maxFee model.MilliSats
	holdID         string
	hash2pay       string    // payment hash of the invoice being paid
	invoiceExpiry  time.Time // zero for on-chain
	target         *payment  // the receive being paid, when it is one of ours
	onchain        bool
}

func (s *Sim) addPayment(p *payment) {
	s.payments[p.ID] = p
	s.byTime = append(s.byTime, p)
	if p.hash != "" {
		s.invoices[p.hash] = p
	}
}

// transition moves a payment to a new status, records the event, and
// tells webhooks. A move the life cycle does not allow is ignored, so a
// late timer can never undo a final state.
func (s *Sim) transition(p *payment, to model.Status, event string, perr *model.PaymentError, at time.Time) bool {
	if p.Status == to || !model.CanTransition(p.Direction, p.Status, to) {
		return false
	}
	p.Status, p.UpdatedAt = to, at
	if perr != nil {
		p.Error = perr
	}
	detail := ""
	if perr != nil {
		detail = perr.Detail
		if detail == "" {
			detail = perr.Type
		}
	}
	s.record(p, event, detail, at)
	s.notify(p)
	return true
}

func (s *Sim) record(p *payment, event, errText string, at time.Time) {
	p.history = append(p.history, model.PaymentEvent{EventType: event, Error: model.NullString(errText),
		Time: at, Position: int64(len(p.history))})
}

// after runs f under the lock after d on the simulator's clock, unless the
// simulator has been closed.
func (s *Sim) after(d time.Duration, f func(now time.Time)) {
	s.clock.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.stopped {
			f(s.clock.Now())
		}
	})
}

// listPayments filters, sorts and pages the visible payments.
func (s *Sim) listPayments(f model.PaymentFilter, now time.Time) model.Page[model.Payment] {
	matched := make([]*payment, 0, 64)
	for _, p := range s.byTime {
		if !now.Before(p.visibleAt) && f.Matches(p.Payment) {
			matched = append(matched, p)
		}
	}
	key := func(p *payment) time.Time { return p.CreatedAt }
	if f.SortKey == "updated_at" {
		key = func(p *payment) time.Time { return p.UpdatedAt }
	}
	asc := f.SortOrder == model.Ascending
	sort.SliceStable(matched, func(i, j int) bool {
		if asc {
			return key(matched[i]).Before(key(matched[j]))
		}
		return key(matched[j]).Before(key(matched[i]))
	})
	pg := page(matched, f.Offset, f.Limit)
	out := model.Page[model.Payment]{Items: make([]model.Payment, len(pg.Items)), Offset: pg.Offset, Limit: pg.Limit, Total: pg.Total}
	for i, p := range pg.Items {
		out.Items[i] = p.Payment
	}
	return out
}

// Payment returns a payment as the API would show it, hidden or not.
func (s *Sim) Payment(id string) (model.Payment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[id]
	if !ok {
		return model.Payment{}, false
	}
	return p.Payment, true
}

// Payments returns every payment, oldest first.
func (s *Sim) Payments() []model.Payment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]model.Payment, len(s.byTime))
	for i, p := range s.byTime {
		out[i] = p.Payment
	}
	return out
}

// CountSends counts the sends made in every wallet: what a test that
// pays once under faults compares with.
func (s *Sim) CountSends() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.byTime {
		if p.Direction == model.Send {
			n++
		}
	}
	return n
}

// CountPayments counts the payments of a wallet (all wallets when empty).
func (s *Sim) CountPayments(walletID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.byTime {
		if walletID == "" || p.WalletID == walletID {
			n++
		}
	}
	return n
}
