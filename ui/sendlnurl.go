package ui

import (
	"context"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// Paying a Lightning Address or LNURL (LUD-06, LUD-16): the pay request
// is read as soon as the Pay field holds one, and shown; on enter the
// service is asked for an invoice of the amount typed, which is held to
// what was asked (model.VerifyPayInvoice) before it is shown as payable.
// From there it is an invoice like any other: confirmed, journaled (with
// the address), sent and followed.

// lnurlTimeout bounds each ask of a service; the client has its own.
const lnurlTimeout = 15 * time.Second

// payLink is the Lightning Address or LNURL in the Pay field.
type payLink struct {
	target  model.PayTarget
	seq     int // of this target: answers for an earlier one are dropped
	reading bool
	pr      *model.PayRequest
	err     string
	// Asked for an invoice: the wallet, amount and comment it was asked
	// for, fixed when enter was pressed.
	asking  bool
	wallet  model.Wallet
	amount  model.MilliSats
	priced  *model.Priced
	comment string
}

// Messages of a pay link.
type (
	payRequestMsg struct {
		seq int
		pr  model.PayRequest
		err error
	}
	payInvoiceMsg struct {
		seq int
		inv model.PayInvoice
		err error
	}
)

func readPayRequest(l port.LNURL, t model.PayTarget, seq int) tea.Cmd {
	return callWithin(lnurlTimeout, func(ctx context.Context) (model.PayRequest, error) { return l.PayRequest(ctx, t) },
		func(pr model.PayRequest, err error) tea.Msg { return payRequestMsg{seq, pr, err} })
}

func askPayInvoice(l port.LNURL, pr model.PayRequest, amount model.MilliSats, comment string, seq int) tea.Cmd {
	return callWithin(lnurlTimeout, func(ctx context.Context) (model.PayInvoice, error) { return l.Invoice(ctx, pr, amount, comment) },
		func(inv model.PayInvoice, err error) tea.Msg { return payInvoiceMsg{seq, inv, err} })
}

// linkSeq numbers the pay links of every Send screen: one counter, so an
// answer can never be taken for a later link's.
var linkSeq int

// readLink notices a Lightning Address or LNURL in the Pay field and
// reads its pay request, once per target; it reports whether the field
// holds one (then the invoice rules do not apply).
func (d *sendScreen) readLink() (tea.Cmd, bool) {
	t, ok, err := model.ParsePayTarget(d.target.input.Value())
	if !ok {
		d.link = nil
		return nil, false
	}
	if err != nil {
		d.link = &payLink{err: model.CleanText(err.Error())}
		return nil, true
	}
	if d.link != nil && d.link.target == t {
		return nil, true
	}
	if d.s.cfg.LNURL == nil {
		d.link = &payLink{target: t, err: "voltdash cannot reach Lightning Address services here"}
		return nil, true
	}
	linkSeq++
	d.link = &payLink{target: t, seq: linkSeq, reading: true}
	return readPayRequest(d.s.cfg.LNURL, t, linkSeq), true
}

// linkProblems checks the form for a pay link: its pay request read, the
// amount within its bounds, the comment one it takes.
func (d *sendScreen) linkProblems() (m model.MilliSats, priced *model.Priced, bad model.SendProblems, comment, commentErr string) {
	l := d.link
	switch {
	case l.err != "":
		bad.Target = l.err
	case l.reading:
		bad.Target = "reading what " + l.target.String() + " takes…"
	}
	if _, ok := d.payingWallet(); !ok {
		bad.Target = "there is no wallet to pay from yet"
	}
	if text := d.amount.input.Value(); strings.TrimSpace(text) == "" {
		bad.Amount = "enter the amount to send"
	} else {
		var err error
		if m, priced, err = pricedEntry(d.s, text); err != nil {
			bad.Amount = err.Error()
		} else if l.pr != nil {
			if err := l.pr.CheckAmount(m); err != nil {
				bad.Amount = err.Error()
			}
		}
	}
	comment = strings.TrimSpace(d.comment.input.Value())
	if l.pr != nil {
		if err := l.pr.CheckComment(comment); err != nil {
			commentErr = err.Error()
		}
	}
	if fee := d.fee.input.Value(); strings.TrimSpace(fee) != "" {
		if _, err := model.ParseMilliSats(fee); err != nil {
			bad.Fee = err.Error()
		}
	}
	return m, priced, bad, comment, commentErr
}

// askLink asks the service for an invoice of the amount typed, from the
// wallet chosen now.
func (d *sendScreen) askLink() tea.Cmd {
	m, priced, bad, comment, commentErr := d.linkProblems()
	d.target.err, d.amount.err, d.fee.err, d.comment.err = bad.Target, bad.Amount, bad.Fee, commentErr
	if !bad.OK() || commentErr != "" {
		d.form.focusFirstError()
		return nil
	}
	w, _ := d.payingWallet()
	l := d.link
	l.asking, l.wallet, l.amount, l.priced, l.comment = true, w, m, priced, comment
	d.stage, d.problem = stageAsking, ""
	return askPayInvoice(d.s.cfg.LNURL, *l.pr, m, comment, l.seq)
}

func (d *sendScreen) payRequestArrived(msg payRequestMsg) {
	l := d.link
	if l == nil || msg.seq != l.seq || !l.reading {
		return
	}
	l.reading = false
	if msg.err != nil {
		l.err = model.CleanText(msg.err.Error())
	} else {
		pr := msg.pr
		l.pr = &pr
	}
	d.recheck()
}

// payInvoiceArrived holds the service's invoice to what was asked; only
// an invoice that passes goes to the confirmation, as any invoice would.
func (d *sendScreen) payInvoiceArrived(msg payInvoiceMsg) tea.Cmd {
	l := d.link
	if l == nil || msg.seq != l.seq || !l.asking || d.stage != stageAsking {
		return nil
	}
	l.asking = false
	d.stage = stageEdit
	refuse := func(why string) tea.Cmd {
		d.target.err = model.CleanText(why)
		d.problem = "Nothing was sent."
		d.form.setFocus(1)
		return nil
	}
	if msg.err != nil {
		return refuse(msg.err.Error())
	}
	inv, err := model.DecodeInvoice(msg.inv.PR)
	if err != nil {
		return refuse("the service's answer is not an invoice voltdash can read: " + err.Error())
	}
	if err := model.VerifyPayInvoice(*l.pr, inv, l.amount, l.wallet.Network, d.s.now); err != nil {
		return refuse(err.Error())
	}
	plan, bad := model.PlanSend(msg.inv.PR, "", d.fee.input.Value(), l.wallet, true, d.s.now, nil)
	if !bad.OK() {
		return refuse(strings.Join(slices.DeleteFunc([]string{bad.Target, bad.Amount, bad.Fee}, func(s string) bool { return s == "" }), "; "))
	}
	plan.PayTo, plan.Priced, plan.Memo = l.target.String(), l.priced, l.pr.Description
	plan.Success = msg.inv.SuccessAction // journaled with the send, for resume
	rec, err := plan.Record(l.wallet.ID)
	if err != nil {
		return refuse(err.Error())
	}
	d.plan, d.planOK = plan, true
	d.shown, _ = model.ForDisplay(plan)
	d.shown.Invoice.Description = l.pr.Description // the invoice carries only its hash
	d.review = &review{wallet: l.wallet, shown: d.shown, rec: rec, success: rec.Success, comment: l.comment}
	d.stage = stageConfirm
	return d.startCheck(l.wallet.ID)
}

// recheckLink is recheck for a pay link: its problems shown only for
// fields that have something in them, as for an invoice.
func (d *sendScreen) recheckLink() model.SendProblems {
	_, _, bad, _, commentErr := d.linkProblems()
	d.planOK = false
	d.form.clearErrors()
	d.target.err, d.comment.err = bad.Target, commentErr
	if d.link.reading {
		d.target.err = ""
	}
	if d.amount.input.Value() != "" {
		d.amount.err = bad.Amount
	}
	d.fee.err = bad.Fee
	d.amount.hint = dollarHint(d.s, d.amount.input.Value())
	d.amount.input.Placeholder = "required"
	d.fee.input.Placeholder = "default 1%, at least 1 sat"
	return bad
}

// linkPreview is what the service says of itself, for the form.
func (d *sendScreen) linkPreview() string {
	st, l := d.s.st, d.link
	if l == nil || l.err != "" {
		return ""
	}
	what := "LNURL-pay"
	if l.target.Kind == model.TargetAddress {
		what = "Lightning Address"
	}
	lines := []string{st.BoxTitle.Render(what) + st.Muted.Render(" · "+l.target.String())}
	if l.reading || l.pr == nil {
		return strings.Join(append(lines, st.Pending.Render(spinner(d.s.now)+" asking "+l.target.Host()+" what it takes…")), "\n")
	}
	pr := l.pr
	row := func(label, value string) {
		if value != "" {
			lines = append(lines, st.Label.Render(fit(label, 14, false))+"   "+fit(model.CleanText(value), max(d.width-17, 10), false))
		}
	}
	row("Pays", pr.Description)
	row("Who", pr.Identifier)
	if pr.MinSendable == pr.MaxSendable {
		row("Amount", "exactly "+moved(pr.MinSendable, d.s.lens()))
	} else {
		row("Amount", moved(pr.MinSendable, d.s.lens())+" to "+moved(pr.MaxSendable, d.s.lens()))
	}
	if pr.CommentAllowed > 0 {
		row("Comment", "up to "+itoa(pr.CommentAllowed)+" characters")
	} else {
		row("Comment", "none taken")
	}
	return strings.Join(lines, "\n")
}

// successLines are what the payee's service asked to show once paid
// (LUD-09): its message, a link as text (never opened), or a message
// sealed with the preimage (LUD-10), opened here.
func successLines(st *Styles, a *model.SuccessAction, p *model.Payment, width int) []string {
	if a == nil || p == nil || p.Status != model.StatusCompleted {
		return nil
	}
	switch a.Tag {
	case model.ActionMessage:
		return wrapLines(st.Label.Render("From payee ")+model.CleanText(a.Message), width)
	case model.ActionURL:
		out := wrapLines(st.Label.Render("From payee ")+model.CleanText(a.Description), width)
		return append(out, st.Label.Render("Link       ")+model.CleanText(a.URL)+st.Muted.Render(" ("+a.Domain()+"; not opened)"))
	case model.ActionAES:
		pre, err := hex.DecodeString(p.Preimage())
		text, derr := a.Decrypt(pre)
		if err != nil || derr != nil {
			return []string{st.WarnText.Render("The payee's sealed message could not be opened.")}
		}
		out := wrapLines(st.Label.Render("From payee ")+model.CleanText(a.Description), width)
		return append(out, wrapLines(st.Label.Render("Sealed     ")+text, width)...)
	}
	return nil
}
