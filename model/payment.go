package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// Payment is a send or a receive as the API reports it (schema Payment). Its
// Data is one of the *Data types below, chosen by Direction and Kind; kinds
// voltdash does not handle (Taproot Assets, or anything newer) keep their raw
// data in OtherData so that they list, decode and re-encode without loss.
type Payment struct {
	ID              string
	WalletID        string
	OrganizationID  string
	EnvironmentID   string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Currency        Currency
	Direction       Direction
	Kind            Kind
	Status          Status
	Error           *PaymentError
	Data            PaymentData
	Bip21URI        string
	RequestedAmount *Amount
	Metadata        map[string]string
	PaymentCategory string
	Frozen          []json.RawMessage // compliance freezes on receives, shown as a count
	Route           string            // direct or swap, on sends
	ProcessingFee   *ProcessingFee    // Voltage's own fee, when one applies
	Breakdown       *PaymentBreakdown // principal, network and processing fees, once assessed

	// TextCleaned marks a copy made for a screen (ForDisplay) in which
	// some outside text had to be cleaned. It is never on the wire.
	TextCleaned bool
}

// Legs is a payment's receipts or outflows. The API always writes the list,
// so an empty one is [] rather than null.
type Legs []Receipt

func (l Legs) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Receipt(l))
}

// PaymentData is the per-kind part of a payment.
type PaymentData interface{ paymentData() }

// The data types below carry each amount twice, as get_payment's schemas
// do: an amount object (amount, max_fee, fees), which the spec prefers,
// and a legacy *_msats or *_sats field. Reading, a btc amount object wins
// and fills the legacy field, so the accessors keep working the day the
// legacy fields go; writing, whichever is missing is filled from the other.
// An amount object in another currency (usd cents, asset units) never
// fills a bitcoin field.

// SendBolt11Data is a Lightning invoice being paid.
type SendBolt11Data struct {
	PaymentRequest NullString `json:"payment_request"`
	Amount         *Amount    `json:"amount"`
	MaxFee         *Amount    `json:"max_fee"`
	Fees           *Amount    `json:"fees,omitempty"`
	AmountMsats    MilliSats  `json:"amount_msats"`
	Memo           NullString `json:"memo"`
	MaxFeeMsats    MilliSats  `json:"max_fee_msats"`
	FeeMsats       *MilliSats `json:"fee_msats"`
	Outflows       Legs       `json:"outflows,omitempty"`
}

// SendOnchainData is bitcoin sent to an address; amounts are whole sats.
type SendOnchainData struct {
	Address    NullString `json:"address"`
	Amount     *Amount    `json:"amount"`
	MaxFee     *Amount    `json:"max_fee"`
	Fees       *Amount    `json:"fees,omitempty"`
	AmountSats int64      `json:"amount_sats"`
	MaxFeeSats int64      `json:"max_fee_sats"`
	FeeSats    *int64     `json:"fee_sats"`
	Label      NullString `json:"label"`
	Outflows   Legs       `json:"outflows"`
}

// SendBip21Data is a BIP 21 URI paid over Lightning or on-chain.
type SendBip21Data struct {
	PaymentRequest NullString `json:"payment_request"`
	Address        NullString `json:"address"`
	Amount         *Amount    `json:"amount"`
	MaxFee         *Amount    `json:"max_fee"`
	Fees           *Amount    `json:"fees,omitempty"`
	AmountMsats    MilliSats  `json:"amount_msats"`
	MaxFeeMsats    MilliSats  `json:"max_fee_msats"`
	FeeMsats       *MilliSats `json:"fee_msats"`
	Description    NullString `json:"description"`
	Outflows       Legs       `json:"outflows"`
}

// ReceiveBolt11Data is an invoice we issued; PaymentRequest is empty while
// the payment is still generating.
type ReceiveBolt11Data struct {
	PaymentRequest NullString `json:"payment_request"`
	Amount         *Amount    `json:"amount"`
	Fees           *Amount    `json:"fees,omitempty"`
	AmountMsats    MilliSats  `json:"amount_msats"`
	Memo           NullString `json:"memo"`
	Expiration     *int64     `json:"expiration,omitempty"`
	Receipts       Legs       `json:"receipts,omitempty"`
}

