package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/voltdash/voltdash/model"
)

// isSendBody reports a create_payment body that sends: it has a type and
// data, where a receive has a payment_kind.
func isSendBody(body []byte) bool {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return false
	}
	_, typed := fields["type"]
	_, kind := fields["payment_kind"]
	return typed && !kind
}

// apiSend sends a create_payment send through the send journal, as pay
// does: recorded under its id, then submitted, and repeated only under
// that id. The journal keeps a model.SendRequest, so only a body that is
// exactly one goes this way; a body with fields it cannot keep (a
// quote_id, a flow_preference) is refused.
func (r *runner) apiSend(c apiCall) int {
	var req model.SendRequest
	if err := json.Unmarshal(c.body, &req); err != nil {
		return r.fail(ExitUsage, "the send's body: %v; nothing was sent", err)
	}
	if extra := notKept(c.body, req); len(extra) > 0 {
		return r.fail(ExitUsage, "the send journal cannot record %s of this send exactly, so it was not sent; "+
			"send it with voltdash pay, or without those fields", strings.Join(extra, ", "))
	}
	b, err := r.d.Connect(r.set)
	var local *LocalError
	switch {
	case errors.As(err, &local):
		return r.fail(ExitLocal, "%v", err)
	case err != nil:
		return r.fail(ExitUsage, "%v", err)
	}
	r.b = b
	w, err := call(r, func(ctx context.Context) (model.Wallet, error) { return r.b.GetWallet(ctx, req.WalletID) })
	if err != nil {
		return r.failErr("reading the wallet the send is from", err)
	}
	rec, problem := apiSendRecord(req, w, r)
	if problem != "" {
		return r.fail(ExitUsage, "%s; nothing was sent", problem)
	}
	sent, err := call(r, func(ctx context.Context) (model.SendRecord, error) { return r.b.Send(ctx, rec) })
	if repeat := r.repeatOf(err); repeat != nil {
		return r.fail(ExitUsage, "not sent: %v; %s", repeat, strings.Replace(repeatHint(repeat), "add --again", "use voltdash pay --again", 1))
	}
	if err != nil {
		f := r.b.Classify(err)
		switch {
		case f.Local:
			return r.fail(ExitLocal, "not sent: %s", f.Sentence)
		case f.NotSent:
			return r.fail(ExitUsage, "not sent: %s", f.Sentence)
		case sent.State == model.SendRefused:
			return r.failErr("Voltage refused the payment", err)
		}
		return r.fail(ExitNetwork, "sent %s, but %s; the send journal keeps it: follow it with voltdash status %s --wait, or voltdash resume",
			sent.ID, f.Sentence, sent.ID)
	}
	r.info("Sent %s through the send journal; follow it with voltdash status %s --wait", sent.ID, sent.ID)
	return ExitOK
}

// apiSendRecord is the journal's record of a send made through voltdash
// api: the body's request, held to the wallet as pay holds what it sends
// (an invoice for the wallet's network and not expired; an address of
// that network; an amount that agrees with the invoice's).
func apiSendRecord(req model.SendRequest, w model.Wallet, r *runner) (model.SendRecord, string) {
	if err := req.Validate(); err != nil {
		return model.SendRecord{}, err.Error()
	}
	target := req.Data.PaymentRequest
	if req.Type != model.Bolt11 {
		target = req.Data.Address
	}
	amount := ""
	if a, ok := req.Data.AmountValue(); ok {
		amount = a.FormatSats()
	} else if req.Data.Amount != nil {
		return model.SendRecord{}, "the send's amount is not in btc, which the send journal records"
	}
	fee := ""
	if f, ok := req.Data.MaxFeeValue(); ok {
		fee = f.FormatSats()
	}
	plan, bad := model.PlanSend(target, amount, fee, w, true, r.d.Clock.Now(), nil)
	switch {
	case bad.Target != "":
		return model.SendRecord{}, bad.Target
	case bad.Amount != "":
		return model.SendRecord{}, "the amount: " + bad.Amount
	case bad.Fee != "":
		return model.SendRecord{}, "the fee cap: " + bad.Fee
	}
	rec, err := plan.Record(w.ID)
	if err != nil {
		return model.SendRecord{}, err.Error()
	}
	rec.ID, rec.Request = req.ID, req // what is sent is the body, exactly; the plan adds what the journal shows
	rec.MaxFee, _ = req.Data.MaxFeeValue()
	return rec, ""
}

// notKept names the body's fields a model.SendRequest does not carry as
// they are, by their path (quote_id, data.foo): the journal resends the
// record, so it must be the body.
func notKept(body []byte, req model.SendRequest) []string {
	var sent, kept map[string]any
	b, _ := json.Marshal(req)
	dec := func(raw []byte, v *map[string]any) {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		_ = d.Decode(v)
	}
	dec(body, &sent)
	dec(b, &kept)
	var diffs []string
	var walk func(prefix string, a, b map[string]any)
	walk = func(prefix string, a, b map[string]any) {
		for k, v := range a {
			sub, isObj := v.(map[string]any)
			other, otherObj := b[k].(map[string]any)
			switch {
			case isObj && otherObj:
				walk(prefix+k+".", sub, other)
			case !reflect.DeepEqual(v, b[k]):
				diffs = append(diffs, prefix+k)
			}
		}
	}
	walk("", sent, kept)
	walk("", kept, sent) // and what the record would add
	sort.Strings(diffs)
	return slices.Compact(diffs)
}
