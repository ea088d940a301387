package ui

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// sendStage is where the Send screen is.
type sendStage int

const (
	stageEdit    sendStage = iota // filling in the form
	stageAsking                   // asking a Lightning Address for its invoice
	stageConfirm                  // reading the summary before it goes
	stageSending                  // recorded and submitted; waiting for the answer
	stageTrack                    // following the payment
)

// sendScreen pays an invoice, address or URI: decoded and checked before
// anything is sent, confirmed, recorded in the journal, then followed
// live. It also follows sends the journal kept from an earlier run.
type sendScreen struct {
	s             *session
	form          *form
	wallet        *field
	target        *field
	amount, fee   *field
	comment       *field   // for a Lightning Address or LNURL that takes one (LUD-12)
	link          *payLink // the Lightning Address or LNURL in the Pay field, if that is what it holds
	stage         sendStage
	editing       bool
	plan          model.SendPlan // the form as it stands, checked
	shown         model.SendPlan // plan, cleaned for the screen
	planOK        bool
	review        *review                         // the payment being confirmed
	policies      map[string]model.WalletPolicies // by wallet, as last read: the form refuses what they make certain
	tracked       []*trackedSend                  // newest first; [0] is the one shown in full
	problem       string
	width, height int
}

// review is the payment on the confirmation screen, fixed when the user
// asked to review it: y sends this record, made then with its id, and
// nothing that arrives in the meantime (a refresh that reorders the
// wallets, a change of the selected wallet) can alter it.
type review struct {
	wallet model.Wallet              // the wallet paid from, as it was then
	shown  model.SendPlan            // what the screen shows
	rec    model.SendRecord          // what the journal and Voltage get
	repeat *model.DuplicateSendError // why the journal refused it as a repeat: y again pays a second time
	warned time.Time                 // when the repeat warning was shown: a y before repeatGuard has passed is not read
	check  *policyCheck              // what the wallet's policies and Voltage's check say of it
	// A Lightning Address's invoice: what to show once paid (LUD-09), and
	// the comment sent with it.
	success *model.SuccessAction
	comment string
}

// trackedSend is one send being followed to its end.
type trackedSend struct {
	rec        model.SendRecord
	payment    *model.Payment
	mismatch   string // how the completed payment differs from what was confirmed
	unknown    bool   // the submission got no answer
	misses     int    // reads that found nothing
	notArrived bool   // Voltage never got it: the user may resend
	resumed    bool   // found in the journal at start
	success    *model.SuccessAction
}

// missesBeforeNotArrived is how many reads finding nothing, after the
// create grace the client already allows, mean a send never arrived.
const missesBeforeNotArrived = model.NeverArrivedAfter

func newSend(s *session) *sendScreen {
	d := &sendScreen{s: s}
	d.wallet = newChoiceField("From", []string{"(no wallets yet)"})
	d.target = newTextField(s.st, "Pay", "an invoice, Lightning Address, LNURL, bitcoin address or URI", 8000)
	d.target.compact = true
	d.amount = newTextField(s.st, "Amount", "from the invoice", 40)
	d.fee = newTextField(s.st, "Fee cap", "default", 40)
	d.comment = newTextField(s.st, "Comment", "for a Lightning Address that takes one", 2000)
	d.form = newForm(s, d.wallet, d.target, d.amount, d.fee, d.comment)
	d.form.setFocus(1)
	d.form.blur()
	return d
}

func (d *sendScreen) title() string { return "Send" }

// takesDollars: an amount-less invoice's amount may be typed in dollars.
func (d *sendScreen) takesDollars() bool { return true }
func (d *sendScreen) capturing() bool    { return d.stage == stageEdit && d.editing }

func (d *sendScreen) setSize(w, h int) {
	d.width, d.height = w, h
	d.form.setWidth(min(w, 100))
}

func (d *sendScreen) shortHelp() []key.Binding {
	k := d.s.keys
	switch d.stage {
	case stageConfirm:
		if d.review != nil && !d.review.check.allows() {
			return []key.Binding{keys.Described(k.Cancel, "change it")}
		}
		if d.review != nil && d.review.repeat != nil {
			return []key.Binding{keys.Described(k.Confirm, "pay a second time"), keys.Described(k.Cancel, "do not pay")}
		}
		return []key.Binding{keys.Described(k.Confirm, "send it"), keys.Described(k.Cancel, "change it")}
	case stageTrack:
		b := []key.Binding{keys.Described(k.NewAgain, "new payment")}
		if d.resendable() != nil {
			b = append(b, k.Resend)
		}
		return b
	}
	if !d.editing {
		return []key.Binding{keys.Described(k.Select, "edit")}
	}
	return []key.Binding{keys.Described(k.NextField, "next field"), keys.Described(k.Submit, "review"),
		keys.Described(k.Cancel, "leave form")}
}

