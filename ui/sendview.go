package ui

import (
	"cmp"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/voltdash/voltdash/model"
)

func (d *sendScreen) view() string {
	st := d.s.st
	switch d.stage {
	case stageConfirm:
		return d.confirmView()
	case stageAsking:
		l := d.link
		return st.BoxTitle.Render("Send") + "\n\n" + st.Pending.Render(spinner(d.s.now)+" asking "+l.target.String()+" for an invoice of "+
			moved(l.amount, d.s.lens())+"…") + "\n" + st.Muted.Render("it is checked before anything can be paid")
	case stageSending:
		return st.BoxTitle.Render("Send") + "\n\n" + st.Pending.Render(spinner(d.s.now)+" recording the payment, then sending it…")
	case stageTrack:
		return d.trackView()
	}
	head := st.BoxTitle.Render("Send") + st.Muted.Render(" · pay an invoice, a Lightning Address or LNURL, or bitcoin") + "\n\n"
	out := head + d.form.view()
	if !d.editing {
		out += "\n" + st.Muted.Render("press "+keyName(d.s.keys.Select)+" to fill in the form")
	}
	if preview := d.linkPreview(); preview != "" {
		out += "\n" + preview
	} else if preview := d.preview(); d.link == nil && preview != "" {
		out += "\n" + preview
	}
	if len(d.tracked) > 0 {
		out += "\n" + st.Muted.Render(keyName(d.s.keys.NewAgain)+" shows the payments sent this session")
	}
	return out
}

// preview is what the pasted text decodes to, before any question of
// sending.
func (d *sendScreen) preview() string {
	st, p, u := d.s.st, d.shown, d.s.lens()
	if d.target.input.Value() == "" || d.target.err != "" {
		return ""
	}
	var lines []string
	row := func(label, value string) {
		if value != "" {
			lines = append(lines, st.Label.Render(fit(label, 14, false))+"   "+value)
		}
	}
	switch {
	case p.Invoice != nil && p.Invoice.Raw != "":
		lines = append(lines, st.BoxTitle.Render("Lightning invoice")+st.Muted.Render(" · "+p.Invoice.Network.Label()))
		if p.Invoice.HasAmount {
			row("Amount", moved(p.Invoice.Amount, u))
		} else {
			row("Amount", "not set: you choose")
		}
		row("Description", p.Invoice.Description)
		if p.Invoice.Description == "" && p.Invoice.DescriptionHash != "" {
			row("Description", "hash "+short(p.Invoice.DescriptionHash))
		}
		row("Payee", nodeKey(p.Invoice.Payee))
		row("Expires in", countdown(p.Invoice.ExpiresAt().Sub(d.s.now)))
	default:
		lines = append(lines, st.BoxTitle.Render("On-chain payment"))
		row("To", p.Payee)
	}
	if d.planOK {
		fee := "Voltage's default"
		if p.FeeCapped() {
			fee = money(p.MaxFee, u)
		}
		row("Fee cap", fee)
		if w, ok := d.payingWallet(); ok {
			if warn := p.Warning(w, u); warn != "" {
				lines = append(lines, st.WarnText.Render("⚠ "+warn))
			}
		}
	}
	return strings.Join(lines, "\n")
}

