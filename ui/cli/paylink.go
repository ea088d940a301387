package cli

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/voltdash/voltdash/model"
)

// Paying a Lightning Address or LNURL-pay link (LUD-06, LUD-16, LUD-17),
// as the dashboard's Send does: the pay request is read and shown; the
// amount and comment are held to it before the service is asked for
// anything; the invoice it gives is held to what was asked
// (model.VerifyPayInvoice) before it is planned; from there it is an
// invoice like any other, confirmed, journaled with the address, sent and
// followed; once paid, the service's success action is shown (LUD-09,
// LUD-10).

// linkPay is what pay keeps of the link it pays, for the summary and the
// outcome.
type linkPay struct {
	payTo   string
	comment string
	success *model.SuccessAction
}

func runPayLink(r *runner, t model.PayTarget) int {
	// What can be refused without asking anyone is refused first.
	if strings.TrimSpace(r.o.amount) == "" {
		return r.fail(ExitUsage, "--amount is required to pay %s: the payer chooses the amount, within what its service takes (such as --amount 2100 or --amount '$5')", t)
	}
	if fee := strings.TrimSpace(r.o.maxFee); fee != "" {
		if _, err := model.ParseMilliSats(fee); err != nil {
			return r.fail(ExitUsage, "--max-fee: %v", err)
		}
	}
	if r.d.LNURL == nil {
		return r.fail(ExitUsage, "voltdash cannot reach Lightning Address services here: pay an invoice instead")
	}
	if code, ok := r.connect(); !ok {
		return code
	}
	r.giveUpAfter(r.o.timeout) // and again after each question, as for an invoice
	w, code, ok := r.wallet()
	if !ok {
		return code
	}
	q, code, ok := r.dollarQuote("--amount", r.o.amount)
	if !ok {
		return code
	}
	amount, priced, err := model.ParsePricedEntry(r.o.amount, q)
	if err != nil {
		return r.fail(ExitUsage, "--amount: %v", err)
	}
	pr, err := call(r, func(ctx context.Context) (model.PayRequest, error) { return r.d.LNURL.PayRequest(ctx, t) })
	if err != nil {
		return r.failLink(err)
	}
	r.showPayRequest(t, pr)
	if err := pr.CheckAmount(amount); err != nil {
		return r.fail(ExitUsage, "--amount %s: %v; nothing was sent", strings.TrimSpace(r.o.amount), err)
	}
	comment := strings.TrimSpace(r.o.comment)
	if err := pr.CheckComment(comment); err != nil {
		return r.fail(ExitUsage, "--comment: %v; nothing was sent", err)
	}
	got, err := call(r, func(ctx context.Context) (model.PayInvoice, error) {
		return r.d.LNURL.Invoice(ctx, pr, amount, comment)
	})
	if err != nil {
		return r.failLink(err)
	}
	inv, err := model.DecodeInvoice(got.PR)
	if err != nil {
		return r.fail(ExitUsage, "not paid: the service's answer is not an invoice voltdash can read: %v", err)
	}
	if err := model.VerifyPayInvoice(pr, inv, amount, w.Network, r.d.Clock.Now()); err != nil {
		return r.fail(ExitUsage, "%v", err) // it says which check failed, and that it was not paid
	}
	plan, bad := model.PlanSend(got.PR, "", r.o.maxFee, w, true, r.d.Clock.Now(), nil)
	if !bad.OK() {
		return r.fail(ExitUsage, "not paid: %s", strings.TrimSpace(bad.Target+" "+bad.Amount+" "+bad.Fee))
	}
	plan.PayTo, plan.Priced, plan.Memo = t.String(), priced, pr.Description // the invoice carries only the description's hash
	plan.Success, plan.Metadata = got.SuccessAction, r.meta
	r.link = &linkPay{payTo: plan.PayTo, comment: comment, success: got.SuccessAction}
	return r.confirmAndSend(plan, w)
}