func (d *sendScreen) fullHelp() [][]key.Binding {
	k := d.s.keys
	return [][]key.Binding{{k.NextField, k.PrevField, keys.Described(k.PrevChoice, "previous wallet"), keys.Described(k.NextChoice, "next wallet"),
		keys.Described(k.Submit, "review before sending"), keys.Described(k.Cancel, "leave the form"), d.s.tabs.Reach},
		{keys.Described(k.Confirm, "confirm and send"), keys.Described(k.NewAgain, "another payment"),
			keys.Described(k.Resend, "resend a payment Voltage never got, with the same id")}}
}

func (d *sendScreen) status() string {
	if d.problem != "" {
		return d.s.st.ErrorText.Render(d.problem)
	}
	return d.s.st.Status.Render("every send is recorded on disk before it goes, and never sent twice")
}

// Messages of the Send screen.
type (
	sentMsg struct {
		rec model.SendRecord
		err error
	}
	unfinishedMsg struct {
		recs []model.SendRecord
		err  error
	}
	observedMsg struct{ err error }
)

// loadUnfinished reads the journal at start.
func loadUnfinished(b port.Backend) tea.Cmd {
	return func() tea.Msg {
		recs, err := b.UnfinishedSends()
		return unfinishedMsg{recs, err}
	}
}

func (d *sendScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case walletsMsg:
		d.syncWallets("")
		d.recheck()
	case walletSelectedMsg:
		d.syncWallets(msg.id)
		d.recheck()
	case tea.KeyMsg:
		return d.key(msg)
	case tickMsg:
		if d.stage == stageEdit {
			d.recheck() // an invoice can expire while it is being looked at
		}
		return d.checkUpdate(msg)
	case policiesMsg, checkStartedMsg, checkReadMsg:
		return d.checkUpdate(msg)
	case refreshMsg: // asked for by r, or after a wallet's policies changed
		d.policies = nil
		if d.stage == stageEdit {
			d.recheck()
		}
	case payRequestMsg:
		d.payRequestArrived(msg)
	case payInvoiceMsg:
		return d.payInvoiceArrived(msg)
	case sentMsg:
		return d.sent(msg)
	case unfinishedMsg:
		return d.resume(msg)
	case paymentMsg:
		return d.paymentArrived(msg)
	case observedMsg:
		if msg.err != nil {
			d.problem = "Could not update the send journal: " + msg.err.Error()
		}
	}
	return nil
}

// syncWallets offers the wallets, keeping the one chosen (by id) wherever
// a refresh puts it; choose, when set, is a wallet the user just selected
// on the Wallets screen.
func (d *sendScreen) syncWallets(choose string) {
	if len(d.s.wallets) == 0 {
		return
	}
	labels, ids := walletChoices(d.s)
	d.wallet.setChoices(labels, ids, d.s.selected)
	d.wallet.choose(choose)
}

func (d *sendScreen) payingWallet() (model.Wallet, bool) {
	return d.s.wallet(d.wallet.selected())
}

// recheck plans the send as the form stands, showing problems only for
// fields that have something in them, so that an empty form is not red.
func (d *sendScreen) recheck() model.SendProblems {
	if d.link != nil && strings.TrimSpace(d.target.input.Value()) != "" {
		return d.recheckLink()
	}
	w, ok := d.payingWallet()
	plan, bad := model.PlanSend(d.target.input.Value(), d.amount.input.Value(), d.fee.input.Value(), w, ok, d.s.now, d.s.price.quote)
	if bad.Amount == model.ErrNoPrice.Error() {
		bad.Amount = noPriceWhy(d.s, model.ErrNoPrice).Error()
	}
	var policy string // what the wallet's policies make certain: shown at the amount, typed or not
	if bad.OK() {
		policy = d.policyRefusal(w.ID, plan.Amount)
		bad.Amount = policy
	}
	d.plan, d.planOK = plan, bad.OK()
	d.shown, _ = model.ForDisplay(plan) // the invoice's description and the URI's text are the payee's
	bad, _ = model.ForDisplay(bad)
	d.form.clearErrors()
	if d.target.input.Value() != "" {
		d.target.err = bad.Target
		if d.amount.input.Value() != "" || (plan.Invoice != nil && !plan.Invoice.HasAmount) || plan.Kind == model.Onchain {
			d.amount.err = bad.Amount
		}
		d.fee.err = bad.Fee
	}
	if policy != "" {
		d.amount.err = model.CleanText(policy)
	}
	d.amount.hint = dollarHint(d.s, d.amount.input.Value())
	d.amount.input.Placeholder = "from the invoice"
	if plan.Kind == model.Onchain || (plan.Invoice != nil && !plan.Invoice.HasAmount) {
		d.amount.input.Placeholder = "required"
	}
	d.fee.input.Placeholder = "Voltage's default"
	if bad.Target == "" && bad.Amount == "" && plan.FeeDefault && !plan.Onchain() {
		d.fee.input.Placeholder = "default " + money(plan.MaxFee, d.s.lens()) + " (1%, at least 1 sat)"
	}
	return bad
}

