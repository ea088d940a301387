package model

import "time"

// SendState is where a send stands in the journal that records it before
// it goes out.
type SendState string

const (
	// SendRecorded: written, then submitted; no definite answer yet. After
	// a crash this means the outcome is unknown until the payment is read.
	SendRecorded SendState = "recorded"
	// SendAccepted: Voltage has the payment; follow it to a final status.
	SendAccepted SendState = "accepted"
	// SendRefused: Voltage answered that it will not make the payment;
	// nothing was created.
	SendRefused SendState = "refused"
	// SendFinal: the payment reached a final status.
	SendFinal SendState = "final"
)

// SendRecord is one send as the journal keeps it: enough to find it again,
// to resend it with the same id, and to tell the user what it was.
type SendRecord struct {
	ID        string      `json:"id"`
	WalletID  string      `json:"wallet_id"`
	Request   SendRequest `json:"request"`
	Amount    MilliSats   `json:"amount_msats"` // as confirmed by the user
	MaxFee    MilliSats   `json:"max_fee_msats"`
	Payee     string      `json:"payee"` // invoice payee key or address, for display
	Memo      string      `json:"memo,omitempty"`
	State     SendState   `json:"state"`
	Status    Status      `json:"status,omitempty"` // the payment's status when last seen
	Problem   string      `json:"problem,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	Attempts  int         `json:"attempts"` // submissions, all with the same id
}

// Unfinished reports a send that still needs following.
func (r SendRecord) Unfinished() bool { return r.State == SendRecorded || r.State == SendAccepted }
