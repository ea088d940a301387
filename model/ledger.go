package model

import (
	"encoding/json"
	"time"
)

// Page is one page of a list. By offset it has the total; by cursor
// (payments, with Cursored) it has the next cursor and whether there is
// more, and no total, as get_payments writes it.
type Page[T any] struct {
	Items      []T
	Offset     int
	Limit      int
	Total      int
	NextCursor string
	HasMore    bool
	Cursored   bool
}

type pageWire[T any] struct {
	Items      []T     `json:"items"`
	Offset     int     `json:"offset"`
	Limit      int     `json:"limit"`
	Total      *int    `json:"total,omitempty"`
	NextCursor *string `json:"next_cursor,omitempty"`
	HasMore    *bool   `json:"has_more,omitempty"`
}

func (p Page[T]) MarshalJSON() ([]byte, error) {
	if payments, ok := any(p).(Page[Payment]); ok {
		// In their wire form: each payment's own MarshalJSON would have
		// its output scanned again (a page of 1,000 is a megabyte).
		items := make([]paymentWire, len(payments.Items))
		for i, pay := range payments.Items {
			w, err := pay.toWire()
			if err != nil {
				return nil, err
			}
			items[i] = w
		}
		return json.Marshal(wireOf(p, items))
	}
	items := p.Items
	if items == nil {
		items = []T{}
	}
	return json.Marshal(wireOf(p, items))
}

// wireOf is the wire form of page p holding items: by cursor, whether
// there is more and the next cursor; by offset, the total.
func wireOf[T, W any](p Page[T], items []W) pageWire[W] {
	w := pageWire[W]{Items: items, Offset: p.Offset, Limit: p.Limit}
	if p.Cursored {
		w.HasMore = &p.HasMore
		if p.NextCursor != "" {
			w.NextCursor = &p.NextCursor
		}
	} else {
		w.Total = &p.Total
	}
	return w
}

func (p *Page[T]) UnmarshalJSON(b []byte) error {
	if payments, ok := any(p).(*Page[Payment]); ok {
		return payments.decodePayments(b)
	}
	var w pageWire[T]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = pageOf(w, w.Items)
	return nil
}

// decodePayments reads a page of payments in one pass over their wire
// form: through Payment.UnmarshalJSON each payment's bytes would be
// scanned twice more (found, then checked again), and a whole history is
// decoded through here, a page of 1,000 at a time.
func (p *Page[T]) decodePayments(b []byte) error {
	var w pageWire[paymentWire]
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var items []Payment
	if w.Items != nil {
		items = make([]Payment, len(w.Items))
	}
	for i := range w.Items {
		if err := items[i].fromWire(w.Items[i]); err != nil {
			return err
		}
	}
	*any(p).(*Page[Payment]) = pageOf(w, items)
	return nil
}

// pageOf is the page of items whose wire form is w: by cursor when it
// has either cursor field, else by offset with its total.
func pageOf[T, W any](w pageWire[W], items []T) Page[T] {
	p := Page[T]{Items: items, Offset: w.Offset, Limit: w.Limit, Cursored: w.HasMore != nil || w.NextCursor != nil}
	if w.Total != nil {
		p.Total = *w.Total
	}
	if w.NextCursor != nil {
		p.NextCursor = *w.NextCursor
	}
	if w.HasMore != nil {
		p.HasMore = *w.HasMore
	}
	return p
}

// More reports whether items exist past this page.
func (p Page[T]) More() bool {
	if p.Cursored {
		return p.HasMore || p.NextCursor != ""
	}
	return p.Offset+len(p.Items) < p.Total
}

// Count is the total when the page knows it (offset paging), else what is
// known to exist: what came so far and, if there is more, one beyond.
func (p Page[T]) Count() int {
	if !p.Cursored {
		return p.Total
	}
	if p.More() {
		return p.Offset + len(p.Items) + 1
	}
	return p.Offset + len(p.Items)
}

// LedgerEventType is what a ledger entry did to a wallet.
type LedgerEventType string

const (
	LedgerCredited  LedgerEventType = "credited"
	LedgerHeld      LedgerEventType = "held"
	LedgerCaptured  LedgerEventType = "captured"
	LedgerReleased  LedgerEventType = "released"
	LedgerDeposited LedgerEventType = "deposited"
	LedgerWithdrawn LedgerEventType = "withdrawn"
)

// LedgerEvent is one entry of a wallet's ledger (schema LedgerEvent). Entry
// types outside the schema (the docs show "debited") keep their name and
// count as no movement.
type LedgerEvent struct {
	Type          LedgerEventType `json:"type"`
	CreditID      string          `json:"credit_id,omitempty"`
	HoldID        string          `json:"hold_id,omitempty"`
	DepositID     string          `json:"deposit_id,omitempty"`
	WithdrawID    string          `json:"withdraw_id,omitempty"`
	PaymentID     string          `json:"payment_id,omitempty"`
	Amount        *Amount         `json:"amount,omitempty"`
	AmountMsats   *MilliSats      `json:"amount_msats,omitempty"` // an older form, read only
	Currency      Currency        `json:"currency,omitempty"`     // released entries name one instead of an amount
	EffectiveTime time.Time       `json:"effective_time"`
}

// Msats is the entry's bitcoin amount: the amount object first, the older
// field if there is none; zero for another currency.
func (e LedgerEvent) Msats() MilliSats {
	if m, ok := e.Amount.btc(); ok {
		return m
	}
	if e.AmountMsats != nil && e.Amount == nil {
		return *e.AmountMsats
	}
	return 0
}

// TotalDelta is how the entry changes the wallet's total balance. Holds and
// releases move only the available balance.
func (e LedgerEvent) TotalDelta() MilliSats {
	switch e.Type {
	case LedgerCredited, LedgerDeposited:
		return e.Msats()
	case LedgerCaptured, LedgerWithdrawn:
		return -e.Msats()
	}
	return 0
}

// PaymentHistory is the event log of one payment (schema PaymentHistory, from
// get_payment_history).
type PaymentHistory struct {
	Events []PaymentEvent `json:"events"`
}

// PaymentEvent is one step in a payment's life. Event names are not
// documented by Voltage, so they are shown as they come.
type PaymentEvent struct {
	EventType string     `json:"event_type"`
	Error     NullString `json:"error"`
	Time      time.Time  `json:"time"`
	Position  int64      `json:"position"`
}