// ReceiveOnchainData is an address we issued.
type ReceiveOnchainData struct {
	Address    NullString `json:"address"`
	Amount     *Amount    `json:"amount"`
	Fees       *Amount    `json:"fees,omitempty"`
	AmountSats int64      `json:"amount_sats"`
	Label      NullString `json:"label"`
	Expiration *int64     `json:"expiration,omitempty"`
	Receipts   Legs       `json:"receipts"`
}

// ReceiveBip21Data is a BIP 21 request with both an invoice and an address.
type ReceiveBip21Data struct {
	PaymentRequest NullString `json:"payment_request"`
	Address        NullString `json:"address"`
	Amount         *Amount    `json:"amount"`
	Fees           *Amount    `json:"fees,omitempty"`
	AmountMsats    MilliSats  `json:"amount_msats"`
	Description    NullString `json:"description"`
	Expiration     *int64     `json:"expiration,omitempty"`
	Receipts       Legs       `json:"receipts"`
}

// OtherData holds the data of a kind voltdash does not model.
type OtherData struct{ Raw json.RawMessage }

func (SendBolt11Data) paymentData()     {}
func (SendOnchainData) paymentData()    {}
func (SendBip21Data) paymentData()      {}
func (ReceiveBolt11Data) paymentData()  {}
func (ReceiveOnchainData) paymentData() {}
func (ReceiveBip21Data) paymentData()   {}
func (OtherData) paymentData()          {}

func (d OtherData) MarshalJSON() ([]byte, error) {
	if len(d.Raw) == 0 {
		return []byte("{}"), nil
	}
	return d.Raw, nil
}

// PaymentError is why a payment failed or expired (schemas SendError and
// ReceiveErrorWire). Branch on Type and Code; Detail is for people.
type PaymentError struct {
	Type    string         `json:"type"`
	Code    string         `json:"code,omitempty"`
	Detail  string         `json:"detail,omitempty"`
	Context map[string]any `json:"context,omitempty"`
}

type paymentWire struct {
	ID              string             `json:"id"`
	WalletID        string             `json:"wallet_id"`
	OrganizationID  string             `json:"organization_id,omitempty"`
	EnvironmentID   string             `json:"environment_id,omitempty"`
	CreatedAt       time.Time          `json:"created_at"`
	UpdatedAt       time.Time          `json:"updated_at"`
	Currency        Currency           `json:"currency"`
	Direction       Direction          `json:"direction"`
	Kind            Kind               `json:"type"`
	PaymentCategory string             `json:"payment_category,omitempty"`
	Metadata        map[string]string  `json:"metadata,omitempty"`
	Data            json.RawMessage    `json:"data"`
	Bip21URI        string             `json:"bip21_uri,omitempty"`
	RequestedAmount *Amount            `json:"requested_amount,omitempty"`
	Status          Status             `json:"status"`
	Error           *PaymentError      `json:"error"`
	Frozen          *[]json.RawMessage `json:"frozen,omitempty"`
	Route           string             `json:"route,omitempty"`
	ProcessingFee   *ProcessingFee     `json:"processing_fee,omitempty"`
	Breakdown       *PaymentBreakdown  `json:"payment_breakdown,omitempty"`
}

// ProcessingFee is the fee Voltage approved for a payment, in basis
// points of the principal, and as an amount.
type ProcessingFee struct {
	BasisPoints int    `json:"basis_points"`
	Amount      Amount `json:"amount"`
}

// PaymentBreakdown splits what a payment cost once it was assessed.
type PaymentBreakdown struct {
	Principal     Amount `json:"principal"`
	NetworkFee    Amount `json:"network_fee"`
	ProcessingFee Amount `json:"processing_fee"`
}