// failLink reports a failure of a Lightning Address service: one sentence
// (the client's), nothing sent. A service that cannot be reached exits as
// Voltage unreachable would; anything else it says is the target's fault.
func (r *runner) failLink(err error) int {
	code := ExitUsage
	if errors.Is(err, model.ErrLNURLUnreachable) || errors.Is(err, context.DeadlineExceeded) {
		code = ExitNetwork
	}
	return r.fail(code, "not paid: %v", err)
}

// showPayRequest says, on stderr, what the service says of itself: what
// it pays, who, the amounts it takes and whether it takes a comment. The
// metadata's text is the service's: cleaned when read, cleaned again here.
func (r *runner) showPayRequest(t model.PayTarget, pr model.PayRequest) {
	l := r.lens()
	r.info("%s %s", t.Kind, t)
	if pr.Description != "" {
		r.info("Pays       “%s”", cutText(display(pr.Description), model.ShownDescription))
	}
	if pr.Identifier != "" {
		r.info("Who        %s", cutText(display(pr.Identifier), model.ShownDescription))
	}
	if pr.MinSendable == pr.MaxSendable {
		r.info("Takes      exactly %s", l.Moved(pr.MinSendable))
	} else {
		r.info("Takes      %s to %s", l.Moved(pr.MinSendable), l.Moved(pr.MaxSendable))
	}
	if pr.CommentAllowed > 0 {
		r.info("Comments   up to %d characters", pr.CommentAllowed)
	} else {
		r.info("Comments   none taken")
	}
}

// successJSON is a success action for scripts (LUD-09, LUD-10); text is
// an aes action's message, opened with the preimage.
type successJSON struct {
	Tag         string `json:"tag"`
	Message     string `json:"message,omitempty"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	Domain      string `json:"domain,omitempty"`
	Decrypted   string `json:"decrypted,omitempty"`
	Error       string `json:"error,omitempty"` // an aes action that would not open
}

// successOf is what the payee's service asked to show, once p completed;
// nil before, or when it asked nothing.
func (r *runner) successOf(p model.Payment) *successJSON {
	if r.link == nil {
		return nil
	}
	return successFor(r.link.success, p)
}

// successFor is a, as shown once p completed: nil before, or for no action.
func successFor(a *model.SuccessAction, p model.Payment) *successJSON {
	if a == nil || p.Status != model.StatusCompleted {
		return nil
	}
	out := &successJSON{Tag: a.Tag, Message: a.Message, Description: a.Description, URL: a.URL}
	switch a.Tag {
	case model.ActionURL:
		out.Domain = a.Domain()
	case model.ActionAES:
		pre, err := hex.DecodeString(p.Preimage())
		text, derr := a.Decrypt(pre)
		switch {
		case err != nil || p.Preimage() == "":
			out.Error = "the payment's preimage is not known, so the payee's sealed message cannot be opened"
		case derr != nil:
			out.Error = derr.Error()
		default:
			out.Decrypted = text
		}
	}
	return out
}

// describeSuccess prints a success action for people, after the payment:
// a message, a link as text with its domain (voltdash opens nothing), or
// a sealed message opened with the preimage. All of it is the service's
// text, cleaned.
func (r *runner) describeSuccess(s *successJSON) {
	if s == nil {
		return
	}
	out := r.d.Stdout
	line := func(label, value string) {
		if value != "" {
			say(out, "%-10s %s\n", label, cutText(display(value), 2*model.ShownDescription))
		}
	}
	switch s.Tag {
	case model.ActionMessage:
		line("payee says", "“"+s.Message+"”")
	case model.ActionURL:
		if s.Description != "" {
			line("payee says", "“"+s.Description+"”")
		}
		line("link", s.URL+" ("+s.Domain+"; not opened)")
	case model.ActionAES:
		if s.Description != "" {
			line("payee says", "“"+s.Description+"”")
		}
		if s.Error != "" {
			say(r.d.Stderr, "warning: %s\n", s.Error)
		} else {
			line("sealed", "“"+s.Decrypted+"”")
		}
	}
}
