package model

import (
	"errors"
	"strings"
	"time"
)

// SendPlan is what a filled-in Send form would pay, once checked.
type SendPlan struct {
	Kind       Kind
	Invoice    *Invoice  // for Lightning payments
	Address    string    // for on-chain payments, or the URI of a bip21 one
	Amount     MilliSats // what will be sent
	MaxFee     MilliSats
	FeeDefault bool // the cap was left to the default
	Payee      string
	Memo       string
}

// SendProblems are the messages for each input, empty where it is fine.
type SendProblems struct{ Target, Amount, Fee string }

// OK reports no problem at all.
func (p SendProblems) OK() bool { return p.Target == "" && p.Amount == "" && p.Fee == "" }

// PlanSend checks what a person asked to pay (an invoice, address or
// bitcoin: URI; an amount; a fee cap) against the wallet it pays from.
// Nothing here talks to the API: every refusal is decided before a request
// could be made.
func PlanSend(target, amountText, feeText string, w Wallet, hasWallet bool, now time.Time) (SendPlan, SendProblems) {
	var plan SendPlan
	var bad SendProblems
	target = strings.TrimSpace(target)
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
		if uri.Lightning != "" {
			bad.Target = plan.useInvoice(uri.Lightning, w.Network, now)
		} else if err := CheckAddress(uri.Address, w.Network); err != nil {
			bad.Target = err.Error()
		} else {
			plan.Payee = uri.Address
		}
		if uri.Amount > 0 && (plan.Invoice == nil || !plan.Invoice.HasAmount) {
			plan.Invoice = withAmount(plan.Invoice, uri.Amount)
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
	bad.Amount = plan.useAmount(amountText)
	bad.Fee = plan.useFee(feeText)
	return plan, bad
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

func (p *SendPlan) useAmount(text string) string {
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
	amt, err := ParsePositiveMilliSats(text)
	switch {
	case err != nil:
		return err.Error()
	case fixed && amt != p.Invoice.Amount:
		return "the invoice asks for " + p.Invoice.Amount.String() + "; leave this empty or enter exactly that"
	case p.Onchain() && amt.HasFractionalSats():
		return "on-chain amounts are whole sats"
	}
	p.Amount = amt
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
func (p SendPlan) Warning(w Wallet, u Unit) string {
	need := p.Amount + p.MaxFee
	switch {
	case need > w.Spendable():
		return "Amount plus fee cap is more than this wallet holds, credit included (" + w.Spendable().Format(u) + "): the payment will fail."
	case need > w.Available():
		return "Amount plus fee cap is more than the available balance (" + w.Available().Format(u) + "); the wallet's credit will cover the rest."
	case p.MaxFee == 0 && !p.FeeDefault:
		return "A fee cap of zero pays only on routes that charge nothing."
	}
	return ""
}

// Request builds the send with a fresh id, once the user has confirmed.
func (p SendPlan) Request(walletID string) (SendRequest, error) {
	params := SendParams{WalletID: walletID, Amount: p.Amount}
	if !p.FeeDefault || !p.Onchain() {
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
