package cli

import (
	"errors"
	"time"

	"github.com/voltdash/voltdash/model"
)

// pay -n / --dry-run: everything pay checks before its question — the
// target (for a Lightning Address or LNURL, its pay request and the
// invoice it gives, verified: reading them is checking), the amount, fee
// cap, wallet, network and expiry, the wallet's policies and Voltage's
// policy check (check_payment, a check under an id of its own, never a
// payment), the request pay would build, and the journal's duplicate
// guard, said as a warning — then the plan, and nothing sent: no
// question, no journal record, no create_payment. A check that refuses
// exits as pay would; exit 0 means pay would go ahead.

// repeatFinder is a backend that can say, recording nothing, whether its
// send journal would refuse a send as a repeat (main's, through its
// journal); one that cannot leaves the dry run without that warning.
type repeatFinder interface {
	FindRepeat(rec model.SendRecord) error
}

// planJSON is pay --dry-run --json: the plan pay would send.
type planJSON struct {
	DryRun     bool              `json:"dry_run"` // always true: nothing was sent
	WalletID   string            `json:"wallet_id"`
	WalletName string            `json:"wallet_name"`
	Network    model.Network     `json:"network"`
	Kind       model.Kind        `json:"kind"`
	Amount     model.MilliSats   `json:"amount_msats"`
	MaxFee     *model.MilliSats  `json:"max_fee_msats"` // null: left to Voltage's default (on chain)
	Invoice    string            `json:"invoice,omitempty"`
	Address    string            `json:"address,omitempty"`
	URI        string            `json:"bip21_uri,omitempty"`
	Payee      string            `json:"payee,omitempty"`
	PayTo      string            `json:"pay_to,omitempty"`
	Comment    string            `json:"comment,omitempty"`
	Memo       string            `json:"memo"`
	ExpiresAt  *time.Time        `json:"expires_at,omitempty"`
	Priced     *pricedJSON       `json:"priced,omitempty"`
	Check      policyCheckJSON   `json:"check"`
	Warnings   []string          `json:"warnings,omitempty"`
	RepeatOf   string            `json:"repeat_of,omitempty"` // the journaled send this one repeats
	Metadata   map[string]string `json:"metadata,omitempty"`
}

// policyCheckJSON is what the policy check said: state approved, not_run,
// unread or no_verdict, and the summary's sentence.
type policyCheckJSON struct {
	State   string `json:"state"`
	Message string `json:"message"`
}

// dryRun ends pay where the question would be: it shows the plan, and
// what pay would warn of, and sends nothing.
func (r *runner) dryRun(plan model.SendPlan, w model.Wallet, v verdict) int {
	rec, err := plan.Record(w.ID) // the request pay would send, built and held to the spec's rules the same way
	if err != nil {
		return r.fail(ExitUsage, "%v", err)
	}
	repeat, repeatOf := r.repeatWarning(rec)
	if !r.settle() {
		return ExitInterrupted
	}
	if r.o.json {
		var warnings []string
		for _, warn := range []string{plan.Warning(w, r.lens()), repeat} { // the summary's, then the journal's
			if warn != "" {
				warnings = append(warnings, warn)
			}
		}
		r.printJSON(r.planJSON(plan, w, v, warnings, repeatOf))
		return ExitOK
	}
	out := func(format string, args ...any) { say(r.d.Stdout, format+"\n", args...) }
	r.summarize(plan, w, v, out)
	if repeat != "" {
		out("warning: %s", repeat)
	}
	out("dry run: nothing sent")
	return ExitOK
}

// repeatWarning is what the journal's duplicate guard would say of rec,
// and the earlier send's id; "" when nothing, or when the backend keeps
// no journal to ask.
func (r *runner) repeatWarning(rec model.SendRecord) (warning, earlier string) {
	f, ok := r.b.(repeatFinder)
	if !ok {
		return "", ""
	}
	rec.Again = r.o.again
	var dup *model.DuplicateSendError
	switch err := f.FindRepeat(rec); {
	case errors.As(err, &dup) && r.o.again:
		return dup.Error() + "; --again pays it a second time", dup.Earlier.ID
	case errors.As(err, &dup):
		return dup.Error() + "; pay refuses it as a repeat: " + repeatHint(dup), dup.Earlier.ID
	case err != nil:
		return "the send journal could not be read to look for repeats: " + err.Error(), ""
	}
	return "", ""
}

func (r *runner) planJSON(p model.SendPlan, w model.Wallet, v verdict, warnings []string, repeatOf string) planJSON {
	out := planJSON{DryRun: true, WalletID: w.ID, WalletName: w.Name, Network: w.Network, Kind: p.Kind, Amount: p.Amount,
		Payee: p.Payee, PayTo: p.PayTo, Memo: p.Memo, Priced: toPricedJSON(p.Priced),
		Check: policyCheckJSON{v.state, v.line}, Warnings: warnings, RepeatOf: repeatOf, Metadata: p.Metadata}
	if p.FeeCapped() {
		fee := p.MaxFee
		out.MaxFee = &fee
	}
	if p.Invoice != nil && p.Invoice.Raw != "" {
		expires := p.Invoice.ExpiresAt().UTC()
		out.Invoice, out.ExpiresAt = p.Invoice.Raw, &expires
	}
	switch p.Kind {
	case model.Onchain:
		out.Address = p.Address
	case model.Bip21:
		out.Address, out.URI = p.ChainAddress, p.Address
	}
	if r.link != nil {
		out.Comment = r.link.comment
	}
	return out
}
