package model

import (
	"errors"
	"strings"
	"time"
)

// SendPlan is what a filled-in Send form would pay, once checked.
type SendPlan struct {
	Kind    Kind
	Invoice *Invoice // for Lightning payments
	Address string   // for on-chain payments, or the URI of a bip21 one
	// ChainAddress is a bip21 URI's on-chain address, which Voltage may pay
	// instead of its invoice.
	ChainAddress string
	Amount       MilliSats // what will be sent
	MaxFee       MilliSats
	FeeDefault   bool // the cap was left to the default
	Payee        string
	Memo         string
	// Priced is the dollars typed and the quote that made Amount of them,
	// for the confirmation to say which price.
	Priced *Priced
	// PayTo is the Lightning Address or LNURL the invoice was asked from
	// (LUD-06, LUD-16): shown, journaled, and part of the destination, so
	// that paying the same address again is asked about like paying the
	// same invoice.
	PayTo string
	// Success is what PayTo's service asked to show once the invoice is
	// paid (LUD-09): journaled, so that a resend or resume still shows it.
	Success *SuccessAction
	// Metadata is the payer's own key=value pairs, sent with the payment
	// (create_payment's metadata) and journaled in its request, so that a
	// resend sends them again as they were.
	Metadata map[string]string
}

// ShownDescription is how many cells of the payee's description a
// confirmation shows: enough to recognise it, too little to bury what
// matters.
const ShownDescription = 80

// SendProblems are the messages for each input, empty where it is fine.
type SendProblems struct{ Target, Amount, Fee string }

// OK reports no problem at all.
func (p SendProblems) OK() bool { return p.Target == "" && p.Amount == "" && p.Fee == "" }

// PlanSend checks what a person asked to pay (an invoice, address or
// bitcoin: URI; an amount, in dollars at q when typed so; a fee cap)
// against the wallet it pays from. Nothing here talks to the API: every
// refusal is decided before a request could be made.
func PlanSend(target, amountText, feeText string, w Wallet, hasWallet bool, now time.Time, q *Quote) (SendPlan, SendProblems) {
	var plan SendPlan
	var bad SendProblems
	target = Compact(target)
	switch {
	case !hasWallet:
		bad.Target = "there is no wallet to pay from yet"
		return plan, bad
	case target == "":
		bad.Target = "paste a Lightning invoice, or type a bitcoin address or bitcoin: URI"
		return plan, bad
	}
	lower := strings.ToLower(target)
	switch {
	case strings.HasPrefix(lower, "ln") || strings.HasPrefix(lower, "lightning:"):
		plan.Kind = Bolt11
		bad.Target = plan.useInvoice(target, w.Network, now)
	case strings.HasPrefix(lower, "bitcoin:"):
		uri, err := ParseBIP21(target)
		if err != nil {
			bad.Target = err.Error()
			return plan, bad
		}
		plan.Kind, plan.Address, plan.Memo = Bip21, target, uri.Message
		if bad.Target = plan.useURI(uri, w.Network, now); bad.Target != "" {
			return plan, bad
		}
	default:
		plan.Kind, plan.Address, plan.Payee = Onchain, target, target
		if err := CheckAddress(target, w.Network); err != nil {
			if errors.Is(err, ErrNotAddress) {
				bad.Target = "this is neither a Lightning invoice nor a bitcoin address"
			} else {
				bad.Target = err.Error()
			}
		}
	}
	if bad.Target != "" {
		return plan, bad
	}
	bad.Amount = plan.useAmount(amountText, q)
	bad.Fee = plan.useFee(feeText)
	return plan, bad
}

// useURI checks a BIP 21 URI's address and invoice each against the
// wallet, and against each other: a URI whose parts disagree could show
// one payment and make another, so it is refused.
func (p *SendPlan) useURI(uri BIP21, network Network, now time.Time) string {
	if uri.Address != "" {
		if err := CheckAddress(uri.Address, network); err != nil {
			return err.Error()
		}
		p.ChainAddress, p.Payee = uri.Address, uri.Address
	}
	if uri.Lightning != "" {
		if problem := p.useInvoice(uri.Lightning, network, now); problem != "" {
			return problem
		}
		if p.Memo == "" {
			p.Memo = uri.Message
		}
		inv := p.Invoice
		switch {
		case uri.Amount > 0 && inv.HasAmount && uri.Amount != inv.Amount:
			return "the bitcoin URI asks for " + uri.Amount.String() + " but its invoice asks for " + inv.Amount.String() +
				": ask the payee for a new request"
		case uri.Address != "" && inv.Fallback != "" && !sameAddress(uri.Address, inv.Fallback):
			return "the bitcoin URI's address " + uri.Address + " is not its invoice's fallback address " + inv.Fallback +
				": ask the payee for a new request"
		}
	}
	if uri.Amount > 0 && (p.Invoice == nil || !p.Invoice.HasAmount) {
		p.Invoice = withAmount(p.Invoice, uri.Amount)
	}
	return ""
}

// sameAddress compares addresses as the chain does: bech32 ignores case,
// base58 does not.
func sameAddress(a, b string) bool { return canonicalAddress(a) == canonicalAddress(b) }

func canonicalAddress(a string) string {
	a = strings.TrimSpace(a)
	lower := strings.ToLower(a)
	for _, hrp := range []string{"bc1", "tb1", "bcrt1"} {
		if strings.HasPrefix(lower, hrp) {
			return lower
		}
	}
	return a
}

