package sim

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
)

// sendPlan is a validated send: what to pay and how.
type sendPlan struct {
	amount, maxFee model.MilliSats
	invoice        *model.Invoice // nil for on-chain
	address        string
	memo           string
}

// createSend validates a send request and starts its life cycle.
func (s *Sim) createSend(req model.SendRequest, now time.Time) *apiError {
	return s.startSend(req, false, now)
}

// createCheck validates a send request as createSend does and starts a
// check of it (check_payment): sending, then approved or failed, as the
// send would be decided, with nothing held or moved.
func (s *Sim) createCheck(req model.SendRequest, now time.Time) *apiError {
	return s.startSend(req, true, now)
}

func (s *Sim) startSend(req model.SendRequest, check bool, now time.Time) *apiError {
	w, aerr := s.payingWallet(req.WalletID, now)
	if aerr != nil {
		return aerr
	}
	if aerr := checkCurrency(req.Currency); aerr != nil {
		return aerr
	}
	if aerr := checkMetadata(req.Metadata); aerr != nil {
		return aerr
	}
	plan, aerr := s.planSend(req, w.Network)
	if aerr != nil {
		return aerr
	}
	p := &payment{
		Payment: model.Payment{ID: req.ID, WalletID: w.ID, OrganizationID: s.org, EnvironmentID: s.env,
			CreatedAt: now, UpdatedAt: now, Currency: model.BTC, Direction: model.Send, Kind: req.Type,
			Status: model.StatusSending, Metadata: req.Metadata},
		visibleAt: now.Add(s.faults.hideFor()),
		amount:    plan.amount, maxFee: plan.maxFee, onchain: plan.invoice == nil, check: check,
	}
	if inv := plan.invoice; inv != nil {
		p.hash2pay, p.invoiceExpiry = inv.PaymentHash, inv.ExpiresAt()
		if target, ok := s.invoices[inv.PaymentHash]; ok && inv.Payee == hexKey(s.node) {
			p.target = target
		}
	} else {
		for _, r := range s.byTime { // an address of one of our receives settles inside
			if r.Direction == model.Receive && r.Address() == plan.address && r.Status == model.StatusReceiving {
				p.target = r
			}
		}
	}
	p.Data = sendData(req, plan)
	s.addPayment(p)
	s.record(p, "created", "", now)
	s.after(s.cfg.ApproveDelay, func(now time.Time) { s.approve(p, now) })
	return nil
}

// planSend applies the rules of SendPaymentRequest: what the send pays, how
// much, and with which fee cap, or the 400 that refuses it.
func (s *Sim) planSend(req model.SendRequest, network model.Network) (sendPlan, *apiError) {
	d := req.Data
	amount, hasAmount := d.AmountValue()
	if hasAmount && amount <= 0 {
		return sendPlan{}, errf(http.StatusBadRequest, "invalid_amount", "amount must be greater than zero")
	}
	maxFee, hasFee := d.MaxFeeValue()
	if hasFee && maxFee < 0 {
		return sendPlan{}, errf(http.StatusBadRequest, "invalid_amount", "max fee cannot be negative")
	}
	plan := sendPlan{amount: amount, maxFee: maxFee, memo: d.Description}
	switch req.Type {
	case model.Bolt11:
		return s.planInvoice(plan, d.PaymentRequest, hasAmount, hasFee, network)
	case model.Onchain:
		if !hasAmount {
			return plan, errf(http.StatusBadRequest, "missing_parameter", "amount_sats is required")
		}
		return planChain(plan, d.Address, hasFee, network)
	case model.Bip21:
		if d.Address == "" && d.PaymentRequest == "" {
			return plan, errf(http.StatusBadRequest, "missing_parameter", "address is required")
		}
		uri := model.BIP21{Address: d.Address}
		if strings.Contains(d.Address, ":") {
			var err error
			if uri, err = model.ParseBIP21(d.Address); err != nil {
				return plan, errf(http.StatusBadRequest, "invalid_address", "%s", err)
			}
		}
		if uri.Amount > 0 { // parameters inside the URI win
			plan.amount, hasAmount = uri.Amount, true
		}
		if uri.Lightning == "" {
			uri.Lightning = d.PaymentRequest
		}
		if uri.Lightning != "" {
			return s.planInvoice(plan, uri.Lightning, hasAmount, hasFee, network)
		}
		if !hasAmount {
			return plan, errf(http.StatusBadRequest, "invalid_amount", "the URI names no amount and none was given")
		}
		return planChain(plan, uri.Address, hasFee, network)
	case "":
		return plan, errf(http.StatusBadRequest, "missing_parameter", "type is required")
	}
	return plan, errf(http.StatusBadRequest, "invalid_payment", "send type %q is not supported", req.Type)
}

