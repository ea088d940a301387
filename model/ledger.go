package model

import "time"

// Page is one page of an offset-paginated list (§12). Newer API versions
// can page by cursor instead, which fills NextCursor and HasMore.
type Page[T any] struct {
	Items      []T    `json:"items"`
	Offset     int    `json:"offset"`
	Limit      int    `json:"limit"`
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor,omitempty"`
	HasMore    bool   `json:"has_more,omitempty"`
}

// More reports whether items exist past this page.
func (p Page[T]) More() bool {
	return p.HasMore || p.NextCursor != "" || p.Offset+len(p.Items) < p.Total
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

// LedgerEvent is one entry of a wallet's ledger (§9). Entry types outside
// the schema (the docs show "debited") keep their name and count as no
// movement.
type LedgerEvent struct {
	Type          LedgerEventType `json:"type"`
	CreditID      string          `json:"credit_id,omitempty"`
	HoldID        string          `json:"hold_id,omitempty"`
	DepositID     string          `json:"deposit_id,omitempty"`
	WithdrawID    string          `json:"withdraw_id,omitempty"`
	PaymentID     string          `json:"payment_id,omitempty"`
	AmountMsats   *MilliSats      `json:"amount_msats,omitempty"`
	Amount        *SignedAmount   `json:"amount,omitempty"`
	Currency      Currency        `json:"currency,omitempty"`
	EffectiveTime time.Time       `json:"effective_time"`
}

// Msats is the entry's amount, from whichever field carries it.
func (e LedgerEvent) Msats() MilliSats {
	if e.AmountMsats != nil {
		return *e.AmountMsats
	}
	if e.Amount != nil {
		return e.Amount.MilliSats()
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

// PaymentHistory is the event log of one payment (§10).
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
