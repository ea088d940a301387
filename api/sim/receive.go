package sim

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/voltdash/voltdash/model"
)

const defaultExpiry = time.Hour

// createReceive validates a receive request and starts its life cycle.
func (s *Sim) createReceive(req model.ReceiveRequest, now time.Time) *apiError {
	w, aerr := s.payingWallet(req.WalletID, now)
	if aerr != nil {
		return aerr
	}
	switch req.Kind {
	case model.Bolt11, model.Onchain, model.Bip21:
	case "":
		return errf(http.StatusBadRequest, "missing_parameter", "payment_kind is required")
	default:
		return errf(http.StatusBadRequest, "invalid_payment", "payment_kind %q is not supported here", req.Kind)
	}
	amount, hasAmount := req.RequestedMsats()
	if hasAmount && amount <= 0 {
		return errf(http.StatusBadRequest, "invalid_amount", "amount must be greater than zero")
	}
	if req.Kind == model.Onchain && amount%model.MsatPerSat != 0 {
		return errf(http.StatusBadRequest, "invalid_amount", "on-chain amounts are whole sats")
	}
	if req.Kind == model.Onchain && !hasAmount {
		return errf(http.StatusBadRequest, "invalid_amount", "an on-chain receive needs an amount")
	}
	if req.Description != "" && strings.TrimSpace(req.Description) == "" {
		return errf(http.StatusBadRequest, "invalid_parameter", "description must not be empty")
	}
	if len(req.Description) > 600 {
		return errf(http.StatusBadRequest, "invalid_parameter", "description is longer than 600 bytes")
	}
	expiry := defaultExpiry
	if req.Expiration != nil {
		if *req.Expiration < 1 || *req.Expiration > 86400 {
			return errf(http.StatusBadRequest, "invalid_parameter", "expiration must be 1 to 86400 seconds")
		}
		expiry = time.Duration(*req.Expiration) * time.Second
	}
	if aerr := checkMetadata(req.Metadata); aerr != nil {
		return aerr
	}
	p := &payment{
		Payment: model.Payment{ID: req.ID, WalletID: w.ID, OrganizationID: s.org, EnvironmentID: s.env,
			CreatedAt: now, UpdatedAt: now, Currency: model.BTC, Direction: model.Receive, Kind: req.Kind,
			Status: model.StatusGenerating, Metadata: req.Metadata, Frozen: nil},
		visibleAt: now.Add(s.faults.hideFor()),
		expiresAt: now.Add(expiry),
		autopay:   req.Metadata[AutopayMetadataKey] != "off",
	}
	if hasAmount {
		p.RequestedAmount = &model.Amount{Amount: int64(amount), Currency: model.BTC, Unit: "msats"}
	}
	memo := model.NullString(req.Description)
	switch req.Kind {
	case model.Bolt11:
		p.Data = model.ReceiveBolt11Data{AmountMsats: amount, Memo: memo}
	case model.Onchain:
		p.Data = model.ReceiveOnchainData{AmountSats: amount.WholeSats(), Label: memo}
	case model.Bip21:
		p.Data = model.ReceiveBip21Data{AmountMsats: amount, Description: memo}
	}
	s.addPayment(p)
	s.record(p, "created", "", now)
	s.after(s.cfg.GenerateDelay, func(now time.Time) {
		if s.issue(p, now) {
			s.arm(p, now)
		}
	})
	return nil
}

// issue gives a generating receive its invoice and/or address; false if it
// could not.
func (s *Sim) issue(p *payment, now time.Time) bool {
	if p.Status != model.StatusGenerating {
		return false
	}
	preimage, hash := s.newPreimage()
	p.preimage, p.hash = hexHash(preimage), hexHash(hash)
	amount := model.MilliSats(0)
	if p.RequestedAmount != nil {
		amount = p.RequestedAmount.MilliSats()
	}
	spec := invoiceSpec{hash: hash, amount: amount, memo: p.Memo(), created: p.CreatedAt, expiry: p.expiresAt.Sub(p.CreatedAt)}
	if p.invoiceAs != nil {
		p.invoiceAs(&spec)
	}
	inv, err := encodeInvoice(s.node, spec)
	if err != nil {
		s.transition(p, model.StatusFailed, "failed", &model.PaymentError{Type: "receive_failed",
			Detail: "could not generate an invoice: " + err.Error()}, now)
		return false
	}
	switch d := p.Data.(type) {
	case model.ReceiveBolt11Data:
		d.PaymentRequest = model.NullString(inv)
		p.Data, p.Bip21URI = d, "lightning:"+inv
	case model.ReceiveOnchainData:
		d.Address = model.NullString(s.newAddress())
		p.Data = d
		p.Bip21URI = model.BIP21{Address: string(d.Address), Amount: amount, Label: string(d.Label)}.String()
	case model.ReceiveBip21Data:
		d.PaymentRequest, d.Address = model.NullString(inv), model.NullString(s.newAddress())
		p.Data = d
		p.Bip21URI = model.BIP21{Address: string(d.Address), Amount: amount, Lightning: inv, Label: string(d.Description)}.String()
	}
	s.invoices[p.hash] = p
	s.record(p, "generated", "", now)
	return s.transition(p, model.StatusReceiving, "receiving", nil, now)
}

