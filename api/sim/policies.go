package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/voltdash/voltdash/model"
)

// A wallet's policies (get_wallet_policies, update_wallet_policies) are
// kept by type, at most one of each, as schema WalletPolicies holds them.
// Every wallet has a policy record from its creation, empty until a
// policy is set, so a wallet that exists is never answered 404 here.
//
// Three of them are enforced on sends, by refusal: max_payment_size,
// transaction_velocity and send_volume_limit. ofac_compliant and
// processing_fee are kept and reported only: the simulated world has no
// sanctions list and charges no processing fee.

// policyOrder is the order policies are listed in.
var policyOrder = []string{model.PolicyMaxPaymentSize, model.PolicyTransactionVelocity,
	model.PolicySendVolumeLimit, model.PolicyOFAC, model.PolicyProcessingFee}

// velocityWindow and volumeWindow are the periods transaction_velocity
// and send_volume_limit count over. The spec names the first per minute
// and gives the second no period; the simulator takes a day, which a
// dashboard can show as "today's sending" without surprise.
const (
	velocityWindow = time.Minute
	volumeWindow   = 24 * time.Hour
)

// policiesView is the wallet's policies as get_wallet_policies answers.
func (s *Sim) policiesView(w *wallet) model.WalletPolicies {
	out := model.WalletPolicies{ID: w.ID, OrganizationID: model.NullString(s.org), Policies: []model.Policy{},
		UpdatedAt: w.policiesAt}
	for _, typ := range policyOrder {
		if d, ok := w.policies[typ]; ok {
			out.Policies = append(out.Policies, model.Policy{Type: typ, Data: d})
		}
	}
	return out
}

// readPolicyUpdate reads an UpdateWalletPolicyRequest body, refusing what
// the schema refuses (0 where the minimum is 1, basis points over 10,000)
// with 400 invalid_parameter, as ErrorResponse_WalletPolicyBadRequestError
// allows, and an update that changes nothing with no_updates_provided.
func readPolicyUpdate(walletID string, body []byte) (model.PolicyUpdate, *apiError) {
	var u model.PolicyUpdate
	var raw map[string]json.RawMessage
	if aerr := decode(body, &raw); aerr != nil {
		return u, aerr
	}
	if len(raw) == 0 {
		return u, errf(http.StatusBadRequest, "no_updates_provided", "the update names no policy").with("wallet_id", walletID)
	}
	if t, ok := raw["template_id"]; ok && !bytes.Equal(bytes.TrimSpace(t), []byte("null")) {
		return u, errf(http.StatusBadRequest, "invalid_parameter",
			"template_id: the simulator has no approval templates, so reflex approval cannot be set").
			with("fields", []string{"template_id"})
	}
	delete(raw, "template_id") // null: clear a reflex approval the wallet cannot have
	rest, _ := json.Marshal(raw)
	if aerr := decode(rest, &u); aerr != nil {
		return u, aerr
	}
	bad := func(field, format string, args ...any) *apiError {
		return errf(http.StatusBadRequest, "invalid_parameter", "%s: %s", field, fmt.Sprintf(format, args...)).
			with("fields", []string{field})
	}
	for _, f := range []struct {
		name string
		v    *uint64
	}{{"max_payment_size_sats", u.MaxPaymentSizeSats}, {"transactions_per_minute", u.TransactionsPerMinute},
		{"send_volume_limit_sats", u.SendVolumeLimitSats}} {
		if f.v != nil && *f.v < 1 {
			return u, bad(f.name, "must be at least 1 (send null to remove the policy)")
		}
	}
	if r := u.ProcessingFee; r != nil && (r.SendBasisPoints > 10000 || r.ReceiveBasisPoints > 10000) {
		return u, bad("processing_fee", "basis points run from 0 to 10000 (100 is 1 %%); got %d send, %d receive",
			r.SendBasisPoints, r.ReceiveBasisPoints)
	}
	return u, nil
}

