package cli

import (
	"context"
	"strings"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// runPay pays, or sends again; a Ctrl-C on the way says whether anything
// went out.
func runPay(r *runner) int { return r.interruptible(func() int { return pay(r) }) }

func pay(r *runner) int {
	switch {
	case r.o.resend != "" && r.o.dryRun:
		return r.fail(ExitUsage, "--dry-run checks a new payment; --resend sends a recorded one again (voltdash status ID shows it)")
	case r.o.resend != "" && len(r.o.metadata) > 0:
		return r.fail(ExitUsage, "--resend sends the recorded request as it was, its metadata included: leave out --metadata")
	}
	if r.o.resend != "" {
		return r.resend()
	}
	if len(r.args) != 1 {
		return r.fail(ExitUsage, "give one invoice, address, bitcoin: URI, Lightning Address or LNURL to pay")
	}
	meta, code, ok := r.paymentMetadata()
	if !ok {
		return code
	}
	r.meta = meta
	if t, ok, err := model.ParsePayTarget(r.args[0]); ok {
		if err != nil {
			return r.fail(ExitUsage, "%v", err)
		}
		return runPayLink(r, t)
	}
	if r.o.comment != "" {
		return r.fail(ExitUsage, "--comment is for a Lightning Address or LNURL; an invoice carries its own description")
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	r.giveUpAfter(r.o.timeout) // and again after each question: a person's answer is not counted
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	q, code, ok := r.dollarQuote("--amount", r.o.amount) // dollars need the price before the plan is made
	if !ok {
		return code
	}
	plan, bad := model.PlanSend(r.args[0], r.o.amount, r.o.maxFee, w, true, r.d.Clock.Now(), q)
	switch {
	case bad.Target != "":
		return r.fail(ExitUsage, "%s", bad.Target)
	case bad.Amount != "":
		return r.fail(ExitUsage, "--amount: %s", bad.Amount)
	case bad.Fee != "":
		return r.fail(ExitUsage, "--max-fee: %s", bad.Fee)
	}
	plan.Metadata = r.meta
	return r.confirmAndSend(plan, w)
}

// confirmAndSend is the end of every pay: Voltage's policy check, the
// summary, the question (unless --yes), the journaled send and its outcome.
func (r *runner) confirmAndSend(plan model.SendPlan, w model.Wallet) int {
	if _, err := r.b.UnfinishedSends(); err != nil {
		r.info("warning: %v", err) // damaged records: the rest of the journal still guards this send
	}
	v, code, ok := r.precheck(plan, w)
	if !ok {
		return code
	}
	if r.o.dryRun {
		return r.dryRun(plan, w, v)
	}
	r.summarize(plan, w, v, r.info)
	if !r.o.yes {
		if !r.d.Interactive {
			return r.fail(ExitUsage, "not paid: add --yes to pay without being asked")
		}
		if !r.ask("Pay?") {
			return r.fail(ExitFailed, "not paid: you did not confirm")
		}
	}
	rec, err := plan.Record(w.ID)
	if err != nil {
		return r.fail(ExitUsage, "%v", err)
	}
	rec.Again = r.o.again
	if r.interrupted() {
		return ExitInterrupted // at the question, or during the check: nothing was sent
	}
	r.giveUpAfter(r.o.timeout) // from the confirmation on
	sent, err := call(r, r.sending(rec))
	if repeat := r.repeatOf(err); repeat != nil {
		r.at(stageNothing, "") // refused before it was recorded
		if !r.confirmRepeat(repeat) {
			return r.fail(ExitUsage, "not paid: %v; %s", repeat, repeatHint(repeat))
		}
		rec.Again = true
		r.giveUpAfter(r.o.timeout)
		sent, err = call(r, r.sending(rec))
	}
	return r.follow(sent, err)
}

// sending is the send of rec, for call: from the moment it is asked for
// (the journal records it, then the request goes out), a Ctrl-C says it
// may have gone out. A Ctrl-C before call made it leaves nothing sent.
func (r *runner) sending(rec model.SendRecord) func(ctx context.Context) (model.SendRecord, error) {
	return func(ctx context.Context) (model.SendRecord, error) {
		r.at(stageSending, rec.ID)
		return r.b.Send(ctx, rec)
	}
}

// repeatOf is the journal's refusal of a send as a repeat, if err is one.
func (r *runner) repeatOf(err error) *model.DuplicateSendError {
	if err == nil {
		return nil
	}
	return r.b.Classify(err).Repeat
}

// confirmRepeat asks whether to pay a destination the journal has already
// paid (or is paying). Only a person at a terminal can say yes: --yes was
// given before the repeat was known, so it does not count.
func (r *runner) confirmRepeat(repeat *model.DuplicateSendError) bool {
	if r.o.yes || !r.d.Interactive {
		return false
	}
	r.info("⚠ %v. Paying again could pay twice.", repeat)
	return r.ask("Pay a second time?")
}

// repeatHint says what to do instead of paying a repeat.
func repeatHint(repeat *model.DuplicateSendError) string {
	if repeat.Earlier.ID == "" {
		return "check the damaged records on Voltage, or add --again to pay all the same"
	}
	return "follow it with voltdash status " + repeat.Earlier.ID + " --wait, or add --again to pay a second time"
}

// summarize shows what is about to be paid, a line at a time through
// out: r.info before the question (stderr), stdout for a dry run, whose
// result it is. What decides the payment (amount, fee cap, wallet,
// destination) each has a line of its own that no outside text shares;
// the payee's description comes last, cut short.
func (r *runner) summarize(p model.SendPlan, w model.Wallet, v verdict, out func(format string, args ...any)) {
	l := r.lens()
	fee := "Voltage's default"
	if p.FeeCapped() {
		fee = "at most " + l.Moved(p.MaxFee)
	}
	out("Pay        %s", l.Moved(p.Amount))
	if p.Priced != nil {
		out("Priced     %s", p.Priced)
	}
	out("Fee cap    %s", fee)
	out("From       %s (%s)", w.Name, w.Network.Label())
	if p.PayTo != "" {
		out("Pay to     %s", p.PayTo)
	}
	if p.Invoice != nil && p.Invoice.Raw != "" {
		out("To         node %s", p.Invoice.Payee)
	}
	switch {
	case p.ChainAddress != "":
		out("To address %s", p.ChainAddress)
	case p.Kind == model.Onchain:
		out("To address %s", p.Payee)
	}
	if p.Invoice != nil && p.Invoice.Raw != "" {
		out("Expires    %s", p.Invoice.ExpiresAt().Local().Format("2006-01-02 15:04:05"))
	}
	if len(p.Metadata) > 0 { // the payer's own, but cleaned all the same
		out("Metadata   %s", shownMetadata(p.Metadata, 2*model.ShownDescription))
	}
	if warn := p.Warning(w, l); warn != "" {
		out("warning: %s", warn)
	}
	out("Check      %s", v.line)
	if p.Memo != "" {
		out("For        “%s”", cutText(display(p.Memo), model.ShownDescription))
	}
	if r.link != nil && r.link.comment != "" {
		out("Comment    “%s”", cutText(display(r.link.comment), model.ShownDescription))
	}
}

// follow waits for a submitted send and exits by its outcome, telling the
// journal what it saw.
func (r *runner) follow(rec model.SendRecord, err error) int {
	f := port.Failure{}
	if err != nil {
		f = r.b.Classify(err)
	}
	switch {
	case err == nil:
		r.at(stageSent, rec.ID) // Voltage has it
	case f.Local, f.NotSent, rec.State == model.SendRefused:
		r.at(stageNothing, "") // nothing went out, or nothing was made of it
	}
	switch {
	case f.Local:
		return r.fail(ExitLocal, "not paid: %s", f.Sentence) // nothing went out: nothing to follow or resend
	case f.NotSent:
		return r.fail(ExitUsage, "not paid: %s", f.Sentence)
	case err != nil && rec.State == model.SendRefused:
		return r.failErr("Voltage refused the payment", err)
	case err != nil:
		r.info("Sent %s, but %s; checking whether Voltage has it…", rec.ID, f.Sentence)
	default:
		r.info("Sending %s…", rec.ID)
	}
	if r.link == nil && rec.PayTo != "" {
		r.link = &linkPay{payTo: rec.PayTo, success: rec.Success} // a resend: the address and success action as journaled
	}
	p, err := r.wait(rec.ID, model.Payment{}, rec.CreatedAt, r.o.timeout, r.observer(rec.ID))
	if err != nil && r.b.Classify(err).NotFound {
		return r.fail(ExitNetwork, "Voltage never received payment %s: send it again, with the same id, with voltdash pay --resend %s", rec.ID, rec.ID)
	}
	p.ID = rec.ID
	return r.outcome(p, err, rec.OutcomeMismatch(p))
}

// observer tells the journal what each read of send id found. A journal
// that cannot be written is said once: the payment goes on regardless, and
// voltdash resume reads it again.
func (r *runner) observer(id string) func(model.Payment) {
	return func(p model.Payment) {
		if _, err := r.b.ObserveSend(id, p); err != nil && r.journalWarned.CompareAndSwap(false, true) {
			r.info("warning: the send journal could not record payment %s (%v); voltdash resume will read it again", id, err)
		}
	}
}

func (r *runner) resend() int {
	if !model.IsID(r.o.resend) {
		return r.fail(ExitUsage, "--resend %q: give the id of the payment to send again", r.o.resend)
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	id := strings.ToLower(r.o.resend) // the journal names sends in lower case
	r.giveUpAfter(r.o.timeout)
	rec, err := call(r, func(ctx context.Context) (model.SendRecord, error) {
		r.at(stageSending, id) // it may have gone out before, and may now
		return r.b.Resend(ctx, id)
	})
	if err != nil && rec.ID == "" {
		return r.fail(ExitUsage, "%v", err)
	}
	return r.follow(rec, err)
}
