package model

// The accessors below give every screen one way to read a payment, whatever
// its kind, so no caller type-switches on Data.

// Amount is what the payment is for: for a receive, the principal asked for
// when the API says so, else what the invoice or address carries (which is
// what arrived, for an any-amount invoice once paid); for a send, the
// amount sent, without the fee.
func (p Payment) Amount() MilliSats {
	if !p.Supported() {
		return 0 // asset units are not bitcoin
	}
	if p.Direction == Receive && p.RequestedAmount != nil && p.RequestedAmount.Amount > 0 {
		return p.RequestedAmount.MilliSats()
	}
	switch d := p.Data.(type) {
	case SendBolt11Data:
		return d.AmountMsats
	case SendOnchainData:
		return Sats(d.AmountSats)
	case SendBip21Data:
		return d.AmountMsats
	case ReceiveBolt11Data:
		return d.AmountMsats
	case ReceiveOnchainData:
		return Sats(d.AmountSats)
	case ReceiveBip21Data:
		return d.AmountMsats
	}
	return 0
}

// SignedAmount is Amount with a send counted negative, for totals.
func (p Payment) SignedAmount() MilliSats {
	if p.Direction == Send {
		return -p.Amount()
	}
	return p.Amount()
}

// Fee is the routing or mining fee actually paid, once known.
func (p Payment) Fee() (MilliSats, bool) {
	switch d := p.Data.(type) {
	case SendBolt11Data:
		if d.FeeMsats != nil {
			return *d.FeeMsats, true
		}
	case SendBip21Data:
		if d.FeeMsats != nil {
			return *d.FeeMsats, true
		}
	case SendOnchainData:
		if d.FeeSats != nil {
			return Sats(*d.FeeSats), true
		}
	}
	return 0, false
}

// MaxFee is the fee cap a send was made with.
func (p Payment) MaxFee() MilliSats {
	switch d := p.Data.(type) {
	case SendBolt11Data:
		return d.MaxFeeMsats
	case SendBip21Data:
		return d.MaxFeeMsats
	case SendOnchainData:
		return Sats(d.MaxFeeSats)
	}
	return 0
}

// Invoice is the BOLT 11 payment request, if the payment has one yet.
func (p Payment) Invoice() string {
	switch d := p.Data.(type) {
	case SendBolt11Data:
		return string(d.PaymentRequest)
	case SendBip21Data:
		return string(d.PaymentRequest)
	case ReceiveBolt11Data:
		return string(d.PaymentRequest)
	case ReceiveBip21Data:
		return string(d.PaymentRequest)
	}
	return ""
}

// Address is the on-chain address (or, for a bip21 send, the URI paid).
func (p Payment) Address() string {
	switch d := p.Data.(type) {
	case SendOnchainData:
		return string(d.Address)
	case SendBip21Data:
		return string(d.Address)
	case ReceiveOnchainData:
		return string(d.Address)
	case ReceiveBip21Data:
		return string(d.Address)
	}
	return ""
}

// Memo is the human note of a payment, whichever field the kind keeps it in.
func (p Payment) Memo() string {
	switch d := p.Data.(type) {
	case SendBolt11Data:
		return string(d.Memo)
	case SendOnchainData:
		return string(d.Label)
	case SendBip21Data:
		return string(d.Description)
	case ReceiveBolt11Data:
		return string(d.Memo)
	case ReceiveOnchainData:
		return string(d.Label)
	case ReceiveBip21Data:
		return string(d.Description)
	}
	return ""
}

// Legs are the receipts (receives) or outflows (sends) of the payment.
func (p Payment) Legs() Legs {
	switch d := p.Data.(type) {
	case SendBolt11Data:
		return d.Outflows
	case SendOnchainData:
		return d.Outflows
	case SendBip21Data:
		return d.Outflows
	case ReceiveBolt11Data:
		return d.Receipts
	case ReceiveOnchainData:
		return d.Receipts
	case ReceiveBip21Data:
		return d.Receipts
	}
	return nil
}

// Preimage is the proof of payment of a Lightning leg, when the API gives it.
func (p Payment) Preimage() string {
	for _, l := range p.Legs() {
		if l.Preimage != "" {
			return l.Preimage
		}
	}
	return ""
}

// PayableText is what a payer should be shown for a receive: the invoice,
// else the address. Empty while the receive is still generating.
func (p Payment) PayableText() string {
	if inv := p.Invoice(); inv != "" && p.Kind != Bip21 {
		return inv
	}
	if p.Kind == Bip21 && p.Bip21URI != "" {
		return p.Bip21URI
	}
	if inv := p.Invoice(); inv != "" {
		return inv
	}
	return p.Address()
}

// Supported reports whether voltdash understands the payment: a kind it
// knows, in bitcoin. A usd or asset payment is listed and shown in its
// own unit (Value), but not counted in sats.
func (p Payment) Supported() bool {
	_, other := p.Data.(OtherData)
	v, hasValue := p.value()
	return !other && p.Kind.Supported() && (p.Currency == BTC || p.Currency == "") && (!hasValue || v.IsBTC())
}

// Value is what the payment is for as its amount object says, in its own
// currency (usd cents, asset units); for a bitcoin payment, Amount in
// msats.
func (p Payment) Value() Amount {
	if v, ok := p.value(); ok && !v.IsBTC() {
		return v
	}
	return Amount{Amount: int64(p.Amount()), Currency: BTC, Unit: "msats"}
}

// ValueText is the payment's amount as the lists show one they cannot
// count in sats: dollars and asset units in their own unit, anything else
// as unsupported.
func (p Payment) ValueText() string {
	if v := p.Value(); !v.IsBTC() && (v.Currency == USD || v.Currency.IsAsset()) {
		return FormatAmount(v, UnitSats.Lens())
	}
	return "unsupported"
}

func (p Payment) value() (Amount, bool) {
	var a *Amount
	switch d := p.Data.(type) {
	case SendBolt11Data:
		a = d.Amount
	case SendOnchainData:
		a = d.Amount
	case SendBip21Data:
		a = d.Amount
	case ReceiveBolt11Data:
		a = d.Amount
	case ReceiveOnchainData:
		a = d.Amount
	case ReceiveBip21Data:
		a = d.Amount
	}
	if a == nil {
		return Amount{}, false
	}
	return *a, true
}

// Explain says in plain words why a payment failed or expired, with the
// API's type and code for reference and its detail for people.
func (e *PaymentError) Explain() string {
	if e == nil {
		return "no reason given"
	}
	why := map[string]string{
		"hold_failed":    "not enough balance or credit for the amount plus the fee cap",
		"send_failed":    "the payment could not be delivered",
		"rejected":       "refused by the wallet's policy",
		"receive_failed": "the invoice could not be created",
		"expired":        "nobody paid before it expired",
		"quote_failed":   "the currency quote failed",
	}[e.Type]
	ref := e.Type
	if e.Code != "" && e.Code != e.Type {
		ref += "/" + e.Code
	}
	switch {
	case why == "":
		why = ref
	default:
		why += " (" + ref + ")"
	}
	if e.Detail != "" {
		why += ": " + e.Detail
	}
	return why
}
