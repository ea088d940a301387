package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	ErrExpirySeconds  = errors.New("expiry must be whole seconds: Voltage takes it in seconds")
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
	if r.Expiration != nil && (*r.Expiration < int64(MinReceiveExpiry/time.Second) || *r.Expiration > int64(MaxReceiveExpiry/time.Second)) {
		return ErrExpiryRange
	}
	return CheckPaymentMetadata(r.Metadata)
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
	return CheckPaymentMetadata(r.Metadata)
}

// How long a receive waits to be paid: create_payment's receive forms take
// `expiration` in seconds, "default: 3600, max: 86400" (the spec's
// "Receive Payment with Specific Amount" and "... with Any Amount"; the
// former applies it to bolt11, onchain and bip21 alike). The spec names no
// minimum above its Expiration schema's 0, and an invoice that expires as
// it is made cannot be paid, so the least is one second.
const (
	DefaultReceiveExpiry = time.Hour
	MinReceiveExpiry     = time.Second
	MaxReceiveExpiry     = 24 * time.Hour
)

// CheckReceiveExpiry refuses an expiry Voltage would not take: outside
// MinReceiveExpiry..MaxReceiveExpiry (ErrExpiryRange), or with a fraction
// of a second, which the API's seconds cannot carry (ErrExpirySeconds).
func CheckReceiveExpiry(d time.Duration) error {
	switch {
	case d < MinReceiveExpiry || d > MaxReceiveExpiry:
		return ErrExpiryRange
	case d%time.Second != 0:
		return ErrExpirySeconds
	}
	return nil
}

// ExpiryPresets are the lifetimes offered first, shortest first.
var ExpiryPresets = []time.Duration{10 * time.Minute, 30 * time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour}

// ParseReceiveExpiry reads a lifetime as people type it: a Go duration
// ("90s", "10m", "1h30m") or whole days ("1d"), held to what Voltage
// takes.
func ParseReceiveExpiry(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && strings.Trim(days, "0123456789") == "" {
		n, _ := strconv.Atoi(days)
		d = time.Duration(n) * 24 * time.Hour
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, fmt.Errorf("%q is not a duration like 10m, 2h or 1d", s)
	}
	if err := CheckReceiveExpiry(d); err != nil {
		return 0, err
	}
	return d, nil
}

// ReceiveParams describes an invoice or address to create. A zero Amount
// asks for an any-amount invoice; an empty ID gets a fresh UUID.
type ReceiveParams struct {
	ID          string
	WalletID    string
	Amount      MilliSats
	Description string
	// Expiry is how long the invoice or address waits to be paid, sent as
	// `expiration`; zero sends none, which gets the API's default
	// (DefaultReceiveExpiry). CheckReceiveExpiry says what is allowed.
	Expiry time.Duration
	// Metadata is sent as the payment's metadata, echoed back on it and in
	// webhooks; CheckPaymentMetadata says what is allowed.
	Metadata map[string]string
}

func newReceive(kind Kind, p ReceiveParams) (ReceiveRequest, error) {
	r := ReceiveRequest{ID: p.ID, WalletID: p.WalletID, Kind: kind, Amount: p.Amount, Metadata: cloneMetadata(p.Metadata)}
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
		if err := CheckReceiveExpiry(p.Expiry); err != nil {
			return r, err
		}
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
	Metadata    map[string]string // as for ReceiveParams
}

func newSend(kind Kind, p SendParams) SendRequest {
	r := SendRequest{ID: p.ID, WalletID: p.WalletID, Currency: BTC, Type: kind, Metadata: cloneMetadata(p.Metadata)}
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
	case CheckWalletName(r.Name) != nil:
		return CheckWalletName(r.Name)
	case r.Network != "mainnet" && r.Network != "testnet3" && r.Network != "mutinynet":
		return fmt.Errorf("network %q: use mainnet, testnet3 or mutinynet", r.Network)
	case r.Limit < 0:
		return errors.New("wallet limit cannot be negative")
	}
	return nil
}

// Wallet names are 3 to 256 characters (NewWalletRequest, UpdateWalletRequest).
const (
	MinWalletName = 3
	MaxWalletName = 256
)