// withAmount records an amount fixed by a BIP 21 URI, where the invoice
// (if any) names none.
func withAmount(inv *Invoice, amt MilliSats) *Invoice {
	if inv == nil {
		inv = &Invoice{}
	}
	out := *inv
	out.Amount, out.HasAmount = amt, true
	return &out
}

func (p *SendPlan) useInvoice(text string, network Network, now time.Time) string {
	inv, err := DecodeInvoice(text)
	if err != nil {
		return err.Error()
	}
	if err := inv.CheckPayable(network, now); err != nil {
		return err.Error()
	}
	p.Invoice, p.Payee, p.Memo = &inv, inv.Payee, inv.Description
	return ""
}

// Onchain reports a payment that goes on chain, where amounts are whole sats.
func (p *SendPlan) Onchain() bool {
	return p.Kind == Onchain || (p.Kind == Bip21 && (p.Invoice == nil || p.Invoice.Raw == ""))
}

func (p *SendPlan) useAmount(text string, q *Quote) string {
	text = strings.TrimSpace(text)
	fixed := p.Invoice != nil && p.Invoice.HasAmount
	switch {
	case fixed && text == "":
		p.Amount = p.Invoice.Amount
		return ""
	case text == "" && p.Kind == Onchain:
		return "enter the amount to send"
	case text == "":
		return "this invoice has no amount: enter one"
	}
	amt, priced, err := ParsePricedEntry(text, q)
	switch {
	case err != nil:
		return err.Error()
	case fixed && priced != nil:
		return "the invoice asks for " + p.Invoice.Amount.String() + ": leave this empty"
	case fixed && amt != p.Invoice.Amount:
		return "the invoice asks for " + p.Invoice.Amount.String() + "; leave this empty or enter exactly that"
	case p.Onchain() && amt.HasFractionalSats():
		return "on-chain amounts are whole sats"
	}
	p.Amount, p.Priced = amt, priced
	return ""
}

func (p *SendPlan) useFee(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		p.FeeDefault = true
		if !p.Onchain() {
			p.MaxFee = DefaultMaxFee(p.Amount)
		}
		return ""
	}
	fee, err := ParseMilliSats(text)
	switch {
	case err != nil:
		return err.Error()
	case p.Onchain() && fee.HasFractionalSats():
		return "on-chain fees are whole sats"
	}
	p.MaxFee = fee
	return ""
}

// Warning is what the user should know before confirming, without being
// stopped: the wallet may not hold enough.
func (p SendPlan) Warning(w Wallet, l Lens) string {
	need := p.Amount + p.MaxFee
	switch {
	case need > w.Spendable():
		return "Amount plus fee cap is more than this wallet holds, credit included (" + l.Format(w.Spendable()) + "): the payment will fail."
	case need > w.Available():
		return "Amount plus fee cap is more than the available balance (" + l.Format(w.Available()) + "); the wallet's credit will cover the rest."
	case p.MaxFee == 0 && !p.FeeDefault:
		return "A fee cap of zero pays only on routes that charge nothing."
	}
	return ""
}

// Record is the send as the journal will keep it, under a fresh id: the
// plan fixed when the user confirms, which nothing after changes.
func (p SendPlan) Record(walletID string) (SendRecord, error) {
	req, err := p.Request(walletID)
	if err != nil {
		return SendRecord{}, err
	}
	return SendRecord{ID: req.ID, WalletID: walletID, Request: req, Amount: p.Amount, MaxFee: p.MaxFee,
		Payee: p.Payee, Memo: p.Memo, PayTo: p.PayTo, Success: p.Success, Destination: p.Destination()}, nil
}

// Destination is what the plan pays, as the duplicate check compares it:
// an invoice by its payment hash (the same invoice pasted in any case),
// and an address; a BIP 21 URI may name both, as Voltage may pay either.
func (p SendPlan) Destination() string {
	var keys []string
	if p.Invoice != nil && p.Invoice.Raw != "" {
		keys = append(keys, "lightning:"+p.Invoice.PaymentHash)
	}
	addr := p.Address
	if p.Kind == Bip21 {
		addr = p.ChainAddress
	}
	if addr != "" && p.Kind != Bolt11 {
		keys = append(keys, "address:"+canonicalAddress(addr))
	}
	if p.PayTo != "" {
		keys = append(keys, "lnurl:"+strings.ToLower(p.PayTo))
	}
	return strings.Join(keys, " ")
}

// FeeCapped reports whether the send names its fee cap; only an on-chain
// send left to the default does not.
func (p SendPlan) FeeCapped() bool { return !p.FeeDefault || !p.Onchain() }

// Request builds the send with a fresh id, once the user has confirmed.
func (p SendPlan) Request(walletID string) (SendRequest, error) {
	params := SendParams{WalletID: walletID, Amount: p.Amount, Metadata: p.Metadata}
	if p.FeeCapped() {
		fee := p.MaxFee
		params.MaxFee = &fee
	}
	switch p.Kind {
	case Onchain:
		params.Address = p.Address
		return NewOnchainSend(params)
	case Bip21:
		params.Address = p.Address
		if p.Invoice != nil {
			params.Invoice = p.Invoice.Raw
		}
		return NewBip21Send(params)
	}
	params.Invoice = p.Invoice.Raw
	if p.Invoice.HasAmount {
		params.Amount = 0 // the invoice carries it; sending both invites a mismatch
	}
	return NewBolt11Send(params)
}
