package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// PaymentRequest is the body of POST …/payments: a ReceiveRequest or a
// SendRequest. Its ID is chosen by the client and is what makes a retried
// create safe.
type PaymentRequest interface {
	PaymentID() string
	Validate() error
}

// ReceiveRequest asks for an invoice or address. On the wire it takes one
// of the forms create_payment's PaymentRequest schema offers, and exactly
// one: with an amount, the amount-object form (any kind); without, the
// any-amount form, which the spec allows only for bolt11 and bip21.
type ReceiveRequest struct {
	ID          string
	WalletID    string
	Kind        Kind
	Amount      MilliSats // zero asks for an any-amount invoice
	Description string    // empty sends none: the schema has no null here
	Expiration  *int64    // seconds
	Metadata    map[string]string
}

type receiveWire struct {
	ID          string            `json:"id"`
	WalletID    string            `json:"wallet_id"`
	Currency    Currency          `json:"currency,omitempty"`
	Kind        Kind              `json:"payment_kind"`
	Amount      *Amount           `json:"amount,omitempty"`
	AmountMsats *MilliSats        `json:"amount_msats,omitempty"` // legacy bolt11/bip21 form, read only
	AmountSats  *int64            `json:"amount_sats,omitempty"`  // legacy on-chain form, read only
	Description string            `json:"description,omitempty"`
	Expiration  *int64            `json:"expiration,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
}

// MarshalJSON writes the amount-object form, or, for any amount, the form
// with a top-level currency. The two never match the same schema: the
// first carries no currency, the second no amount.
func (r ReceiveRequest) MarshalJSON() ([]byte, error) {
	w := receiveWire{ID: r.ID, WalletID: r.WalletID, Kind: r.Kind, Description: r.Description,
		Expiration: r.Expiration, Metadata: r.Metadata}
	if r.Amount > 0 {
		w.Amount = &Amount{Amount: int64(r.Amount), Currency: BTC}
	} else {
		w.Currency = BTC
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads any of the receive forms, the legacy ones included,
// as examples and old records have them.
func (r *ReceiveRequest) UnmarshalJSON(b []byte) error {
	var w receiveWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = ReceiveRequest{ID: w.ID, WalletID: w.WalletID, Kind: w.Kind, Description: w.Description,
		Expiration: w.Expiration, Metadata: w.Metadata}
	switch {
	case w.Amount != nil:
		r.Amount = w.Amount.MilliSats()
	case w.AmountMsats != nil:
		r.Amount = *w.AmountMsats
	case w.AmountSats != nil:
		r.Amount = Sats(*w.AmountSats)
	}
	return nil
}

// SendRequest pays an invoice, address or BIP 21 URI: one of
// create_payment's send forms, chosen by Type.
type SendRequest struct {
	ID       string            `json:"id"`
	WalletID string            `json:"wallet_id"`
	Currency Currency          `json:"currency"`
	Type     Kind              `json:"type"`
	Data     SendRequestData   `json:"data"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// SendRequestData holds every kind's fields; each kind fills its own, the
// rest are left out. Amounts are amount objects (btc amounts in msats),
// the only form the send schemas name.
type SendRequestData struct {
	PaymentRequest string  `json:"payment_request,omitempty"`
	Address        string  `json:"address,omitempty"`
	Amount         *Amount `json:"amount,omitempty"`
	MaxFee         *Amount `json:"max_fee,omitempty"`
	Description    string  `json:"description,omitempty"`
}

// UnmarshalJSON also reads the legacy *_msats and *_sats fields, which
// send records journaled by earlier versions carry.
func (d *SendRequestData) UnmarshalJSON(b []byte) error {
	type plain SendRequestData
	var w struct {
		plain
		AmountMsats *MilliSats `json:"amount_msats"`
		MaxFeeMsats *MilliSats `json:"max_fee_msats"`
		AmountSats  *int64     `json:"amount_sats"`
		MaxFeeSats  *int64     `json:"max_fee_sats"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = SendRequestData(w.plain)
	legacy := func(obj **Amount, msats *MilliSats, sats *int64) {
		switch {
		case *obj != nil:
		case msats != nil:
			*obj = BTCAmount(*msats)
		case sats != nil:
			*obj = BTCAmount(Sats(*sats))
		}
	}
	legacy(&d.Amount, w.AmountMsats, w.AmountSats)
	legacy(&d.MaxFee, w.MaxFeeMsats, w.MaxFeeSats)
	return nil
}

func (r ReceiveRequest) PaymentID() string { return r.ID }
func (r SendRequest) PaymentID() string    { return r.ID }

// RequestedMsats is the amount asked for; false means an any-amount
// request.
func (r ReceiveRequest) RequestedMsats() (MilliSats, bool) { return r.Amount, r.Amount > 0 }

// AmountValue is the amount a send names, in msats; false when it names
// none (an invoice that carries its own) or names another currency.
func (d SendRequestData) AmountValue() (MilliSats, bool) { return d.Amount.btc() }

// MaxFeeValue is the fee cap a send names; false means the default.
func (d SendRequestData) MaxFeeValue() (MilliSats, bool) { return d.MaxFee.btc() }

// Errors of request validation, checked before anything is sent.
var (
	ErrNoPaymentID    = errors.New("payment id must be a UUID")
	ErrNoWallet       = errors.New("wallet id must be a UUID")
	ErrBadKind        = errors.New("payment kind must be bolt11, onchain or bip21")
	ErrNoInvoice      = errors.New("invoice is empty")
	ErrNoAddress      = errors.New("address is empty")
	ErrNeedAmount     = errors.New("amount is required")
	ErrWholeSats      = errors.New("on-chain amounts are whole sats")
	ErrEmptyMemo      = errors.New("description cannot be only spaces")
	ErrExpiryRange    = errors.New("expiry must be between 1 second and 24 hours")
	ErrNegativeAmount = errors.New("amount cannot be negative")
	ErrOnchainAmount  = errors.New("an on-chain address needs an amount: Voltage takes any-amount requests only for invoices")
)

func validUUID(s string) bool { return uuid.Validate(s) == nil }

// IsID reports whether s is a UUID, the form of every id in the API.
func IsID(s string) bool { return validUUID(s) }

func (r ReceiveRequest) Validate() error {
	switch {
	case !validUUID(r.ID):
		return ErrNoPaymentID
	case !validUUID(r.WalletID):
		return ErrNoWallet
	case !r.Kind.Supported():
		return ErrBadKind
	case r.Amount < 0:
		return ErrNegativeAmount
	case r.Amount == 0 && r.Kind == Onchain:
		return ErrOnchainAmount
	case r.Kind == Onchain && r.Amount.HasFractionalSats():
		return ErrWholeSats
	}
	if r.Expiration != nil && (*r.Expiration < 1 || *r.Expiration > 86400) {
		return ErrExpiryRange
	}
	return nil
}

func (r SendRequest) Validate() error {
	switch {
	case !validUUID(r.ID):
		return ErrNoPaymentID
	case !validUUID(r.WalletID):
		return ErrNoWallet
	}
	amount, hasAmount := r.Data.AmountValue()
	if hasAmount && amount <= 0 {
		return &AmountError{Input: amount.FormatSats(), Err: ErrAmountZero}
	}
	if fee, ok := r.Data.MaxFeeValue(); ok && fee < 0 {
		return ErrNegativeAmount
	}
	switch r.Type {
	case Bolt11:
		if r.Data.PaymentRequest == "" {
			return ErrNoInvoice
		}
	case Onchain:
		if r.Data.Address == "" {
			return ErrNoAddress
		}
		if !hasAmount {
			return ErrNeedAmount
		}
	case Bip21:
		if r.Data.Address == "" {
			return ErrNoAddress
		}
	default:
		return ErrBadKind
	}
	return nil
}

// ReceiveParams describes an invoice or address to create. A zero Amount
// asks for an any-amount invoice; an empty ID gets a fresh UUID.
type ReceiveParams struct {
	ID          string
	WalletID    string
	Amount      MilliSats
	Description string
	Expiry      time.Duration // zero: the API's default of one hour
}

func newReceive(kind Kind, p ReceiveParams) (ReceiveRequest, error) {
	r := ReceiveRequest{ID: p.ID, WalletID: p.WalletID, Kind: kind, Amount: p.Amount}
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if p.Description != "" {
		if strings.TrimSpace(p.Description) == "" {
			return r, ErrEmptyMemo
		}
		r.Description = p.Description
	}
	if p.Expiry != 0 {
		secs := int64(p.Expiry / time.Second)
		r.Expiration = &secs
	}
	return r, r.Validate()
}

// NewBolt11Receive asks for a Lightning invoice.
func NewBolt11Receive(p ReceiveParams) (ReceiveRequest, error) { return newReceive(Bolt11, p) }

// NewOnchainReceive asks for a bitcoin address, for an amount in whole
// sats.
func NewOnchainReceive(p ReceiveParams) (ReceiveRequest, error) { return newReceive(Onchain, p) }

// NewBip21Receive asks for a URI carrying both an invoice and an address.
func NewBip21Receive(p ReceiveParams) (ReceiveRequest, error) { return newReceive(Bip21, p) }

// SendParams describes a payment to make. Amount zero means "the amount in
// the invoice"; a nil MaxFee leaves the cap to the API's default; an empty
// ID gets a fresh UUID.
type SendParams struct {
	ID          string
	WalletID    string
	Invoice     string
	Address     string // an address, or a BIP 21 URI for a bip21 send
	Amount      MilliSats
	MaxFee      *MilliSats
	Description string
}

func newSend(kind Kind, p SendParams) SendRequest {
	r := SendRequest{ID: p.ID, WalletID: p.WalletID, Currency: BTC, Type: kind}
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	return r
}

// optAmount is an amount object for a btc amount, none for zero.
func optAmount(m MilliSats) *Amount {
	if m == 0 {
		return nil
	}
	return BTCAmount(m)
}

func capAmount(m *MilliSats) *Amount {
	if m == nil {
		return nil
	}
	return BTCAmount(*m)
}

// NewBolt11Send pays a Lightning invoice.
func NewBolt11Send(p SendParams) (SendRequest, error) {
	r := newSend(Bolt11, p)
	r.Data = SendRequestData{PaymentRequest: strings.TrimSpace(p.Invoice), Amount: optAmount(p.Amount), MaxFee: capAmount(p.MaxFee)}
	return r, r.Validate()
}

// NewOnchainSend pays a bitcoin address; amounts must be whole sats.
func NewOnchainSend(p SendParams) (SendRequest, error) {
	r := newSend(Onchain, p)
	if p.Amount.HasFractionalSats() || (p.MaxFee != nil && p.MaxFee.HasFractionalSats()) {
		return r, ErrWholeSats
	}
	r.Data = SendRequestData{Address: strings.TrimSpace(p.Address), Description: p.Description,
		Amount: optAmount(p.Amount), MaxFee: capAmount(p.MaxFee)}
	return r, r.Validate()
}

// NewBip21Send pays a BIP 21 URI (or a plain address with an invoice).
func NewBip21Send(p SendParams) (SendRequest, error) {
	r := newSend(Bip21, p)
	r.Data = SendRequestData{Address: strings.TrimSpace(p.Address), PaymentRequest: strings.TrimSpace(p.Invoice),
		Amount: optAmount(p.Amount), MaxFee: capAmount(p.MaxFee), Description: p.Description}
	return r, r.Validate()
}

// NewWalletRequest creates a wallet (schema NewWalletRequest, for
// create_wallet).
type NewWalletRequest struct {
	ID             string            `json:"id"`
	EnvironmentID  string            `json:"environment_id"`
	LineOfCreditID string            `json:"line_of_credit_id"`
	Name           string            `json:"name"`
	Network        string            `json:"network"` // mainnet, testnet3 or mutinynet
	Limit          MilliSats         `json:"limit"`
	Metadata       map[string]string `json:"metadata,omitempty"`
}

// Validate checks what can be checked before asking the server.
func (r NewWalletRequest) Validate() error {
	switch {
	case !validUUID(r.ID):
		return errors.New("wallet id must be a UUID")
	case !validUUID(r.EnvironmentID):
		return errors.New("environment id must be a UUID")
	case !validUUID(r.LineOfCreditID):
		return errors.New("line of credit id must be a UUID")
	case len(strings.TrimSpace(r.Name)) < 3 || len(r.Name) > 256:
		return errors.New("wallet name must be 3 to 256 characters")
	case r.Network != "mainnet" && r.Network != "testnet3" && r.Network != "mutinynet":
		return fmt.Errorf("network %q: use mainnet, testnet3 or mutinynet", r.Network)
	case r.Limit < 0:
		return errors.New("wallet limit cannot be negative")
	}
	return nil
}

// NewID returns a fresh UUID for a resource the client creates.
func NewID() string { return uuid.NewString() }
