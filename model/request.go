package model

import (
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

// ReceiveRequest asks for an invoice or address (§6.1). The simulator also
// reads the newer amount shapes, so both are here.
type ReceiveRequest struct {
	ID          string            `json:"id"`
	WalletID    string            `json:"wallet_id"`
	Currency    Currency          `json:"currency"`
	AmountMsats *MilliSats        `json:"amount_msats"`
	Kind        Kind              `json:"payment_kind"`
	Description NullString        `json:"description"`
	Expiration  *int64            `json:"expiration,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`

	AmountSats *int64  `json:"amount_sats,omitempty"` // newer legacy on-chain form
	Amount     *Amount `json:"amount,omitempty"`      // newer preferred form
}

// SendRequest pays an invoice, address or BIP 21 URI (§6.2).
type SendRequest struct {
	ID       string            `json:"id"`
	WalletID string            `json:"wallet_id"`
	Currency Currency          `json:"currency"`
	Type     Kind              `json:"type"`
	Data     SendRequestData   `json:"data"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// SendRequestData holds every kind's fields; each kind fills its own, the
// rest are left out of the JSON.
type SendRequestData struct {
	PaymentRequest string     `json:"payment_request,omitempty"`
	Address        string     `json:"address,omitempty"`
	AmountMsats    *MilliSats `json:"amount_msats,omitempty"`
	MaxFeeMsats    *MilliSats `json:"max_fee_msats,omitempty"`
	AmountSats     *int64     `json:"amount_sats,omitempty"`
	MaxFeeSats     *int64     `json:"max_fee_sats,omitempty"`
	Description    string     `json:"description,omitempty"`
	Amount         *Amount    `json:"amount,omitempty"`  // newer form, read by the simulator
	MaxFee         *Amount    `json:"max_fee,omitempty"` // newer form, read by the simulator
}

func (r ReceiveRequest) PaymentID() string { return r.ID }
func (r SendRequest) PaymentID() string    { return r.ID }

// RequestedMsats resolves whichever amount form the request used; false
// means an any-amount request.
func (r ReceiveRequest) RequestedMsats() (MilliSats, bool) {
	switch {
	case r.Amount != nil:
		return r.Amount.MilliSats(), true
	case r.AmountMsats != nil:
		return *r.AmountMsats, true
	case r.AmountSats != nil:
		return Sats(*r.AmountSats), true
	}
	return 0, false
}

// AmountValue resolves the amount a send names, in msats; false when it names
// none (an invoice that carries its own).
func (d SendRequestData) AmountValue() (MilliSats, bool) {
	switch {
	case d.Amount != nil:
		return d.Amount.MilliSats(), true
	case d.AmountMsats != nil:
		return *d.AmountMsats, true
	case d.AmountSats != nil:
		return Sats(*d.AmountSats), true
	}
	return 0, false
}

// MaxFeeValue resolves the fee cap a send names; false means the default.
func (d SendRequestData) MaxFeeValue() (MilliSats, bool) {
	switch {
	case d.MaxFee != nil:
		return d.MaxFee.MilliSats(), true
	case d.MaxFeeMsats != nil:
		return *d.MaxFeeMsats, true
	case d.MaxFeeSats != nil:
		return Sats(*d.MaxFeeSats), true
	}
	return 0, false
}

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
	}
	if m, ok := r.RequestedMsats(); ok && m <= 0 {
		return &AmountError{Input: m.FormatSats(), Err: ErrAmountZero}
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
	r := ReceiveRequest{ID: p.ID, WalletID: p.WalletID, Currency: BTC, Kind: kind}
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if p.Amount < 0 {
		return r, ErrNegativeAmount
	}
	if p.Amount > 0 {
		amount := p.Amount
		r.AmountMsats = &amount
	}
	if p.Description != "" {
		if strings.TrimSpace(p.Description) == "" {
			return r, ErrEmptyMemo
		}
		r.Description = NullString(p.Description)
	}
	if p.Expiry != 0 {
		secs := int64(p.Expiry / time.Second)
		r.Expiration = &secs
	}
	return r, r.Validate()
}

// NewBolt11Receive asks for a Lightning invoice.
func NewBolt11Receive(p ReceiveParams) (ReceiveRequest, error) { return newReceive(Bolt11, p) }

// NewOnchainReceive asks for a bitcoin address.
func NewOnchainReceive(p ReceiveParams) (ReceiveRequest, error) {
	if p.Amount.HasFractionalSats() {
		return ReceiveRequest{}, ErrWholeSats
	}
	return newReceive(Onchain, p)
}

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

func optMsats(m MilliSats) *MilliSats {
	if m == 0 {
		return nil
	}
	return &m
}

// NewBolt11Send pays a Lightning invoice.
func NewBolt11Send(p SendParams) (SendRequest, error) {
	r := newSend(Bolt11, p)
	r.Data = SendRequestData{PaymentRequest: strings.TrimSpace(p.Invoice),
		AmountMsats: optMsats(p.Amount), MaxFeeMsats: p.MaxFee}
	return r, r.Validate()
}

// NewOnchainSend pays a bitcoin address; amounts must be whole sats.
func NewOnchainSend(p SendParams) (SendRequest, error) {
	r := newSend(Onchain, p)
	if p.Amount.HasFractionalSats() || (p.MaxFee != nil && p.MaxFee.HasFractionalSats()) {
		return r, ErrWholeSats
	}
	r.Data = SendRequestData{Address: strings.TrimSpace(p.Address), Description: p.Description}
	if p.Amount != 0 {
		sats := p.Amount.WholeSats()
		r.Data.AmountSats = &sats
	}
	if p.MaxFee != nil {
		sats := p.MaxFee.WholeSats()
		r.Data.MaxFeeSats = &sats
	}
	return r, r.Validate()
}

// NewBip21Send pays a BIP 21 URI (or a plain address with an invoice).
func NewBip21Send(p SendParams) (SendRequest, error) {
	r := newSend(Bip21, p)
	r.Data = SendRequestData{Address: strings.TrimSpace(p.Address), PaymentRequest: strings.TrimSpace(p.Invoice),
		AmountMsats: optMsats(p.Amount), MaxFeeMsats: p.MaxFee, Description: p.Description}
	return r, r.Validate()
}

// NewWalletRequest creates a wallet (§5.4).
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
