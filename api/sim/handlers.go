package sim

import (
	"net/http"
	"slices"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

var accepted = reply{status: http.StatusAccepted}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

// hListWallets lists the organization's wallets: those of the simulated
// environment and, unless environment_id names another, the neighbour
// environment's, as an organization with staging and production has.
func (s *Sim) hListWallets(c call) (reply, *apiError) {
	env := c.r.URL.Query().Get("environment_id")
	if env != "" && uuid.Validate(env) != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "environment_id must be a UUID")
	}
	out := []model.Wallet{}
	if env == "" || env == s.env {
		for _, w := range s.activeWallets(c.now) {
			out = append(out, w.view(s.line.Network))
		}
	}
	if env == "" || env == s.neighbour.EnvironmentID {
		out = append(out, s.neighbour)
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

// hUpdateWallet renames a wallet (update_wallet; UpdateWalletRequest
// requires name).
func (s *Sim) hUpdateWallet(c call) (reply, *apiError) {
	var req struct {
		Name *string `json:"name"`
	}
	if aerr := decode(c.body, &req); aerr != nil {
		return reply{}, aerr
	}
	if req.Name == nil {
		return reply{}, errf(http.StatusUnprocessableEntity, "invalid_data", "name is required")
	}
	if aerr := s.renameWallet(c.args["id"], model.UpdateWalletRequest{Name: *req.Name}, c.now); aerr != nil {
		return reply{}, aerr
	}
	return accepted, nil
}

// policyWallet is the wallet a policies request names. Both policy
// operations declare their 404 as WalletPolicyNotFoundError, whose one
// type is wallet_policies_not_found, so an unknown wallet is answered
// with it.
func (s *Sim) policyWallet(c call) (*wallet, *apiError) {
	id := c.args["id"]
	w, aerr := s.visibleWallet(id, c.now)
	if aerr != nil {
		return nil, errf(http.StatusNotFound, "wallet_policies_not_found", "wallet not found in organization").with("wallet_id", id)
	}
	return w, nil
}

func (s *Sim) hWalletPolicies(c call) (reply, *apiError) {
	w, aerr := s.policyWallet(c)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(s.policiesView(w)), nil
}

func (s *Sim) hUpdateWalletPolicies(c call) (reply, *apiError) {
	w, aerr := s.policyWallet(c)
	if aerr != nil {
		return reply{}, aerr
	}
	u, aerr := readPolicyUpdate(w.ID, c.body)
	if aerr != nil {
		return reply{}, aerr
	}
	s.applyPolicies(w, u, c.now)
	return accepted, nil
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
	p, aerr := s.listPayments(f, c.now)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(p), nil
}

// hCreatePayment reads the body as one of create_payment's forms, then
// starts the send or receive.
func (s *Sim) hCreatePayment(c call) (reply, *apiError) {
	req, aerr := s.readNewPayment(c.body)
	if aerr != nil {
		return reply{}, aerr
	}
	switch req := req.(type) {
	case model.SendRequest:
		aerr = s.createSend(req, c.now)
	case model.ReceiveRequest:
		aerr = s.createReceive(req, c.now)
	}
	if aerr != nil {
		return reply{}, aerr
	}
	return accepted, nil
}

// readNewPayment reads a payment request whose id is not taken yet.
func (s *Sim) readNewPayment(body []byte) (model.PaymentRequest, *apiError) {
	req, aerr := readPaymentRequest(body)
	if aerr != nil {
		return nil, aerr
	}
	if _, exists := s.payments[req.PaymentID()]; exists {
		return nil, errf(http.StatusConflict, "payment_exists", "a payment with this id already exists").with("payment_id", req.PaymentID())
	}
	return req, nil
}

// hCheckPayment starts a policy check of a send (check_payment): its body
// is one of the send forms only (SendPaymentRequest), and its id becomes a
// payment that ends approved or failed.
func (s *Sim) hCheckPayment(c call) (reply, *apiError) {
	req, aerr := s.readNewPayment(c.body)
	if aerr != nil {
		return reply{}, aerr
	}
	send, isSend := req.(model.SendRequest)
	if !isSend {
		return reply{}, errf(http.StatusBadRequest, "invalid_payment", "check_payment takes a send; a receive has no policy to check")
	}
	if aerr := s.createCheck(send, c.now); aerr != nil {
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

// hHistory answers an unknown payment with no events: get_payment_history
// declares no 404.
func (s *Sim) hHistory(c call) (reply, *apiError) {
	p, aerr := s.readablePayment(c)
	if aerr != nil && aerr.status == http.StatusNotFound {
		return ok(model.PaymentHistory{Events: []model.PaymentEvent{}}), nil
	}
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(model.PaymentHistory{Events: append([]model.PaymentEvent{}, p.history...)}), nil
}

func (s *Sim) hLineOfCredit(c call) (reply, *apiError) {
	if c.args["id"] != s.line.ID {
		return reply{}, errf(http.StatusNotFound, "line_of_credit_not_found", "line of credit not found").with("line_of_credit_id", c.args["id"])
	}
	return ok(s.line), nil
}

func (s *Sim) hUpdateSandboxLine(c call) (reply, *apiError) {
	var u model.SandboxCreditUpdate
	if aerr := decode(c.body, &u); aerr != nil {
		return reply{}, aerr
	}
	if aerr := s.updateSandboxLine(c.args["id"], u, c.now); aerr != nil {
		return reply{}, aerr
	}
	return accepted, nil
}

// hLinesOfCredit lists the organization's lines of credit, the
// neighbour environment's too, narrowed by environment_ids[].
func (s *Sim) hLinesOfCredit(c call) (reply, *apiError) {
	q := c.r.URL.Query()
	if _, plain := q["environment_ids"]; plain {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "environment_ids is an array: send environment_ids[]=…")
	}
	envs := q["environment_ids[]"]
	out := []model.LineOfCredit{}
	for _, l := range []model.LineOfCredit{s.line, s.neighbourLine} {
		if len(envs) == 0 || slices.Contains(envs, l.EnvironmentID) {
			out = append(out, l)
		}
	}
	return ok(out), nil
}
