package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

// create_payment's body is the PaymentRequest schema: a oneOf of eight
// forms, four sends and four receives. A body is read as Voltage's schema
// reads it: it must fit exactly one form, or it is refused with 422
// invalid_data. The forms do not forbid extra fields, so a field no form
// names (say, a send's legacy amount_msats) is ignored, as Voltage would
// ignore it, rather than refused.

// fields is a JSON object whose values are read on demand.
type fields map[string]json.RawMessage

func (f fields) str(key string) (string, bool) {
	var s string
	return s, f[key] != nil && json.Unmarshal(f[key], &s) == nil
}

func (f fields) integer(key string) (int64, bool) {
	var n int64
	raw := bytes.TrimSpace(f[key])
	return n, len(raw) > 0 && raw[0] != '"' && json.Unmarshal(raw, &n) == nil
}

func (f fields) object(key string) (fields, bool) {
	var o fields
	raw := bytes.TrimSpace(f[key])
	return o, len(raw) > 0 && raw[0] == '{' && json.Unmarshal(raw, &o) == nil
}

// form is one way a body may be written; check says why a body is not of
// it, or "".
type form struct {
	name  string
	check func(fields) string
}

var assetCurrency = regexp.MustCompile(`^asset:[a-fA-F0-9]{66}$`)

// amountObject checks the Amount schema: a currency and an integer amount,
// with the unit, if given, that the currency names.
func amountObject(f fields, key string) string {
	a, ok := f.object(key)
	if !ok {
		return key + " must be an amount object"
	}
	cur, okCur := a.str("currency")
	if _, okAmt := a.integer("amount"); !okCur || !okAmt {
		return key + " needs a currency and an integer amount"
	}
	units := map[string]string{"btc": "msats", "usd": "cents"}
	want, known := units[cur]
	if !known && !assetCurrency.MatchString(cur) {
		return key + ".currency must be btc, usd or asset:<66 hex digits>"
	}
	if !known {
		want = "base units"
	}
	if u, has := a.str("unit"); a["unit"] != nil && (!has || u != want) {
		return fmt.Sprintf("%s.unit must be %q for %s", key, want, cur)
	}
	return ""
}

// need checks the fields every form requires: ids that are UUIDs.
func need(f fields, keys ...string) string {
	for _, k := range keys {
		v, ok := f.str(k)
		switch {
		case f[k] == nil:
			return k + " is required"
		case !ok:
			return k + " must be a string"
		case (k == "id" || k == "wallet_id") && uuid.Validate(v) != nil:
			return k + " must be a UUID"
		}
	}
	return ""
}

func oneOfStrings(f fields, key string, allowed ...string) string {
	v, ok := f.str(key)
	if !ok {
		return key + " is required"
	}
	for _, a := range allowed {
		if v == a {
			return ""
		}
	}
	return fmt.Sprintf("%s must be one of %s", key, strings.Join(allowed, ", "))
}

func sendForm(kind string, data func(fields) string) form {
	return form{"send " + kind, func(f fields) string {
		if p := need(f, "id", "wallet_id", "currency"); p != "" {
			return p
		}
		if p := oneOfStrings(f, "type", kind); p != "" {
			return p
		}
		d, ok := f.object("data")
		if !ok {
			return "data must be an object"
		}
		return data(d)
	}}
}

func optionalAmounts(d fields, keys ...string) string {
	for _, k := range keys {
		if d[k] != nil {
			if p := amountObject(d, k); p != "" {
				return p
			}
		}
	}
	return ""
}