// arm starts a receiving payment's expiry countdown and, in demo mode, the
// auto-payer's.
func (s *Sim) arm(p *payment, now time.Time) {
	s.after(p.expiresAt.Sub(now), func(now time.Time) {
		s.transition(p, model.StatusExpired, "expired", &model.PaymentError{Type: "expired"}, now)
	})
	if p.autopay && s.cfg.AutoPay > 0 {
		s.after(s.cfg.AutoPay, func(now time.Time) { s.payFromOutside(p, 0, now) })
	}
}

func (s *Sim) payFromOutside(p *payment, amount model.MilliSats, now time.Time) {
	if p.Status != model.StatusReceiving {
		return
	}
	if p.RequestedAmount != nil {
		amount = p.RequestedAmount.MilliSats()
	} else if amount <= 0 {
		amount = model.Sats(int64(1000 + s.rng.IntN(20_000))) // a tip of the payer's choosing
	}
	s.accounts.Inflow += amount
	s.settleReceive(p, amount, "", now)
}

// settleReceive credits a paid receive; from is the paying send when the
// money came from another wallet here.
func (s *Sim) settleReceive(p *payment, amount model.MilliSats, from string, now time.Time) {
	w := s.wallets[p.WalletID]
	s.credit(w, p.ID, amount, now)
	creditID := w.ledger[len(w.ledger)-1].CreditID
	var legs model.Legs
	switch {
	case from != "":
		legs = model.Legs{{Type: "shortcircuit", AmountMsats: amount, OffsetPaymentID: from, LedgerID: creditID}}
	case p.Kind == model.Onchain:
		height := int64(2_011_000 + s.rng.IntN(5000))
		legs = model.Legs{{Type: "onchain", RequiredConfirmations: 1, TxID: s.newTxID(), HeightMinedAt: &height,
			AmountSats: amount.WholeSats(), LedgerID: creditID}}
	}
	if p.Kind != model.Onchain { // the issuer always knows its invoice's preimage
		legs = append(legs, model.Receipt{Type: "lightning", PaymentHash: p.hash, Preimage: p.preimage, LedgerID: creditID})
	}
	switch d := p.Data.(type) {
	case model.ReceiveBolt11Data:
		d.Receipts = append(d.Receipts, legs...)
		if d.AmountMsats == 0 {
			d.AmountMsats = amount
		}
		p.Data = d
	case model.ReceiveOnchainData:
		d.Receipts = append(d.Receipts, legs...)
		if d.AmountSats == 0 {
			d.AmountSats = amount.WholeSats()
		}
		p.Data = d
	case model.ReceiveBip21Data:
		d.Receipts = append(d.Receipts, legs...)
		if d.AmountMsats == 0 {
			d.AmountMsats = amount
		}
		p.Data = d
	}
	s.record(p, "paid", "", now)
	s.transition(p, model.StatusCompleted, "completed", nil, now)
}

func checkCurrency(c model.Currency) *apiError {
	if c != "" && c != model.BTC {
		return errf(http.StatusBadRequest, "invalid_currency", "currency %q is not supported for this wallet", c)
	}
	return nil
}

func checkMetadata(m map[string]string) *apiError {
	if len(m) > 50 {
		return errf(http.StatusBadRequest, "invalid_parameter", "metadata has more than 50 entries")
	}
	for k, v := range m {
		if utf8.RuneCountInString(k) > 256 || utf8.RuneCountInString(v) > 256 { // characters, as the spec's maxLength counts
			return errf(http.StatusBadRequest, "invalid_parameter", "metadata keys and values are at most 256 characters")
		}
	}
	return nil
}

// payingWallet finds a usable wallet for a new payment.
func (s *Sim) payingWallet(id string, now time.Time) (*wallet, *apiError) {
	if id == "" {
		return nil, errf(http.StatusBadRequest, "missing_parameter", "wallet_id is required")
	}
	w, ok := s.wallets[id]
	if !ok || w.DeletedAt != nil || now.Before(w.visibleAt) {
		// create_payment declares no 404: an unknown wallet is a bad payment.
		return nil, errf(http.StatusBadRequest, "invalid_payment", "wallet %s is not in this environment", id)
	}
	return w, nil
}
