package ui

import (
	"errors"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// sendPlan is what a filled-in Send form would pay, once checked.
type sendPlan struct {
	kind       model.Kind
	invoice    *model.Invoice // for Lightning payments
	address    string         // for on-chain payments, or the URI of a bip21 one
	amount     model.MilliSats
	maxFee     model.MilliSats
	feeDefault bool // the cap was left to the default
	payee      string
	memo       string
}

// sendProblems are the messages for each field, empty where it is fine.
type sendProblems struct{ target, amount, fee string }

func (p sendProblems) ok() bool { return p.target == "" && p.amount == "" && p.fee == "" }

// planSend checks the Send form against the wallet it pays from. Nothing
// here talks to the API: every refusal is decided before a request could
// be made.
func planSend(target, amountText, feeText string, w model.Wallet, hasWallet bool, now time.Time) (sendPlan, sendProblems) {
	var plan sendPlan
	var bad sendProblems
	target = strings.TrimSpace(target)
	switch {
	case !hasWallet:
		bad.target = "there is no wallet to pay from yet"
		return plan, bad
	case target == "":
		bad.target = "paste a Lightning invoice, or type a bitcoin address or bitcoin: URI"
		return plan, bad
	}
	lower := strings.ToLower(target)
	switch {
	case strings.HasPrefix(lower, "ln") || strings.HasPrefix(lower, "lightning:"):
		plan.kind = model.Bolt11
		bad.target = plan.useInvoice(target, w.Network, now)
	case strings.HasPrefix(lower, "bitcoin:"):
		uri, err := model.ParseBIP21(target)
		if err != nil {
			bad.target = err.Error()
			return plan, bad
		}
		plan.kind, plan.address, plan.memo = model.Bip21, target, uri.Message
		if uri.Lightning != "" {
			bad.target = plan.useInvoice(uri.Lightning, w.Network, now)
		} else if err := model.CheckAddress(uri.Address, w.Network); err != nil {
			bad.target = err.Error()
		} else {
			plan.payee = uri.Address
		}
		if uri.Amount > 0 && (plan.invoice == nil || !plan.invoice.HasAmount) {
			plan.invoice = withAmount(plan.invoice, uri.Amount)
		}
	default:
		plan.kind, plan.address, plan.payee = model.Onchain, target, target
		if err := model.CheckAddress(target, w.Network); err != nil {
			if errors.Is(err, model.ErrNotAddress) {
				bad.target = "this is neither a Lightning invoice nor a bitcoin address"
			} else {
				bad.target = err.Error()
			}
		}
	}
	if bad.target != "" {
		return plan, bad
	}
	bad.amount = plan.useAmount(amountText)
	bad.fee = plan.useFee(feeText)
	return plan, bad
}

// withAmount records an amount fixed by a BIP 21 URI, where the invoice
// (if any) names none.
func withAmount(inv *model.Invoice, amt model.MilliSats) *model.Invoice {
	if inv == nil {
		inv = &model.Invoice{}
	}
	out := *inv
	out.Amount, out.HasAmount = amt, true
	return &out
}

func (p *sendPlan) useInvoice(text string, network model.Network, now time.Time) string {
	inv, err := model.DecodeInvoice(text)
	if err != nil {
		return err.Error()
	}
	if err := inv.CheckPayable(network, now); err != nil {
		return err.Error()
	}
	p.invoice, p.payee, p.memo = &inv, inv.Payee, inv.Description
	return ""
}

func (p *sendPlan) onchain() bool {
	return p.kind == model.Onchain || (p.kind == model.Bip21 && (p.invoice == nil || p.invoice.Raw == ""))
}

func (p *sendPlan) useAmount(text string) string {
	text = strings.TrimSpace(text)
	fixed := p.invoice != nil && p.invoice.HasAmount
	switch {
	case fixed && text == "":
		p.amount = p.invoice.Amount
		return ""
	case text == "" && p.kind == model.Onchain:
		return "enter the amount to send"
	case text == "":
		return "this invoice has no amount: enter one"
	}
	amt, err := model.ParsePositiveMilliSats(text)
	switch {
	case err != nil:
		return err.Error()
	case fixed && amt != p.invoice.Amount:
		return "the invoice asks for " + p.invoice.Amount.String() + "; leave this empty or enter exactly that"
	case p.onchain() && amt.HasFractionalSats():
		return "on-chain amounts are whole sats"
	}
	p.amount = amt
	return ""
}

func (p *sendPlan) useFee(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		p.feeDefault = true
		if !p.onchain() {
			p.maxFee = model.DefaultMaxFee(p.amount)
		}
		return ""
	}
	fee, err := model.ParseMilliSats(text)
	switch {
	case err != nil:
		return err.Error()
	case p.onchain() && fee.HasFractionalSats():
		return "on-chain fees are whole sats"
	}
	p.maxFee = fee
	return ""
}

// warning is what the user should know before confirming, without being
// stopped: the wallet may not hold enough.
func (p sendPlan) warning(w model.Wallet, u model.Unit) string {
	need := p.amount + p.maxFee
	switch {
	case need > w.Spendable():
		return "Amount plus fee cap is more than this wallet holds, credit included (" + amount(w.Spendable(), u) + " " + unitName(u) + "): the payment will fail."
	case need > w.Available():
		return "Amount plus fee cap is more than the available balance (" + amount(w.Available(), u) + " " + unitName(u) + "); the wallet's credit will cover the rest."
	case p.maxFee == 0 && !p.feeDefault:
		return "A fee cap of zero pays only on routes that charge nothing."
	}
	return ""
}

// request builds the send with a fresh id, once the user has confirmed.
func (p sendPlan) request(walletID string) (model.SendRequest, error) {
	params := model.SendParams{WalletID: walletID, Amount: p.amount}
	if !p.feeDefault || !p.onchain() {
		fee := p.maxFee
		params.MaxFee = &fee
	}
	switch p.kind {
	case model.Onchain:
		params.Address = p.address
		return model.NewOnchainSend(params)
	case model.Bip21:
		params.Address = p.address
		if p.invoice != nil {
			params.Invoice = p.invoice.Raw
		}
		return model.NewBip21Send(params)
	}
	params.Invoice = p.invoice.Raw
	if p.invoice.HasAmount {
		params.Amount = 0 // the invoice carries it; sending both invites a mismatch
	}
	return model.NewBolt11Send(params)
}
