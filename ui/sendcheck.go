package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
)

// Before y is offered, the payment under review goes through what the
// paying wallet's policies say of it: those that make a refusal certain
// are applied here, to the form (recheck), and Voltage's own check
// (check_payment) is asked under an id of its own that is never sent.
// A check that cannot run or gives no verdict says so, and the local
// checks stand: it never holds the payment up silently.

// policyCheck is Voltage's check of the payment under review.
type policyCheck struct {
	req         model.SendRequest
	started     time.Time
	due         time.Time // the next read of its verdict; zero while one is in flight or it is decided
	policiesIn  bool      // the wallet's policies have been read (or could not be)
	local       string    // the refusal the policies make certain, decided here
	verdict     model.Verdict
	reason      string // why it was refused
	unavailable string // why there is no verdict; the local checks passed
}

// checkEvery is how often the verdict is read; checkWait how long it is
// waited for, asking included: the check answers in moments when it runs
// at all, and the user waits on it.
const (
	checkEvery = 500 * time.Millisecond
	checkWait  = 10 * time.Second
)

type (
	checkStartedMsg struct {
		id  string
		err error
	}
	checkReadMsg struct {
		id      string
		payment model.Payment
		err     error
	}
)

// allows reports that y may send: approved, or no verdict to be had.
func (c *policyCheck) allows() bool {
	return c.policiesIn && c.local == "" && (c.verdict == model.VerdictApproved || (c.unavailable != "" && c.verdict != model.VerdictRefused))
}

// decided reports a check that will not change.
func (c *policyCheck) decided() bool { return c.verdict != model.VerdictPending || c.unavailable != "" }

// startCheck reads the wallet's policies afresh and asks Voltage's check.
func (d *sendScreen) startCheck(walletID string) tea.Cmd {
	r := d.review
	req, err := d.plan.CheckRequest(walletID)
	r.check = &policyCheck{req: req, started: d.s.now}
	if err != nil {
		r.check.unavailable = model.CleanText(err.Error())
	}
	b := d.s.cfg.Backend
	ask := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), checkWait)
		defer cancel()
		return checkStartedMsg{req.ID, b.CheckPayment(ctx, req)}
	}
	if err != nil {
		ask = nil
	}
	return tea.Batch(fetchPolicies(b, walletID), ask)
}

// checkUpdate takes the messages of the check under review.
func (d *sendScreen) checkUpdate(msg tea.Msg) tea.Cmd {
	if pm, ok := msg.(policiesMsg); ok {
		return d.policiesArrived(pm)
	}
	if d.review == nil || d.review.check == nil {
		return nil
	}
	c, b := d.review.check, d.s.cfg.Backend
	switch msg := msg.(type) {
	case checkStartedMsg:
		if msg.id != c.req.ID {
			return nil
		}
		if msg.err != nil {
			c.unavailable = "could not run (" + b.Classify(msg.err).Sentence + ")"
			return nil
		}
		c.due = d.s.now.Add(checkEvery)
	case checkReadMsg:
		if msg.id != c.req.ID || c.decided() {
			return nil
		}
		if msg.err != nil {
			if f := b.Classify(msg.err); !f.NotFound && !f.Transient {
				c.unavailable = "could not be read (" + f.Sentence + ")"
				return nil
			}
		}
		c.verdict, c.reason = model.VerdictOf(msg.payment)
		switch {
		case c.decided():
		case !d.s.now.Before(c.started.Add(checkWait)):
			c.unavailable = "gave no verdict within " + checkWait.String()
		default:
			c.due = d.s.now.Add(checkEvery)
		}
	case tickMsg:
		if !c.due.IsZero() && !time.Time(msg).Before(c.due) {
			c.due = time.Time{}
			id := c.req.ID
			return func() tea.Msg {
				ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
				defer cancel()
				p, err := b.GetPayment(ctx, id)
				return checkReadMsg{id, p, err}
			}
		}
	}
	return nil
}

// policiesArrived keeps the paying wallet's policies for the form's
// checks (a refusal they make certain shows at the amount from now on);
// under review, it stands in the Check row beside Voltage's verdict, and
// y is not offered.
func (d *sendScreen) policiesArrived(msg policiesMsg) tea.Cmd {
	if msg.err == nil {
		if d.policies == nil {
			d.policies = map[string]model.WalletPolicies{}
		}
		d.policies[msg.walletID] = msg.policies
	}
	r := d.review
	if r == nil || r.check == nil || r.wallet.ID != msg.walletID || d.stage != stageConfirm {
		return nil
	}
	r.check.policiesIn = true
	if msg.err == nil {
		r.check.local = model.CleanText(msg.policies.CertainRefusal(r.rec.Amount))
	}
	return nil
}

// policyRefusal is what the paying wallet's policies, as last read, make
// certain for amount.
func (d *sendScreen) policyRefusal(walletID string, amount model.MilliSats) string {
	if p, ok := d.policies[walletID]; ok {
		return p.CertainRefusal(amount)
	}
	return ""
}

// limitsLine names the paying wallet's limits, for the confirmation.
func (d *sendScreen) limitsLine(walletID string) string {
	p, ok := d.policies[walletID]
	if !ok {
		return ""
	}
	u := d.s.lens()
	var parts []string
	if m, ok := p.MaxPaymentSize(); ok {
		parts = append(parts, "at most "+money(m, u)+" a payment")
	}
	if n, ok := p.TransactionsPerMinute(); ok {
		parts = append(parts, strconv.FormatUint(n, 10)+" sends a minute")
	}
	if m, ok := p.SendVolumeLimit(); ok {
		parts = append(parts, "send volume "+money(m, u))
	}
	if r, ok := p.ProcessingFee(); ok {
		parts = append(parts, "processing fee "+strconv.FormatFloat(float64(r.SendBasisPoints)/100, 'f', 2, 64)+" %")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " · ")
}

// said is Voltage's verdict in a few words, beside a local refusal.
func (c *policyCheck) said() string {
	switch {
	case c.verdict == model.VerdictApproved:
		return "approved"
	case c.verdict == model.VerdictRefused:
		return "refused too"
	case c.unavailable != "":
		return c.unavailable
	}
	return "asking…"
}

// checkLine is the check's verdict in words.
func (d *sendScreen) checkLine(c *policyCheck) string {
	st := d.s.st
	if c.local != "" {
		return st.Failure.Render("✗ "+c.local) + st.Muted.Render(" · Voltage's check: "+c.said())
	}
	switch {
	case c.verdict == model.VerdictApproved:
		return st.Success.Render("✓ approved by Voltage's policy check")
	case c.verdict == model.VerdictRefused:
		return st.Failure.Render("✗ refused by Voltage's policy check; nothing was sent:")
	case c.unavailable != "":
		return st.WarnText.Render("Voltage's policy check "+c.unavailable) + "; the local checks passed"
	}
	return st.Pending.Render(spinner(d.s.now) + " asking Voltage's policy check…")
}