// applyPolicies sets each policy the update gives and removes each it
// sends as null; a policy that stays keeps its id and created_at.
func (s *Sim) applyPolicies(w *wallet, u model.PolicyUpdate, now time.Time) {
	set := func(typ string, fill func(*model.PolicyData)) {
		d, ok := w.policies[typ]
		if !ok {
			d = model.PolicyData{ID: s.newID(), CreatedAt: now}
		}
		fill(&d)
		if typ != model.PolicyOFAC { // OfacCompliant has no updated_at
			at := now
			d.UpdatedAt = &at
		}
		w.policies[typ] = d
	}
	num := func(v uint64) *uint64 { return &v }
	if v := u.MaxPaymentSizeSats; v != nil {
		set(model.PolicyMaxPaymentSize, func(d *model.PolicyData) { d.MaxSizeSats = num(*v) })
	}
	if v := u.TransactionsPerMinute; v != nil {
		set(model.PolicyTransactionVelocity, func(d *model.PolicyData) { d.TransactionsPerMinute = num(*v) })
	}
	if v := u.SendVolumeLimitSats; v != nil {
		set(model.PolicySendVolumeLimit, func(d *model.PolicyData) { d.LimitSats = num(*v) })
	}
	if v := u.ProcessingFee; v != nil {
		rates := *v
		set(model.PolicyProcessingFee, func(d *model.PolicyData) { d.Rates = &rates })
	}
	if v := u.OFACCompliant; v != nil {
		if *v {
			set(model.PolicyOFAC, func(*model.PolicyData) {})
		} else {
			delete(w.policies, model.PolicyOFAC)
		}
	}
	for _, field := range u.Clear {
		delete(w.policies, policyOfField[field])
	}
	w.policiesAt = now
}

// policyOfField is the policy type each UpdateWalletPolicyRequest field sets.
var policyOfField = map[string]string{
	"max_payment_size_sats":   model.PolicyMaxPaymentSize,
	"transactions_per_minute": model.PolicyTransactionVelocity,
	"send_volume_limit_sats":  model.PolicySendVolumeLimit,
	"ofac_compliant":          model.PolicyOFAC,
	"processing_fee":          model.PolicyProcessingFee,
	"template_id":             model.PolicyReflexApproval,
}

// refusal is why a send of amount from w may not go ahead now, in words,
// or "": the one rule both a send's approval and check_payment apply. A
// refused send ends failed with error type and code "rejected" (schema
// SendError) before any hold is taken.
//
// Sends counted are those of w that passed this rule and took their hold
// (checks never do), less those that failed since, for the volume: a
// failed send moved no money.
func (s *Sim) refusal(w *wallet, amount model.MilliSats, now time.Time) string {
	if s.line.DisabledAt != nil {
		// update_sandbox_line_of_credit: a disabled line prevents payments.
		return "the wallet's line of credit is disabled"
	}
	p := s.policiesView(w)
	if most, ok := p.MaxPaymentSize(); ok && amount > most {
		return fmt.Sprintf("the wallet's max_payment_size policy allows at most %s sats a payment; this one is %s sats",
			most.Figure(model.UnitSats), amount.Figure(model.UnitSats))
	}
	perMinute, limitRate := p.TransactionsPerMinute()
	volume, limitVolume := p.SendVolumeLimit()
	if !limitRate && !limitVolume {
		return ""
	}
	var recent uint64
	var sent model.MilliSats
	for _, q := range w.sent {
		age := now.Sub(q.approvedAt)
		if age < 0 {
			continue // seeded history is approved out of order; the future is not counted
		}
		if age < velocityWindow {
			recent++
		}
		if age < volumeWindow && q.Status != model.StatusFailed {
			sent += q.amount
		}
	}
	if limitRate && recent+1 > perMinute {
		return fmt.Sprintf("the wallet's transaction_velocity policy allows %d sends a minute, and %d were made in the last minute",
			perMinute, recent)
	}
	if limitVolume && sent+amount > volume {
		return fmt.Sprintf("the wallet's send_volume_limit policy allows %s sats over 24 hours; %s sats were sent and this payment is %s sats",
			volume.Figure(model.UnitSats), sent.Figure(model.UnitSats), amount.Figure(model.UnitSats))
	}
	return ""
}
