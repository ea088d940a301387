package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/qr"
)

// runInvoice creates an invoice or address; with --wait a Ctrl-C while
// it waits says where the invoice stands.
func runInvoice(r *runner) int {
	if r.o.wait {
		r.intr.receive = true
		return r.interruptible(func() int { return invoice(r) })
	}
	return invoice(r)
}

func invoice(r *runner) int {
	// Refused before anything is asked of Voltage, which would refuse it
	// too (create_payment: expiration up to 86400 s).
	if e := r.o.expiry; e.set {
		if err := model.CheckReceiveExpiry(e.d); err != nil {
			return r.fail(ExitUsage, "--expiry %s: %s", e.text, expiryProblem(err))
		}
	}
	meta, code, ok := r.paymentMetadata()
	if !ok {
		return code
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	p := model.ReceiveParams{WalletID: w.ID, Description: r.o.memo, Expiry: r.o.expiry.d, Metadata: meta}
	var priced *model.Priced
	if r.o.amount != "" {
		// Dollars become whole sats at the latest quote, asked for before
		// anything is created: no price, no invoice.
		q, code, ok := r.dollarQuote("--amount", r.o.amount)
		if !ok {
			return code
		}
		a, pr, err := model.ParsePricedEntry(r.o.amount, q)
		if err != nil {
			return r.fail(ExitUsage, "--amount: %v", err)
		}
		p.Amount, priced = a, pr
	}
	var req model.ReceiveRequest
	var err error
	if model.Kind(r.o.kind) == model.Onchain && r.o.amount == "" {
		return r.fail(ExitUsage, "--amount is required with --kind onchain: only invoices can leave the amount to the payer")
	}
	switch model.Kind(r.o.kind) {
	case model.Bolt11:
		req, err = model.NewBolt11Receive(p)
	case model.Onchain:
		req, err = model.NewOnchainReceive(p)
	case model.Bip21:
		req, err = model.NewBip21Receive(p)
	default:
		return r.fail(ExitUsage, "--kind %q: use bolt11, onchain or bip21", r.o.kind)
	}
	if err != nil {
		return r.fail(ExitUsage, "%v", err)
	}
	created := r.d.Clock.Now()
	if _, err := call(r, func(ctx context.Context) (struct{}, error) {
		r.at(stageAsking, req.ID)
		return struct{}{}, r.b.CreateReceive(ctx, req)
	}); err != nil {
		return r.failErr("creating the invoice", err)
	}
	pay, err := r.issued(req.ID, created)
	if err != nil {
		return r.failErr("reading the new invoice", err)
	}
	if pay.Status == model.StatusFailed {
		return r.fail(ExitFailed, "the invoice could not be created: %s", reason(pay))
	}
	// An address carries no expiry of its own: it is what was asked for.
	lifetime := model.DefaultReceiveExpiry
	if r.o.expiry.set {
		lifetime = r.o.expiry.d
	}
	expires := created.Add(lifetime)
	if inv, err := model.DecodeInvoice(pay.Invoice()); err == nil {
		expires = inv.ExpiresAt()
	}
	r.showInvoice(pay, expires, priced)
	if !r.o.wait {
		return ExitOK
	}
	timeout := r.o.timeout
	if timeout == 0 {
		timeout = expires.Sub(r.d.Clock.Now()) + time.Minute
	}
	r.at(stageWaiting, req.ID)
	r.intr.expires = expires
	r.info("Waiting for payment (until %s)…", expires.Local().Format("15:04:05"))
	final, err := r.wait(req.ID, pay, created, timeout, nil)
	return r.outcome(final, err, "")
}

// expiryProblem says what --expiry takes, for the error CheckReceiveExpiry
// gave.
func expiryProblem(err error) string {
	if errors.Is(err, model.ErrExpirySeconds) {
		return "give whole seconds, such as 90s or 10m"
	}
	return fmt.Sprintf("an invoice can wait from %s to %s to be paid, Voltage's limits (without --expiry, %s)",
		model.ShortDuration(model.MinReceiveExpiry), model.ShortDuration(model.MaxReceiveExpiry), model.ShortDuration(model.DefaultReceiveExpiry))
}

// issued waits for a new receive to get its invoice or address.
func (r *runner) issued(id string, created time.Time) (model.Payment, error) {
	for {
		delay, _ := model.NextPoll(r.d.Clock.Now().Sub(created), model.StatusGenerating)
		if !r.sleep(delay) { // it was created just now: it cannot be ready yet
			return model.Payment{}, r.ctx.Err()
		}
		p, err := call(r, func(ctx context.Context) (model.Payment, error) { return r.b.GetPayment(ctx, id) })
		if err != nil && !r.b.Classify(err).NotFound && !r.b.Classify(err).Transient {
			return p, err
		}
		if err == nil && p.Status != model.StatusGenerating && p.Status != model.StatusApproved {
			return p, nil
		}
		if r.d.Clock.Now().Sub(created) > time.Minute {
			return p, fmt.Errorf("no invoice after a minute: %w", err)
		}
	}
}

// showInvoice prints a new receive; priced, for an amount typed in
// dollars, says which price made its sats.
func (r *runner) showInvoice(p model.Payment, expires time.Time, priced *model.Priced) {
	if r.o.json {
		r.printJSON(struct {
			paymentJSON
			Bip21URI  string      `json:"bip21_uri,omitempty"`
			ExpiresAt time.Time   `json:"expires_at"`
			Priced    *pricedJSON `json:"priced,omitempty"`
		}{toJSON(p), p.Bip21URI, expires.UTC(), toPricedJSON(priced)})
		return
	}
	text := p.PayableText()
	if !r.o.noQR {
		if code, err := qr.Draw(qr.Payloads(text)[0], r.d.QR); err == nil {
			fmt.Fprintln(r.d.Stdout, strings.Join(code.Lines, "\n"))
		}
	}
	what := "any amount"
	switch a := p.Amount(); {
	case a > 0 && priced != nil:
		what = a.Format(model.UnitSats) + " (" + priced.String() + ")"
	case a > 0:
		what = r.lens().Moved(a)
	}
	r.info("%s for %s · expires %s · id %s", p.Kind.Title(), what, expires.Local().Format("2006-01-02 15:04:05"), p.ID)
	say(r.d.Stdout, "%s\n", text)
}

// reason is why a payment failed, in words.
func reason(p model.Payment) string { return p.Error.Explain() }

// outcome prints a final payment and exits by it. mismatch, for a send,
// says how the payment differs from what was confirmed: then it is not a
// success, whatever its status.
func (r *runner) outcome(p model.Payment, err error, mismatch string) int {
	if !r.settle() {
		return ExitInterrupted // the wait was cut short: the interruption is reported instead
	}
	switch {
	case errors.Is(err, errNotFinal) && p.Status == "":
		return r.fail(ExitNetwork, "Voltage did not answer about payment %s in time; follow it with: voltdash status %s --wait", p.ID, p.ID)
	case errors.Is(err, errNotFinal):
		return r.fail(ExitPending, "payment %s is still %s; follow it with: voltdash status %s --wait", p.ID, p.Status, p.ID)
	case err != nil && r.b.Classify(err).NotFound:
		return r.fail(ExitNetwork, "Voltage does not know payment %s", p.ID)
	case err != nil:
		return r.failErr("following the payment", err)
	}
	var success *successJSON
	if mismatch == "" {
		success = r.successOf(p) // only for what completed as confirmed
	}
	if r.o.json {
		out := struct {
			paymentJSON
			Mismatch      string       `json:"mismatch,omitempty"`
			PayTo         string       `json:"pay_to,omitempty"`
			SuccessAction *successJSON `json:"success_action,omitempty"`
		}{toJSON(p), mismatch, "", success}
		if r.link != nil {
			out.PayTo = r.link.payTo
		}
		r.printJSON(out)
	} else {
		r.describe(p, mismatch)
		if r.link != nil {
			say(r.d.Stdout, "%-10s %s\n", "pay to", r.link.payTo)
		}
		r.describeSuccess(success)
	}
	if p.Status.Succeeded() && mismatch == "" {
		return ExitOK
	}
	return ExitFailed
}

// describe prints a payment for people; a mismatch replaces the success
// line, loudly.
func (r *runner) describe(p model.Payment, mismatch string) {
	l, w := r.lens(), r.d.Stdout
	line := func(label, value string) {
		if value != "" {
			say(w, "%-10s %s\n", label, value)
		}
	}
	switch {
	case mismatch != "":
		say(w, "✗ Completed, but not as you confirmed: %s. The send journal keeps it; check it with the payee.\n", mismatch)
	case p.Status.Succeeded() && p.Direction == model.Send:
		say(w, "✓ Sent %s\n", l.Moved(p.Amount()))
	case p.Status.Succeeded():
		say(w, "✓ Received %s\n", l.Moved(p.Amount()))
	case p.Status.IsFinal():
		say(w, "✗ %s: %s\n", p.Status, reason(p))
	default:
		say(w, "… %s\n", p.Status)
	}
	line("id", p.ID)
	line("wallet", p.WalletID)
	line("direction", string(p.Direction))
	line("kind", string(p.Kind))
	if p.Supported() {
		line("amount", l.Moved(p.Amount()))
	} else {
		line("amount", p.ValueText())
	}
	if fee, ok := p.Fee(); ok {
		line("fee", l.Moved(fee))
	}
	if f := p.ProcessingFee; f != nil {
		line("processing", model.FormatAmount(f.Amount, l)+" (Voltage's fee)")
	}
	line("memo", p.Memo())
	if len(p.Metadata) > 0 {
		line("metadata", shownMetadata(p.Metadata, 4*model.ShownDescription))
	}
	line("created", p.CreatedAt.Local().Format("2006-01-02 15:04:05"))
	line("invoice", p.Invoice())
	line("address", p.Address())
	line("preimage", p.Preimage())
	if _, cleaned := model.ForDisplay(p); cleaned {
		say(r.d.Stderr, "note: text in this payment was cleaned for the terminal; --json shows it exactly\n")
	}
}

func runStatus(r *runner) int {
	if len(r.args) != 1 || !model.IsID(r.args[0]) {
		return r.fail(ExitUsage, "give the id of one payment (a UUID)")
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	id := r.args[0]
	p, err := call(r, func(ctx context.Context) (model.Payment, error) { return r.b.GetPayment(ctx, id) })
	if err != nil {
		if r.b.Classify(err).NotFound {
			return r.fail(ExitUsage, "there is no payment %s in this environment", id)
		}
		return r.failErr("reading the payment", err)
	}
	if !r.o.wait {
		if r.o.json {
			r.printJSON(toJSON(p))
		} else {
			r.describe(p, "")
		}
		return ExitOK
	}
	p, err = r.wait(id, p, p.CreatedAt, r.o.timeout, func(p model.Payment) { r.info("%s", p.Status) })
	p.ID = id
	return r.outcome(p, err, "")
}