// entered gives the form the keyboard, in the first empty field, while
// the form is what the screen shows.
func (d *sendScreen) entered() {
	if d.stage == stageEdit && !d.editing {
		d.editing = true
		if d.target.input.Value() == "" {
			d.form.setFocus(1)
		} else {
			d.form.setFocus(d.form.focus)
		}
	}
}

func (d *sendScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := d.s.keys
	switch d.stage {
	case stageConfirm:
		switch {
		case key.Matches(msg, k.Confirm) && d.review.check.allows():
			if r := d.review; r.repeat != nil && d.s.now.Before(r.warned.Add(repeatGuard)) {
				return nil // a y that came with the first, before the warning could be read
			}
			return d.send()
		case key.Matches(msg, k.Cancel):
			d.stage, d.review = stageEdit, nil
		}
	case stageTrack:
		switch {
		case key.Matches(msg, k.NewAgain):
			d.reset()
		case key.Matches(msg, k.Resend):
			return d.resend()
		}
	case stageEdit:
		return d.editKey(msg)
	}
	return nil
}

func (d *sendScreen) editKey(msg tea.KeyMsg) tea.Cmd {
	k := d.s.keys
	switch {
	case !d.editing:
		if key.Matches(msg, k.Select) {
			d.editing = true
			d.form.setFocus(d.form.focus)
		} else if key.Matches(msg, k.NewAgain) && len(d.tracked) > 0 {
			d.stage = stageTrack
		}
	case key.Matches(msg, k.Cancel):
		d.editing = false
		d.form.blur()
	case key.Matches(msg, k.Submit):
		return d.startReview()
	default:
		if d.form.update(msg) {
			cmd, _ := d.readLink()
			d.recheck()
			return cmd
		}
	}
	return nil
}

// repeatGuard is how long the paid-before warning shows before a y pays a
// second time: a key bounced or typed twice is not a second confirmation.
const repeatGuard = time.Second

// startReview checks the whole form, every field now, and fixes the
// payment to confirm: the wallet by its id, the plan, and the record with
// its id. Then the wallet's policies and Voltage's check are asked.
func (d *sendScreen) startReview() tea.Cmd {
	if w, ok := d.payingWallet(); ok {
		delete(d.policies, w.ID) // read afresh for the review: they may have changed since
	}
	if d.link != nil {
		return d.askLink()
	}
	bad := d.recheck()
	d.target.err, d.amount.err, d.fee.err = bad.Target, bad.Amount, bad.Fee
	if d.comment.input.Value() != "" {
		d.comment.err = "only a Lightning Address or LNURL takes a comment; an invoice says what it is for itself"
	}
	if !bad.OK() || d.comment.err != "" {
		d.form.focusFirstError()
		return nil
	}
	w, _ := d.payingWallet()
	rec, err := d.plan.Record(w.ID)
	if err != nil {
		d.target.err = model.CleanText(err.Error())
		d.form.focusFirstError()
		return nil
	}
	d.review = &review{wallet: w, shown: d.shown, rec: rec}
	d.stage, d.problem = stageConfirm, ""
	return d.startCheck(w.ID)
}

func (d *sendScreen) reset() {
	d.stage, d.editing, d.problem = stageEdit, true, ""
	for _, f := range []*field{d.target, d.amount, d.fee, d.comment} {
		f.input.SetValue("")
	}
	d.link = nil
	d.form.setFocus(1)
	d.recheck()
}