// dataFor returns an empty value of the data struct for a direction and
// kind, or nil for kinds kept raw.
func dataFor(d Direction, k Kind) PaymentData {
	switch {
	case d == Send && k == Bolt11:
		return &SendBolt11Data{}
	case d == Send && k == Onchain:
		return &SendOnchainData{}
	case d == Send && k == Bip21:
		return &SendBip21Data{}
	case d == Receive && k == Bolt11:
		return &ReceiveBolt11Data{}
	case d == Receive && k == Onchain:
		return &ReceiveOnchainData{}
	case d == Receive && k == Bip21:
		return &ReceiveBip21Data{}
	}
	return nil
}

func (p *Payment) UnmarshalJSON(b []byte) error {
	var w paymentWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	return p.fromWire(w)
}

// fromWire makes a payment of its wire form, its data read by its
// direction and kind.
func (p *Payment) fromWire(w paymentWire) error {
	*p = Payment{ID: w.ID, WalletID: w.WalletID, OrganizationID: w.OrganizationID,
		EnvironmentID: w.EnvironmentID, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
		Currency: w.Currency, Direction: w.Direction, Kind: w.Kind, Status: w.Status,
		Error: w.Error, Bip21URI: w.Bip21URI, RequestedAmount: w.RequestedAmount,
		Metadata: w.Metadata, PaymentCategory: w.PaymentCategory, Route: w.Route,
		ProcessingFee: w.ProcessingFee, Breakdown: w.Breakdown}
	if w.Frozen != nil {
		p.Frozen = *w.Frozen
	}
	data := dataFor(w.Direction, w.Kind)
	if data == nil {
		p.Data = OtherData{Raw: append(json.RawMessage(nil), w.Data...)}
		return nil
	}
	if len(w.Data) == 0 || string(w.Data) == "null" {
		w.Data = json.RawMessage("{}") // a known kind without data has empty data, not unknown data
	}
	if err := json.Unmarshal(w.Data, data); err != nil {
		return fmt.Errorf("payment %s: %s %s data: %w", w.ID, w.Direction, w.Kind, err)
	}
	// A payment's legs may come under either name whatever its direction;
	// its data reads the name of its own direction, and only data that
	// also holds the other is read again for both (the whole history is
	// decoded through here, a page of 1,000 at a time).
	other := "receipts"
	if w.Direction == Receive {
		other = "outflows"
	}
	if !mayHoldKey(w.Data, other) {
		p.Data = settled(data, nil)
		return nil
	}
	var legs struct{ Receipts, Outflows Legs }
	if err := json.Unmarshal(w.Data, &legs); err != nil {
		return fmt.Errorf("payment %s: %w", w.ID, err)
	}
	p.Data = settled(data, append(legs.Outflows, legs.Receipts...))
	return nil
}

// mayHoldKey reports whether encoding/json could read key from data's
// objects. It matches keys without regard to case, Unicode's folds
// included, and reads escapes in them, so data with a backslash or a byte
// beyond ASCII may hold it however it looks; otherwise key must appear
// quoted, in any case.
func mayHoldKey(data []byte, key string) bool {
	n := len(key)
	for i, c := range data {
		switch {
		case c == '\\' || c >= utf8.RuneSelf:
			return true
		case c == '"' && i+n+1 < len(data) && data[i+n+1] == '"' && bytes.EqualFold(data[i+1:i+n+1], []byte(key)):
			return true
		}
	}
	return false
}

