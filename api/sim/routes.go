package sim

import (
	"encoding/json"
	"net/http"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

var accepted = reply{status: http.StatusAccepted}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

func (s *Sim) hListWallets(c call) (reply, *apiError) {
	ws := s.activeWallets(c.now)
	out := make([]model.Wallet, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.view(s.line.Network))
	}
	return ok(out), nil
}

func (s *Sim) hCreateWallet(c call) (reply, *apiError) {
	var req model.NewWalletRequest
	if aerr := decode(c.body, &req); aerr != nil {
		return reply{}, aerr
	}
	if aerr := s.createWallet(req, c.now); aerr != nil {
		return reply{}, aerr
	}
	return accepted, nil
}

func (s *Sim) hGetWallet(c call) (reply, *apiError) {
	w, aerr := s.visibleWallet(c.args["id"], c.now)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(w.view(s.line.Network)), nil
}

func (s *Sim) hDeleteWallet(c call) (reply, *apiError) {
	if aerr := s.deleteWallet(c.args["id"], c.now); aerr != nil {
		return reply{}, aerr
	}
	return accepted, nil
}

func (s *Sim) hLedger(c call) (reply, *apiError) {
	w, aerr := s.visibleWallet(c.args["id"], c.now)
	if aerr != nil {
		return reply{}, aerr
	}
	f, err := model.ParseLedgerFilter(c.r.URL.Query())
	if err != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "%s", err)
	}
	return ok(ledgerPage(w.ledger, f)), nil
}

func (s *Sim) hListPayments(c call) (reply, *apiError) {
	f, err := model.ParsePaymentFilter(c.r.URL.Query())
	if err != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "%s", err)
	}
	return ok(s.listPayments(f, c.now)), nil
}

// hCreatePayment tells a receive from a send by shape (§6): receives carry
// payment_kind, sends carry type and data.
func (s *Sim) hCreatePayment(c call) (reply, *apiError) {
	var shape map[string]json.RawMessage
	if aerr := decode(c.body, &shape); aerr != nil {
		return reply{}, aerr
	}
	var id string
	if raw, has := shape["id"]; !has || json.Unmarshal(raw, &id) != nil || id == "" {
		return reply{}, errf(http.StatusBadRequest, "missing_parameter", "id is required: choose a UUID for the payment")
	}
	if uuid.Validate(id) != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "id must be a UUID")
	}
	if _, exists := s.payments[id]; exists {
		return reply{}, errf(http.StatusConflict, "payment_exists", "a payment with this id already exists").with("payment_id", id)
	}
	_, isReceive := shape["payment_kind"]
	_, hasType := shape["type"]
	_, hasData := shape["data"]
	var aerr *apiError
	switch {
	case isReceive:
		var req model.ReceiveRequest
		if aerr = decode(c.body, &req); aerr == nil {
			aerr = s.createReceive(req, c.now)
		}
	case hasType && hasData:
		var req model.SendRequest
		if aerr = decode(c.body, &req); aerr == nil {
			aerr = s.createSend(req, c.now)
		}
	default:
		aerr = errf(http.StatusBadRequest, "invalid_payment", "a receive needs payment_kind; a send needs type and data")
	}
	if aerr != nil {
		return reply{}, aerr
	}
	return accepted, nil
}

func (s *Sim) readablePayment(c call) (*payment, *apiError) {
	id := c.args["id"]
	if uuid.Validate(id) != nil {
		return nil, errf(http.StatusBadRequest, "invalid_parameter", "payment id must be a UUID")
	}
	p, found := s.payments[id]
	if !found || c.now.Before(p.visibleAt) {
		return nil, errPaymentNotFound(id)
	}
	return p, nil
}

func (s *Sim) hGetPayment(c call) (reply, *apiError) {
	p, aerr := s.readablePayment(c)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(p.Payment), nil
}

func (s *Sim) hHistory(c call) (reply, *apiError) {
	p, aerr := s.readablePayment(c)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(model.PaymentHistory{Events: append([]model.PaymentEvent(nil), p.history...)}), nil
}

func (s *Sim) hLineOfCredit(c call) (reply, *apiError) {
	if c.args["id"] != s.line.ID {
		return reply{}, errf(http.StatusNotFound, "line_of_credit_not_found", "line of credit not found").with("line_of_credit_id", c.args["id"])
	}
	return ok(s.line), nil
}

func (s *Sim) hLinesOfCredit(c call) (reply, *apiError) {
	return ok([]model.LineOfCredit{s.line}), nil
}
