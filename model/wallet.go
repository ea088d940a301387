package model

import (
	"encoding/json"
	"fmt"
	"time"
)

// Wallet is a Voltage wallet (schema Wallet).
type Wallet struct {
	ID                 string            `json:"id"`
	Active             bool              `json:"active"`
	CreatedAt          time.Time         `json:"created_at"`
	UpdatedAt          time.Time         `json:"updated_at"`
	DeletedAt          *time.Time        `json:"deleted_at"`
	DeletionFailedAt   *time.Time        `json:"deletion_failed_at"`
	Name               string            `json:"name"`
	OrganizationID     string            `json:"organization_id,omitempty"`
	EnvironmentID      string            `json:"environment_id,omitempty"`
	Limit              *MilliSats        `json:"limit"`
	LineOfCreditID     NullString        `json:"line_of_credit_id"`
	Network            Network           `json:"network"`
	Metadata           map[string]string `json:"metadata"`
	Balances           []Balance         `json:"balances"`
	Holds              []Hold            `json:"holds"`
	PendingSettlements []json.RawMessage `json:"pending_settlements,omitempty"`
	Error              *WalletEventError `json:"error"`
}

// Balance is a wallet's money in one currency (schema Balance).
type Balance struct {
	ID            string       `json:"id"`
	WalletID      string       `json:"wallet_id"`
	EffectiveTime time.Time    `json:"effective_time"`
	Available     SignedAmount `json:"available"`
	Total         SignedAmount `json:"total"`
	Network       Network      `json:"network"`
	Currency      Currency     `json:"currency"`
}

// Hold is money reserved for a send in flight (schema Hold).
type Hold struct {
	ID            string       `json:"id"`
	Amount        SignedAmount `json:"amount"`
	EffectiveTime time.Time    `json:"effective_time"`
}

// WalletEventError is a wallet's last failure, such as a hold it could not
// place (schema WalletEventError).
type WalletEventError struct {
	Type    string         `json:"type"`
	Detail  string         `json:"detail,omitempty"`
	Context map[string]any `json:"context,omitempty"`
}

// BTCBalance is the wallet's bitcoin balance; a wallet without one has none.
func (w Wallet) BTCBalance() (Balance, bool) {
	for _, b := range w.Balances {
		if b.Currency == BTC || b.Currency == "" {
			return b, true
		}
	}
	return Balance{}, false
}

// HoldsBitcoin reports a bitcoin wallet. A usd wallet (or an asset one)
// is shown in its own unit, and voltdash neither counts it in sats nor pays
// or receives with it: that takes quotes.
func (w Wallet) HoldsBitcoin() bool {
	_, ok := w.BTCBalance()
	return ok || len(w.Balances) == 0
}

// OwnBalance is the available and total balance of a wallet that is not
// bitcoin, in its own currency.
func (w Wallet) OwnBalance() (available, total Amount) {
	if len(w.Balances) == 0 {
		return Amount{}, Amount{}
	}
	b := w.Balances[0]
	own := func(a SignedAmount) Amount {
		if a.Negative {
			return Amount{Amount: -a.Amount, Currency: b.Currency}
		}
		return Amount{Amount: a.Amount, Currency: b.Currency}
	}
	return own(b.Available), own(b.Total)
}

// Available is what the wallet can spend now, holds already taken off.
func (w Wallet) Available() MilliSats {
	b, _ := w.BTCBalance()
	return b.Available.MilliSats()
}

// Total includes money on hold.
func (w Wallet) Total() MilliSats {
	b, _ := w.BTCBalance()
	return b.Total.MilliSats()
}

// Held is the sum of the wallet's holds.
func (w Wallet) Held() MilliSats {
	var sum MilliSats
	for _, h := range w.Holds {
		sum += h.Amount.MilliSats()
	}
	return sum
}

// CreditLimit is how far below zero the wallet may go; zero when it has no
// credit.
func (w Wallet) CreditLimit() MilliSats {
	if w.Limit == nil {
		return 0
	}
	return *w.Limit
}

// Spendable is what a send can use: the available balance plus the credit
// the wallet has not drawn yet.
func (w Wallet) Spendable() MilliSats { return w.Available() + w.CreditLimit() }

// State is a word for the wallet's condition.
func (w Wallet) State() string {
	switch {
	case w.DeletedAt != nil:
		return "deleted"
	case w.DeletionFailedAt != nil:
		return "deletion failed"
	case !w.Active:
		return "inactive"
	case w.Error != nil:
		return "active; last error " + w.Error.Type
	}
	return "active"
}

// LineOfCredit is the organization's credit that wallet limits come from
// (schema SummaryLineOfCredit).
type LineOfCredit struct {
	ID             string           `json:"id"`
	OrganizationID string           `json:"organization_id"`
	EnvironmentID  string           `json:"environment_id"`
	Network        Network          `json:"network"`
	Limit          MilliSats        `json:"limit"`
	AllocatedLimit MilliSats        `json:"allocated_limit"`
	Currency       Currency         `json:"currency"`
	Status         CollateralStatus `json:"status"`
	DisabledAt     *time.Time       `json:"disabled_at"`
}

// CollateralStatus is {"secured": ...} or {"verified": ...}, or null when
// collateral is waived. It is kept as a pair of words.
type CollateralStatus struct {
	Kind  string // "secured" or "verified"; empty when waived
	Value string
}

func (c CollateralStatus) MarshalJSON() ([]byte, error) {
	if c.Kind == "" {
		return []byte("null"), nil
	}
	return json.Marshal(map[string]string{c.Kind: c.Value})
}

func (c *CollateralStatus) UnmarshalJSON(b []byte) error {
	*c = CollateralStatus{}
	if string(b) == "null" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		*c = CollateralStatus{Kind: k, Value: s}
	}
	return nil
}

func (c CollateralStatus) String() string {
	if c.Kind == "" {
		return "waived"
	}
	return fmt.Sprintf("%s: %s", c.Kind, c.Value)
}

// Unallocated is the credit not yet given to any wallet.
func (l LineOfCredit) Unallocated() MilliSats { return l.Limit - l.AllocatedLimit }