var paymentForms = []form{
	sendForm("bolt11", func(d fields) string {
		if _, ok := d.str("payment_request"); !ok {
			return "data.payment_request is required"
		}
		return optionalAmounts(d, "amount", "max_fee")
	}),
	sendForm("onchain", func(d fields) string {
		if _, ok := d.str("address"); !ok {
			return "data.address is required"
		}
		if p := amountObject(d, "amount"); p != "" {
			return "data." + p
		}
		return optionalAmounts(d, "max_fee")
	}),
	sendForm("bip21", func(d fields) string {
		if _, ok := d.str("address"); !ok {
			return "data.address is required"
		}
		return optionalAmounts(d, "amount", "max_fee")
	}),
	sendForm("taprootasset", func(d fields) string { return "taproot asset sends are not simulated" }),
	{"receive with an amount object", func(f fields) string {
		if p := need(f, "id", "wallet_id"); p != "" {
			return p
		}
		if p := oneOfStrings(f, "payment_kind", "bolt11", "onchain", "bip21", "taprootasset"); p != "" {
			return p
		}
		return amountObject(f, "amount")
	}},
	{"receive of any amount", func(f fields) string {
		if p := need(f, "id", "wallet_id"); p != "" {
			return p
		}
		if p := oneOfStrings(f, "currency", "btc"); p != "" {
			return p
		}
		return oneOfStrings(f, "payment_kind", "bolt11", "bip21")
	}},
	{"legacy receive with amount_msats", func(f fields) string {
		if p := need(f, "id", "wallet_id"); p != "" {
			return p
		}
		if p := oneOfStrings(f, "payment_kind", "bolt11", "bip21"); p != "" {
			return p
		}
		if f["currency"] != nil {
			if p := oneOfStrings(f, "currency", "btc"); p != "" {
				return p
			}
		}
		if _, ok := f.integer("amount_msats"); !ok {
			return "amount_msats is required"
		}
		return ""
	}},
	{"legacy on-chain receive with amount_sats", func(f fields) string {
		if p := need(f, "id", "wallet_id"); p != "" {
			return p
		}
		if p := oneOfStrings(f, "payment_kind", "onchain"); p != "" {
			return p
		}
		if f["currency"] != nil {
			if p := oneOfStrings(f, "currency", "btc"); p != "" {
				return p
			}
		}
		if _, ok := f.integer("amount_sats"); !ok {
			return "amount_sats is required"
		}
		return ""
	}},
}

// readPaymentRequest reads a create_payment body: a send or a receive, in
// exactly one of the spec's forms.
func readPaymentRequest(body []byte) (model.PaymentRequest, *apiError) {
	var f fields
	if aerr := decode(body, &f); aerr != nil {
		return nil, aerr
	}
	var matched []string
	var why []string
	for _, fm := range paymentForms {
		if p := fm.check(f); p != "" {
			why = append(why, fm.name+": "+p)
		} else {
			matched = append(matched, fm.name)
		}
	}
	switch {
	case len(matched) == 0:
		return nil, errf(http.StatusUnprocessableEntity, "invalid_data", "the body fits no payment request form (%s)", strings.Join(why, "; "))
	case len(matched) > 1:
		return nil, errf(http.StatusUnprocessableEntity, "invalid_data", "the body fits more than one payment request form (%s)", strings.Join(matched, ", "))
	}
	if aerr := bitcoinOnly(f); aerr != nil {
		return nil, aerr
	}
	if a, ok := f.object("amount"); ok {
		if n, _ := a.integer("amount"); n <= 0 {
			return nil, errf(http.StatusBadRequest, "invalid_amount", "amount must be greater than zero")
		}
	}
	if strings.HasPrefix(matched[0], "send") {
		var req model.SendRequest
		if aerr := decode(body, &req); aerr != nil {
			return nil, aerr
		}
		req.Data = strictSendData(f)
		return req, nil
	}
	var req model.ReceiveRequest
	if aerr := decode(body, &req); aerr != nil {
		return nil, aerr
	}
	return req, nil
}

// bitcoinOnly refuses amounts in another currency: the simulator's
// wallets hold bitcoin only (a USD wallet pays through a quote, which it
// does not simulate).
func bitcoinOnly(f fields) *apiError {
	d, _ := f.object("data")
	for _, obj := range []fields{f, d} {
		for _, key := range []string{"amount", "max_fee"} {
			if a, ok := obj.object(key); ok {
				if cur, _ := a.str("currency"); cur != "btc" {
					return errf(http.StatusBadRequest, "invalid_currency", "%s is in %s; the simulated wallets hold btc", key, cur)
				}
			}
		}
	}
	return nil
}

// strictSendData is a send's data as the spec's send forms name it: the
// amount objects, never the legacy fields a client might add.
func strictSendData(f fields) model.SendRequestData {
	d, _ := f.object("data")
	out := model.SendRequestData{}
	out.PaymentRequest, _ = d.str("payment_request")
	out.Address, _ = d.str("address")
	out.Description, _ = d.str("description")
	for key, dst := range map[string]**model.Amount{"amount": &out.Amount, "max_fee": &out.MaxFee} {
		if d[key] != nil {
			var a model.Amount
			if json.Unmarshal(d[key], &a) == nil {
				*dst = &a
			}
		}
	}
	return out
}
