package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SendState is where a send stands in the journal that records it before
// it goes out.
type SendState string

const (
	// SendRecorded: written, then submitted; no definite answer yet. After
	// a crash this means the outcome is unknown until the payment is read.
	SendRecorded SendState = "recorded"
	// SendAccepted: Voltage has the payment; follow it to a final status.
	SendAccepted SendState = "accepted"
	// SendRefused: Voltage answered that it will not make the payment, and
	// nothing could have been made: no earlier attempt of it may have
	// reached Voltage.
	SendRefused SendState = "refused"
	// SendFinal: the payment reached a final status.
	SendFinal SendState = "final"
)

// Known reports whether s is one of the states above; a record in any
// other is reported, never skipped.
func (s SendState) Known() bool {
	return s == SendRecorded || s == SendAccepted || s == SendRefused || s == SendFinal
}

// SendRecord is one send as the journal keeps it: enough to find it again,
// to resend it with the same id, and to tell the user what it was.
type SendRecord struct {
	ID       string      `json:"id"`
	WalletID string      `json:"wallet_id"`
	Request  SendRequest `json:"request"`
	Amount   MilliSats   `json:"amount_msats"` // as confirmed by the user
	MaxFee   MilliSats   `json:"max_fee_msats"`
	Payee    string      `json:"payee"` // invoice payee key or address, for display
	Memo     string      `json:"memo,omitempty"`
	PayTo    string      `json:"pay_to,omitempty"` // the Lightning Address or LNURL the invoice came from
	// Success is PayTo's success action (LUD-09), kept for after the
	// payment completes, however much later that is seen.
	Success *SuccessAction `json:"success_action,omitempty"`
	// Destination is what the send pays, for the duplicate check:
	// "lightning:<payment hash>", "address:<address>", or both, separated
	// by a space, for a BIP 21 URI that offers both.
	Destination string `json:"destination,omitempty"`
	// Again: the user confirmed paying a destination the journal had
	// already paid (or was paying).
	Again     bool      `json:"again,omitempty"`
	State     SendState `json:"state"`
	Status    Status    `json:"status,omitempty"` // the payment's status when last seen
	Problem   string    `json:"problem,omitempty"`
	Mismatch  string    `json:"mismatch,omitempty"` // how the outcome differs from what was confirmed
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Attempts  int       `json:"attempts"` // submissions, all with the same id
}

// Unfinished reports a send that still needs following.
func (r SendRecord) Unfinished() bool { return r.State == SendRecorded || r.State == SendAccepted }

// ErrNotSent: the send did not go out; nothing needs following or
// resending. ErrNotJournaled is the usual reason.
var ErrNotSent = errors.New("nothing was sent")

// ErrNotJournaled: the send could not be written to the journal first, so
// it was not sent.
var ErrNotJournaled = fmt.Errorf("the send journal could not be written, so %w", ErrNotSent)

// DuplicateSendError refuses a send that may repeat one the journal holds:
// Earlier, to the same destination, completed or still going; or, when
// Earlier is empty, one of the Damaged records, which cannot be read to
// tell. The user must confirm a second payment.
type DuplicateSendError struct {
	Earlier SendRecord
	Damaged string // the journal's report of its damaged records
}

func (e *DuplicateSendError) Error() string {
	if e.Earlier.ID == "" {
		return e.Damaged + "; any of them may be a send of this payment"
	}
	what := "this invoice"
	switch {
	case e.Earlier.PayTo != "": // each invoice of an address is new: the address and amount repeat
		what = e.Earlier.PayTo + ", for the same amount,"
	case !strings.HasPrefix(e.Earlier.DestinationKey(), "lightning:"):
		what = "this address, for the same amount,"
	}
	return fmt.Sprintf("%s was already sent as payment %s (%s, recorded %s)", what, e.Earlier.ID,
		e.Earlier.Progress(), e.Earlier.CreatedAt.Local().Format("2006-01-02 15:04"))
}

// Progress is where the send stands, in a word or two.
func (r SendRecord) Progress() string {
	switch {
	case r.State == SendRefused:
		return "refused"
	case r.Status != "":
		return string(r.Status)
	case r.State == SendAccepted:
		return "accepted"
	}
	return "outcome not yet known"
}

// repeatWindow is how long a payment of the same amount to the same
// address counts as a repeat: people pay one address the same sum again
// (rent, payroll), but rarely within a day by intent.
const repeatWindow = 24 * time.Hour

// Repeats reports whether r would pay again what earlier paid, or may
// still be paying: the same invoice, or the same address and amount within
// a day. A send that was refused or failed moved no money and does not
// count.
func (r SendRecord) Repeats(earlier SendRecord) bool {
	if earlier.ID == r.ID || earlier.State == SendRefused || earlier.State == SendFinal && earlier.Status != StatusCompleted {
		return false
	}
	theirs := strings.Fields(earlier.DestinationKey())
	for _, dest := range strings.Fields(r.DestinationKey()) {
		switch {
		case !slices.Contains(theirs, dest):
		case strings.HasPrefix(dest, "lightning:"):
			return true
		case earlier.Amount == r.Amount && r.CreatedAt.Sub(earlier.CreatedAt).Abs() < repeatWindow:
			return true
		}
	}
	return false
}

// DestinationKey is Destination, worked out from the request for records
// written before it was kept.
func (r SendRecord) DestinationKey() string {
	if r.Destination != "" {
		return r.Destination
	}
	d := r.Request.Data
	if uri, err := ParseBIP21(d.Address); err == nil && r.Request.Type == Bip21 {
		d.PaymentRequest, d.Address = uri.Lightning, uri.Address
	}
	var keys []string
	if inv, err := DecodeInvoice(d.PaymentRequest); err == nil {
		keys = append(keys, "lightning:"+inv.PaymentHash)
	}
	if d.Address != "" {
		keys = append(keys, "address:"+canonicalAddress(d.Address))
	}
	return strings.Join(keys, " ")
}

// OutcomeMismatch says how a completed payment differs from what the user
// confirmed (the wallet it left, the amount, a fee above the cap), naming
// both sides; "" when it is what was confirmed, or not completed.
func (r SendRecord) OutcomeMismatch(p Payment) string {
	if p.Status != StatusCompleted {
		return ""
	}
	var diffs []string
	if p.WalletID != "" && p.WalletID != r.WalletID {
		diffs = append(diffs, "it left wallet "+p.WalletID+", not "+r.WalletID)
	}
	if got := p.Amount(); got != r.Amount {
		diffs = append(diffs, "Voltage reports "+got.String()+" sent, but "+r.Amount.String()+" was confirmed")
	}
	capped, hasCap := r.Request.Data.MaxFeeValue()
	if !hasCap && r.MaxFee > 0 {
		capped, hasCap = r.MaxFee, true
	}
	if fee, known := p.Fee(); known && hasCap && fee > capped {
		diffs = append(diffs, "the fee of "+fee.String()+" is above the cap of "+capped.String())
	}
	return strings.Join(diffs, "; ")
}