func (p Payment) MarshalJSON() ([]byte, error) {
	w, err := p.toWire()
	if err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// toWire is the payment's wire form, its data encoded.
func (p Payment) toWire() (paymentWire, error) {
	data := p.Data
	switch d := data.(type) {
	case nil:
		data = OtherData{}
	case OtherData:
	default:
		data = settled(&d, nil)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return paymentWire{}, err
	}
	w := paymentWire{ID: p.ID, WalletID: p.WalletID, OrganizationID: p.OrganizationID,
		EnvironmentID: p.EnvironmentID, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		Currency: p.Currency, Direction: p.Direction, Kind: p.Kind, Status: p.Status,
		Error: p.Error, Data: raw, Bip21URI: p.Bip21URI, RequestedAmount: p.RequestedAmount,
		Metadata: p.Metadata, PaymentCategory: p.PaymentCategory, Route: p.Route,
		ProcessingFee: p.ProcessingFee, Breakdown: p.Breakdown}
	if p.Direction == Receive {
		frozen := p.Frozen
		if frozen == nil {
			frozen = []json.RawMessage{}
		}
		w.Frozen = &frozen
	}
	return w, nil
}

// settled returns the data (a pointer to one of the data types) with each
// amount object and its legacy field in step, and legs, when given, as its
// receipts or outflows.
func settled(data any, legs Legs) PaymentData {
	switch d := data.(type) {
	case *PaymentData:
		return settled(reflectPointer(*d), legs)
	case *SendBolt11Data:
		msats(&d.Amount, &d.AmountMsats)
		msats(&d.MaxFee, &d.MaxFeeMsats)
		feeMsats(&d.Fees, &d.FeeMsats)
		if legs != nil {
			d.Outflows = legs
		}
		return *d
	case *SendOnchainData:
		sats(&d.Amount, &d.AmountSats)
		sats(&d.MaxFee, &d.MaxFeeSats)
		feeSats(&d.Fees, &d.FeeSats)
		if legs != nil {
			d.Outflows = legs
		}
		return *d
	case *SendBip21Data:
		msats(&d.Amount, &d.AmountMsats)
		msats(&d.MaxFee, &d.MaxFeeMsats)
		feeMsats(&d.Fees, &d.FeeMsats)
		if legs != nil {
			d.Outflows = legs
		}
		return *d
	case *ReceiveBolt11Data:
		msats(&d.Amount, &d.AmountMsats)
		if legs != nil {
			d.Receipts = legs
		}
		return *d
	case *ReceiveOnchainData:
		sats(&d.Amount, &d.AmountSats)
		if legs != nil {
			d.Receipts = legs
		}
		return *d
	case *ReceiveBip21Data:
		msats(&d.Amount, &d.AmountMsats)
		if legs != nil {
			d.Receipts = legs
		}
		return *d
	}
	return data.(PaymentData)
}

// reflectPointer turns a data value into a pointer to a copy of it.
func reflectPointer(d PaymentData) any {
	switch v := d.(type) {
	case SendBolt11Data:
		return &v
	case SendOnchainData:
		return &v
	case SendBip21Data:
		return &v
	case ReceiveBolt11Data:
		return &v
	case ReceiveOnchainData:
		return &v
	case ReceiveBip21Data:
		return &v
	}
	return d
}

// WireAmount is the amount object of a btc amount as responses write it,
// with its unit.
func WireAmount(m MilliSats) *Amount { return &Amount{Amount: int64(m), Currency: BTC, Unit: "msats"} }

func wire(m MilliSats) *Amount { return WireAmount(m) }

func msats(obj **Amount, legacy *MilliSats) {
	if m, ok := (*obj).btc(); ok {
		*legacy = m
	} else if *obj == nil {
		*obj = wire(*legacy)
	}
}

func sats(obj **Amount, legacy *int64) {
	if m, ok := (*obj).btc(); ok {
		*legacy = m.WholeSats()
	} else if *obj == nil {
		*obj = wire(Sats(*legacy))
	}
}

func feeMsats(obj **Amount, legacy **MilliSats) {
	if m, ok := (*obj).btc(); ok {
		*legacy = &m
	} else if *obj == nil && *legacy != nil {
		*obj = wire(**legacy)
	}
}

func feeSats(obj **Amount, legacy **int64) {
	if m, ok := (*obj).btc(); ok {
		s := m.WholeSats()
		*legacy = &s
	} else if *obj == nil && *legacy != nil {
		*obj = wire(Sats(**legacy))
	}
}