func (s *Sim) planInvoice(plan sendPlan, text string, hasAmount, hasFee bool, network model.Network) (sendPlan, *apiError) {
	if strings.TrimSpace(text) == "" {
		return plan, errf(http.StatusBadRequest, "missing_parameter", "payment_request is required")
	}
	inv, err := model.DecodeInvoice(text)
	if err != nil {
		return plan, errf(http.StatusBadRequest, "invalid_bolt11_payment_request", "%s", err)
	}
	if !network.Accepts(inv.Network) {
		return plan, errf(http.StatusBadRequest, "invalid_network",
			"invoice is for %s but the wallet is on %s", inv.Network, network)
	}
	switch {
	case inv.HasAmount && hasAmount && plan.amount != inv.Amount:
		return plan, errf(http.StatusBadRequest, "amount_match_failed",
			"amount %d msats does not match the invoice's %d msats", plan.amount, inv.Amount)
	case inv.HasAmount:
		plan.amount = inv.Amount
	case !hasAmount:
		return plan, errf(http.StatusBadRequest, "invalid_amount", "the invoice has no amount, so amount_msats is required")
	}
	if !hasFee {
		plan.maxFee = model.DefaultMaxFee(plan.amount)
	}
	plan.invoice, plan.memo = &inv, inv.Description
	return plan, nil
}

func planChain(plan sendPlan, address string, hasFee bool, network model.Network) (sendPlan, *apiError) {
	if address == "" {
		return plan, errf(http.StatusBadRequest, "missing_parameter", "address is required")
	}
	if err := model.CheckAddress(address, network); err != nil {
		if errors.Is(err, model.ErrNotAddress) {
			return plan, errf(http.StatusBadRequest, "invalid_address", "%s", err)
		}
		return plan, errf(http.StatusBadRequest, "invalid_network", "%s", err)
	}
	if plan.amount.HasFractionalSats() || plan.maxFee.HasFractionalSats() {
		return plan, errf(http.StatusBadRequest, "invalid_amount", "on-chain amounts are whole sats")
	}
	if !hasFee {
		plan.maxFee = max(model.Sats(1000), plan.amount/100/model.MsatPerSat*model.MsatPerSat)
	}
	plan.address = address
	return plan, nil
}

// sendData is the payment's data as the API reports it while in flight.
func sendData(req model.SendRequest, plan sendPlan) model.PaymentData {
	switch req.Type {
	case model.Onchain:
		return model.SendOnchainData{Address: model.NullString(plan.address), AmountSats: plan.amount.WholeSats(),
			MaxFeeSats: plan.maxFee.WholeSats(), Label: model.NullString(req.Data.Description)}
	case model.Bip21:
		d := model.SendBip21Data{Address: model.NullString(req.Data.Address), AmountMsats: plan.amount,
			MaxFeeMsats: plan.maxFee, Description: model.NullString(plan.memo)}
		if plan.invoice != nil {
			d.PaymentRequest = model.NullString(plan.invoice.Raw)
		}
		return d
	}
	return model.SendBolt11Data{PaymentRequest: model.NullString(plan.invoice.Raw), AmountMsats: plan.amount,
		Memo: model.NullString(plan.memo), MaxFeeMsats: plan.maxFee}
}

// approve decides a send: failed with rejected when refusal says so,
// failed with hold_failed when the wallet cannot cover amount + fee cap
// within its limit, else approved with a hold of that sum. A check is
// decided the same way and stops at approved, holding nothing.
func (s *Sim) approve(p *payment, now time.Time) {
	if p.Status != model.StatusSending {
		return // already decided (seeded history settles without waiting)
	}
	w := s.wallets[p.WalletID]
	if why := s.refusal(w, p.amount, now); why != "" {
		s.transition(p, model.StatusFailed, "failed", &model.PaymentError{Type: "rejected", Code: "rejected", Detail: why}, now)
		return
	}
	need := p.amount + p.maxFee
	if w.available()-need < -w.CreditLimit() {
		if !p.check { // a check leaves the wallet as it was
			typ := "InsufficientFunds"
			if w.CreditLimit() > 0 {
				typ = "InsufficientLimit"
			}
			w.Error = &model.WalletEventError{Type: typ, Detail: "cannot hold " + need.String() + " for payment " + p.ID}
		}
		s.transition(p, model.StatusFailed, "failed", &model.PaymentError{Type: "hold_failed", Code: "insufficient_funds",
			Detail: "insufficient available balance for amount plus max fee"}, now)
		return
	}
	if p.check {
		s.transition(p, model.StatusApproved, "approved", nil, now)
		return
	}
	p.holdID = s.placeHold(w, p.ID, need, now)
	p.approvedAt = now
	w.sent = append(w.sent, p)
	s.transition(p, model.StatusApproved, "approved", nil, now)
	s.record(p, "held", "", now)
	switch {
	case p.target != nil:
		s.after(s.cfg.InternalDelay, func(now time.Time) { s.settleInside(p, now) })
	case p.onchain:
		s.after(s.cfg.ChainDelay, func(now time.Time) { s.settleOnChain(p, now) })
	default:
		s.after(s.cfg.RouteDelay, func(now time.Time) { s.settleOutside(p, now) })
	}
	s.record(p, "sent", "", now)
}

