package sim

import (
	"sort"
	"time"

	"github.com/voltdash/voltdash/model"
)

// Every change to a wallet's money goes through these four operations, so
// the balance and the ledger never disagree. Callers hold s.mu.

func (s *Sim) credit(w *wallet, paymentID string, amount model.MilliSats, at time.Time) {
	w.credits += amount
	w.UpdatedAt = at
	w.ledger = append(w.ledger, model.LedgerEvent{Type: model.LedgerCredited, CreditID: s.newID(),
		PaymentID: paymentID, Amount: model.WireAmount(amount), EffectiveTime: at})
}

func (s *Sim) placeHold(w *wallet, paymentID string, amount model.MilliSats, at time.Time) string {
	h := &hold{id: s.newID(), amount: amount, at: at}
	w.holds[h.id] = h
	w.UpdatedAt = at
	w.ledger = append(w.ledger, model.LedgerEvent{Type: model.LedgerHeld, HoldID: h.id,
		PaymentID: paymentID, Amount: model.WireAmount(amount), EffectiveTime: at})
	return h.id
}

// capture turns a hold into a debit of amount (the amount sent plus the fee
// actually paid); the rest of the hold is freed with it.
func (s *Sim) capture(w *wallet, holdID, paymentID string, amount model.MilliSats, at time.Time) {
	delete(w.holds, holdID)
	w.captures += amount
	w.UpdatedAt = at
	w.ledger = append(w.ledger, model.LedgerEvent{Type: model.LedgerCaptured, HoldID: holdID,
		PaymentID: paymentID, Amount: model.WireAmount(amount), EffectiveTime: at})
}

func (s *Sim) release(w *wallet, holdID, paymentID string, at time.Time) {
	delete(w.holds, holdID)
	w.UpdatedAt = at
	w.ledger = append(w.ledger, model.LedgerEvent{Type: model.LedgerReleased, HoldID: holdID,
		PaymentID: paymentID, Currency: model.BTC, EffectiveTime: at})
}

// ledgerPage filters, sorts and pages a wallet's ledger.
func ledgerPage(events []model.LedgerEvent, f model.LedgerFilter) model.Page[model.LedgerEvent] {
	matched := make([]model.LedgerEvent, 0, len(events))
	for _, e := range events {
		if (f.PaymentID == "" || e.PaymentID == f.PaymentID) &&
			(f.Start.IsZero() || !e.EffectiveTime.Before(f.Start)) &&
			(f.End.IsZero() || !e.EffectiveTime.After(f.End)) {
			matched = append(matched, e)
		}
	}
	asc := f.SortOrder == model.Ascending
	sort.SliceStable(matched, func(i, j int) bool {
		if asc {
			return matched[i].EffectiveTime.Before(matched[j].EffectiveTime)
		}
		return matched[j].EffectiveTime.Before(matched[i].EffectiveTime)
	})
	return page(matched, f.Offset, f.Limit)
}

// page cuts one page out of matched items.
func page[T any](matched []T, offset, limit int) model.Page[T] {
	if limit == 0 {
		limit = 100
	}
	p := model.Page[T]{Items: []T{}, Offset: offset, Limit: limit, Total: len(matched)}
	if offset < len(matched) {
		p.Items = matched[offset:min(offset+limit, len(matched))]
	}
	return p
}