// send records the payment under review and submits it, in a command.
func (d *sendScreen) send() tea.Cmd {
	r := d.review
	if inv := r.shown.Invoice; inv != nil && inv.Raw != "" && inv.Expired(d.s.now) {
		d.stage, d.review, d.problem = stageEdit, nil, "Not sent: the invoice expired while it was being reviewed."
		d.recheck()
		return nil
	}
	rec := r.rec
	rec.Again = r.repeat != nil // y on the warning is the second confirmation
	d.stage = stageSending
	b := d.s.cfg.Backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		rec, err := b.Send(ctx, rec)
		return sentMsg{rec, err}
	}
}

func (d *sendScreen) sent(msg sentMsg) tea.Cmd {
	f := port.Failure{}
	if msg.err != nil {
		f = d.s.cfg.Backend.Classify(msg.err)
	}
	switch {
	case f.Repeat != nil && d.review != nil:
		d.review.repeat, d.review.warned, d.stage = f.Repeat, d.s.now, stageConfirm
		return nil
	case f.NotSent:
		d.stage, d.review, d.problem = stageEdit, nil, "Not sent: "+f.Sentence
		return nil
	case msg.rec.State == model.SendRefused:
		d.stage, d.review, d.problem = stageEdit, nil, "Voltage refused the payment: "+f.Sentence
		return nil
	}
	t := d.track(msg.rec)
	t.unknown = f.Unknown
	d.stage, d.review = stageTrack, nil
	return followSend(t.rec)
}

// followSend asks the root to poll a send until it is final.
func followSend(rec model.SendRecord) tea.Cmd {
	status := rec.Status
	if status == "" {
		status = model.StatusSending
	}
	w := watchMsg{id: rec.ID, created: rec.CreatedAt, status: status}
	return func() tea.Msg { return w }
}

// track puts a send first in the list, or moves it there. Its success
// action comes from the record, as journaled, so that a send followed
// after a restart shows it too.
func (d *sendScreen) track(rec model.SendRecord) *trackedSend {
	for i, t := range d.tracked {
		if t.rec.ID == rec.ID {
			t.rec = rec
			if rec.Success != nil {
				t.success = rec.Success
			}
			d.tracked = append(append([]*trackedSend{t}, d.tracked[:i]...), d.tracked[i+1:]...)
			return t
		}
	}
	t := &trackedSend{rec: rec, success: rec.Success}
	d.tracked = append([]*trackedSend{t}, d.tracked...)
	return t
}

// resume follows what the journal kept from an earlier run.
func (d *sendScreen) resume(msg unfinishedMsg) tea.Cmd {
	if msg.err != nil {
		d.problem = msg.err.Error()
	}
	var cmds []tea.Cmd
	for _, rec := range msg.recs { // oldest first, so the newest ends on top
		t := d.track(rec)
		t.resumed, t.unknown = true, rec.State == model.SendRecorded
		cmds = append(cmds, followSend(t.rec))
	}
	if len(msg.recs) > 0 && d.stage == stageEdit && d.target.input.Value() == "" {
		d.stage = stageTrack
	}
	return tea.Batch(cmds...)
}

func (d *sendScreen) paymentArrived(msg paymentMsg) tea.Cmd {
	var t *trackedSend
	for _, x := range d.tracked {
		if x.rec.ID == msg.id {
			t = x
		}
	}
	if t == nil {
		return nil
	}
	if msg.err != nil {
		if d.s.cfg.Backend.Classify(msg.err).NotFound {
			t.misses++
			t.notArrived = t.unknown && t.misses >= missesBeforeNotArrived
		}
		return nil
	}
	if t.payment != nil && !model.CanTransition(model.Send, t.payment.Status, msg.payment.Status) {
		return nil
	}
	p, id := msg.payment, msg.id
	t.payment, t.misses, t.notArrived, t.unknown = &p, 0, false, false
	t.rec.Status, t.mismatch = p.Status, t.rec.OutcomeMismatch(p)
	b := d.s.cfg.Backend
	return func() tea.Msg {
		_, err := b.ObserveSend(id, p)
		return observedMsg{err}
	}
}

// resendable is the send that Voltage never got, if any: the only kind
// that may be sent again, and only when the user asks.
func (d *sendScreen) resendable() *trackedSend {
	for _, t := range d.tracked {
		if t.notArrived {
			return t
		}
	}
	return nil
}

func (d *sendScreen) resend() tea.Cmd {
	t := d.resendable()
	if t == nil {
		return nil
	}
	t.notArrived, t.misses = false, 0
	b, id := d.s.cfg.Backend, t.rec.ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		rec, err := b.Resend(ctx, id)
		return sentMsg{rec, err}
	}
}