// confirmView shows the payment under review. What decides the payment
// (amount, fee cap, wallet, destination) each has a line of its own that
// no outside text shares; the payee's description comes last, cut short.
func (d *sendScreen) confirmView() string {
	st, r, u := d.s.st, d.review, d.s.lens()
	p, w := r.shown, r.wallet
	valueW := max(d.width-12, 10)
	row := func(label, value string) string {
		return st.Label.Render(fit(label, 11, false)) + " " + fit(value, valueW, false)
	}
	lines := []string{st.BoxTitle.Render("Confirm the payment"), ""}
	if r.repeat != nil {
		lines = append(lines, wrapLines(st.Failure.Render("⚠ Paid before: ")+r.repeat.Error()+
			". Paying again could pay twice.", d.width)...)
		lines = append(lines, "")
	}
	fee := "Voltage's default"
	if p.FeeCapped() {
		fee = "at most " + money(p.MaxFee, u)
	}
	lines = append(lines,
		row("Amount", st.Bold.Render(moved(p.Amount, u))))
	if p.Priced != nil {
		lines = append(lines, row("Priced", p.Priced.String()))
	}
	lines = append(lines,
		row("Fee cap", fee),
		row("From", w.Name+" · "+w.Network.Label()))
	if p.PayTo != "" {
		lines = append(lines, row("Pay to", p.PayTo))
		lines = append(lines, row("For", p.Memo))
		if r.comment != "" {
			lines = append(lines, row("Comment", r.comment))
		}
	}
	if p.Invoice != nil && p.Invoice.Raw != "" {
		lines = append(lines, row("To", "node "+nodeKey(p.Invoice.Payee)))
	}
	if addr := cmp.Or(p.ChainAddress, onchainTo(p)); addr != "" {
		lines = append(lines, row("To address", addr))
	}
	if p.Invoice != nil && p.Invoice.Raw != "" {
		lines = append(lines, row("Expires", "in "+countdown(p.Invoice.ExpiresAt().Sub(d.s.now))))
	}
	if limits := d.limitsLine(w.ID); limits != "" {
		lines = append(lines, row("Limits", limits))
	}
	lines = append(lines, row("Check", d.checkLine(r.check)))
	if c := r.check; c.verdict == model.VerdictRefused {
		for _, l := range wrapLines(c.reason, d.width-12) {
			lines = append(lines, strings.Repeat(" ", 12)+l)
		}
	}
	if warn := p.Warning(w, u); warn != "" {
		lines = append(lines, "", st.WarnText.Render("⚠ "+warn))
	}
	if w.Network.IsReal() {
		lines = append(lines, "", st.RealBadge.Render("MAINNET")+" this moves real bitcoin")
	}
	if p.Memo != "" {
		lines = append(lines, "", row("Description", "“"+cut(p.Memo, min(valueW-2, model.ShownDescription))+"”"))
	}
	change := st.Bold.Render(keyName(d.s.keys.Cancel)) + " change"
	if !r.check.allows() {
		return strings.Join(append(lines, "", change), "\n")
	}
	yes := "send"
	if r.repeat != nil {
		yes = "pay a second time"
	}
	return strings.Join(append(lines, "", st.Bold.Render(keyName(d.s.keys.Confirm))+" "+yes+" · "+change), "\n")
}

// onchainTo is the address an on-chain plan pays.
func onchainTo(p model.SendPlan) string {
	if p.Kind == model.Onchain {
		return p.Payee
	}
	return ""
}

// cut shortens s to width cells with an ellipsis, without padding.
func cut(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, max(width, 1), "…")
}

// shownTrack is the send the tracking view is about: the one that needs
// the user's decision, else the latest.
func (d *sendScreen) shownTrack() *trackedSend {
	if r := d.resendable(); r != nil {
		return r
	}
	return d.tracked[0]
}

// spins reports an outcome still to come, drawn with a spinner.
func (t *trackedSend) spins() bool {
	switch {
	case t.notArrived:
		return false
	case t.payment == nil:
		return true
	}
	return t.payment.Status != model.StatusCompleted && t.payment.Status != model.StatusFailed
}

// expiry is when the invoice being paid expires; zero when there is none.
func (d *sendScreen) expiry() time.Time {
	p := d.shown
	if d.stage == stageConfirm && d.review != nil {
		p = d.review.shown
	}
	if p.Invoice == nil || p.Invoice.Raw == "" {
		return time.Time{}
	}
	return p.Invoice.ExpiresAt()
}

func (d *sendScreen) wake(now time.Time, shown bool) time.Time {
	switch d.stage {
	case stageSending:
		return frameIf(shown, now)
	case stageTrack:
		return frameIf(shown && len(d.tracked) > 0 && d.shownTrack().spins(), now)
	case stageConfirm:
		c := d.review.check
		at := c.due
		if shown {
			at = earliest(at, nextSecond(now, d.expiry()), frameIf(!c.decided() || !c.policiesIn, now))
		}
		return at
	}
	// Editing: the plan is checked again when the invoice expires, and
	// its countdown shows while the preview does.
	at := d.expiry()
	if !at.After(now) {
		return time.Time{}
	}
	if shown && d.preview() != "" {
		return nextSecond(now, at)
	}
	return at
}