// CheckWalletName says what is wrong with a wallet name, if anything;
// length counts characters, as the schema's minLength and maxLength do.
func CheckWalletName(name string) error {
	n := utf8.RuneCountInString(strings.TrimSpace(name))
	switch {
	case n < MinWalletName:
		return fmt.Errorf("a wallet name needs at least %d characters", MinWalletName)
	case utf8.RuneCountInString(name) > MaxWalletName:
		return fmt.Errorf("a wallet name has at most %d characters", MaxWalletName)
	case CleanText(name) != name:
		return errors.New("a wallet name cannot hold control or invisible characters")
	}
	return nil
}

// UpdateWalletRequest renames a wallet (update_wallet).
type UpdateWalletRequest struct {
	Name string `json:"name"`
}

// SandboxCreditUpdate changes a staging line of credit
// (update_sandbox_line_of_credit, schema UpdateSandboxLineOfCreditRequest):
// its limit in msats, or disabling it. Nil fields are left out.
type SandboxCreditUpdate struct {
	Limit   *MilliSats `json:"limit,omitempty"`
	Disable *bool      `json:"disable,omitempty"`
}

// ParseMetadata reads key=value pairs as people type them, for a new
// wallet's or payment's metadata and the metadata filter. Keys are
// unique and neither side may be empty or hold control characters.
func ParseMetadata(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(pairs))
	for _, pair := range pairs {
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case !ok || k == "" || v == "":
			return nil, fmt.Errorf("%q: write key=value, such as team=ops", pair)
		case CleanText(k) != k || CleanText(v) != v:
			return nil, fmt.Errorf("%q: control and invisible characters are not allowed", CleanText(pair))
		case out[k] != "":
			return nil, fmt.Errorf("%q is given twice", k)
		}
		out[k] = v
	}
	return out, nil
}

// A payment's metadata (create_payment's metadata, on every receive and
// send form): at most 50 pairs, each key and value at most 256
// characters, as the spec's maxProperties and maxLength count them.
// Voltage omits an empty object, so none is sent.
const (
	MaxPaymentMetadata    = 50
	MaxPaymentMetadataLen = 256
)

// ErrMetadataReserved refuses a key voltdash keeps for itself: a payment
// marked with PolicyCheckKey would be read as a policy check.
var ErrMetadataReserved = fmt.Errorf("the metadata key %s is voltdash's own (it marks policy checks)", PolicyCheckKey)

// CheckPaymentMetadata says what Voltage would refuse in a payment's
// metadata, or nil.
func CheckPaymentMetadata(m map[string]string) error {
	if len(m) > MaxPaymentMetadata {
		return fmt.Errorf("metadata has %d pairs; a payment takes at most %d", len(m), MaxPaymentMetadata)
	}
	for k, v := range m {
		switch {
		case utf8.RuneCountInString(k) > MaxPaymentMetadataLen:
			return fmt.Errorf("metadata key %q has %d characters; at most %d", CutText(CleanText(k), 24), utf8.RuneCountInString(k), MaxPaymentMetadataLen)
		case utf8.RuneCountInString(v) > MaxPaymentMetadataLen:
			return fmt.Errorf("the metadata value of %q has %d characters; at most %d", CutText(CleanText(k), 24), utf8.RuneCountInString(v), MaxPaymentMetadataLen)
		}
	}
	return nil
}

// ParsePaymentMetadata reads --metadata pairs for a new payment: as
// ParseMetadata, held to what create_payment takes, and without the key
// voltdash marks its policy checks with.
func ParsePaymentMetadata(pairs []string) (map[string]string, error) {
	m, err := ParseMetadata(pairs)
	if err != nil {
		return nil, err
	}
	if _, ok := m[PolicyCheckKey]; ok {
		return nil, ErrMetadataReserved
	}
	return m, CheckPaymentMetadata(m)
}

// cloneMetadata copies m, so that a request made from it holds its own
// (nil for none: an empty object is not sent).
func cloneMetadata(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

// NewID returns a fresh UUID for a resource the client creates.
func NewID() string { return uuid.NewString() }