func (s *Sim) failSend(p *payment, code, detail string, now time.Time) {
	s.release(s.wallets[p.WalletID], p.holdID, p.ID, now)
	s.transition(p, model.StatusFailed, "failed", &model.PaymentError{Type: "send_failed", Code: code, Detail: detail}, now)
}

// settleInside pays a receive of another wallet here: no fee, both
// complete together.
func (s *Sim) settleInside(p *payment, now time.Time) {
	if p.Status != model.StatusApproved {
		return
	}
	t := p.target
	switch t.Status {
	case model.StatusReceiving:
	case model.StatusCompleted:
		s.failSend(p, "invalid_bolt11_invoice", "invoice already paid", now)
		return
	default:
		s.failSend(p, "invalid_bolt11_invoice", "invoice expired", now)
		return
	}
	s.capture(s.wallets[p.WalletID], p.holdID, p.ID, p.amount, now)
	s.settleReceive(t, p.amount, p.ID, now)
	legs := model.Legs{{Type: "shortcircuit", AmountMsats: p.amount, OffsetPaymentID: t.ID}}
	if !p.onchain {
		legs = append(legs, model.Receipt{Type: "lightning", PaymentHash: t.hash, Preimage: t.preimage})
	}
	s.complete(p, 0, legs, now)
}

// settleOutside routes to a node outside for a fee of 0.5 sat + 0.1 %.
func (s *Sim) settleOutside(p *payment, now time.Time) {
	if p.Status != model.StatusApproved {
		return
	}
	if now.After(p.invoiceExpiry) {
		s.failSend(p, "invalid_bolt11_invoice", "invoice expired", now)
		return
	}
	fee := RouteFee(p.amount)
	if fee > p.maxFee {
		s.failSend(p, "no_route", "no route found within the fee limit", now)
		return
	}
	s.capture(s.wallets[p.WalletID], p.holdID, p.ID, p.amount+fee, now)
	s.accounts.Outflow += p.amount
	s.accounts.FeesPaid += fee
	s.complete(p, fee, model.Legs{{Type: "lightning", PaymentHash: p.hash2pay, Preimage: s.hex32()}}, now)
}

// settleOnChain broadcasts and confirms for max(200 sats, 0.2 %).
func (s *Sim) settleOnChain(p *payment, now time.Time) {
	if p.Status != model.StatusApproved {
		return
	}
	fee := ChainFee(p.amount)
	if fee > p.maxFee {
		s.failSend(p, "broadcast_fee_above_max", "estimated fee "+fee.String()+" exceeds max "+p.maxFee.String(), now)
		return
	}
	s.capture(s.wallets[p.WalletID], p.holdID, p.ID, p.amount+fee, now)
	s.accounts.Outflow += p.amount
	s.accounts.FeesPaid += fee
	height := int64(2_011_000 + s.rng.IntN(5000))
	s.complete(p, fee, model.Legs{{Type: "onchain", RequiredConfirmations: 1, TxID: s.newTxID(),
		HeightMinedAt: &height, AmountSats: p.amount.WholeSats(), LedgerID: p.holdID}}, now)
}

// RouteFee is what a Lightning payment to the outside costs.
func RouteFee(amount model.MilliSats) model.MilliSats { return 500 + amount/1000 }

// ChainFee is what an on-chain payment costs.
func ChainFee(amount model.MilliSats) model.MilliSats {
	return max(model.Sats(200), amount*2/1000/model.MsatPerSat*model.MsatPerSat)
}

func (s *Sim) complete(p *payment, fee model.MilliSats, legs model.Legs, now time.Time) {
	switch d := p.Data.(type) {
	case model.SendBolt11Data:
		d.FeeMsats, d.Outflows = &fee, legs
		p.Data = d
	case model.SendBip21Data:
		d.FeeMsats, d.Outflows = &fee, legs
		p.Data = d
	case model.SendOnchainData:
		sats := fee.WholeSats()
		d.FeeSats, d.Outflows = &sats, legs
		p.Data = d
	}
	s.transition(p, model.StatusCompleted, "completed", nil, now)
}