func (d *sendScreen) trackView() string {
	st := d.s.st
	if len(d.tracked) == 0 {
		return st.Muted.Render("Nothing sent yet. " + keyName(d.s.keys.NewAgain) + " starts a payment.")
	}
	t := d.shownTrack()
	lines := []string{st.BoxTitle.Render("Payment") + st.Muted.Render(" · "+t.rec.ID), ""}
	lines = append(lines, d.outcome(t)...)
	lines = append(lines, successLines(st, t.success, t.payment, d.width)...)
	to := t.rec.Payee
	if t.rec.PayTo != "" {
		to = t.rec.PayTo
	}
	lines = append(lines, "",
		st.Label.Render("Amount     ")+moved(t.rec.Amount, d.s.lens()),
		st.Label.Render("From       ")+d.s.walletName(t.rec.WalletID),
		st.Label.Render("To         ")+fit(to, max(d.width-11, 10), false),
		st.Label.Render("Recorded   ")+t.rec.CreatedAt.Local().Format("2006-01-02 15:04:05")+st.Muted.Render(" · submitted "+itoa(t.rec.Attempts)+"×, always with this id"))
	if len(d.tracked) > 1 {
		lines = append(lines, "", st.Label.Render("Also followed"))
		shown := 0
		for _, o := range d.tracked {
			if o == t || shown == 5 {
				continue
			}
			shown++
			word := "checking…"
			if o.rec.Status != "" {
				word = statusWord(o.rec.Status)
			}
			if o.payment != nil {
				word = statusWord(o.payment.Status)
			}
			if o.notArrived {
				word = "never arrived"
			}
			lines = append(lines, "  "+o.rec.CreatedAt.Local().Format("Jan 02 15:04")+"  "+
				fit(money(o.rec.Amount, d.s.lens()), 18, true)+"  "+word)
		}
	}
	lines = append(lines, "", st.Muted.Render(keyName(d.s.keys.NewAgain)+" new payment"))
	return strings.Join(lines, "\n")
}

// outcome says where the send stands, in words.
func (d *sendScreen) outcome(t *trackedSend) []string {
	st, u := d.s.st, d.s.lens()
	switch {
	case t.notArrived:
		return wrapLines(st.Failure.Render("✗ Voltage never received this payment.")+" Press "+keyName(d.s.keys.Resend)+" to send it again "+
			"with the same id: it cannot be paid twice.", d.width)
	case t.payment == nil && t.unknown:
		return []string{st.Pending.Render(spinner(d.s.now) + " No answer came back when it was sent; checking whether Voltage has it…")}
	case t.payment == nil:
		return []string{st.Pending.Render(spinner(d.s.now) + " sent; waiting for its status…")}
	}
	p := t.payment
	switch p.Status {
	case model.StatusCompleted:
		fee, _ := p.Fee()
		out := []string{st.Success.Render("✓ Sent " + moved(p.Amount(), u))}
		if t.mismatch != "" {
			out = wrapLines(st.Failure.Render("✗ Completed, but not as confirmed: ")+t.mismatch+
				". The send journal keeps it; check it with the payee.", d.width)
		}
		out = append(out, st.Label.Render("Fee        ")+money(fee, u))
		if pre := p.Preimage(); pre != "" {
			out = append(out, st.Label.Render("Preimage   ")+fit(pre, max(d.width-11, 10), false))
		}
		return out
	case model.StatusFailed:
		why := "no reason given"
		if p.Error != nil {
			why = p.Error.Explain()
		}
		return wrapLines(st.Failure.Render("✗ Failed: ")+why, d.width)
	}
	return []string{st.Pending.Render(spinner(d.s.now) + " " + statusWord(p.Status) + "…")}
}

func wrapLines(s string, width int) []string {
	return strings.Split(wrapWords(s, max(width, 20)), "\n")
}
