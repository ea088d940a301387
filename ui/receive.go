package ui

import (
	"cmp"
	"context"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
)

// receiveScreen creates an invoice or address and shows it until paid.
type receiveScreen struct {
	s             *session
	form          *form
	wallet, kind  *field
	amount, memo  *field
	expires       *field // how long it waits to be paid
	editing       bool   // the form has the keyboard
	creating      bool   // the request is on its way
	problem       string
	current       *model.Payment // the receive being shown
	rang          bool           // the bell for its payment
	paidAfter     int            // wallet refreshes seen when it was paid
	width, height int
	codes         qrCodes // the current receive's code, drawn once per size
	expiry        expiry  // the current invoice's, decoded once
	// priced is the dollar amount and quote the current receive was made
	// from, when it was typed in dollars: the screen says which price.
	priced *model.Priced
}

var receiveKinds = []struct {
	label string
	kind  model.Kind
}{
	{"Lightning invoice (bolt11)", model.Bolt11},
	{"On-chain address", model.Onchain},
	{"Invoice and address (BIP 21)", model.Bip21},
}

func newReceive(s *session) *receiveScreen {
	r := &receiveScreen{s: s}
	r.wallet = newChoiceField("Wallet", []string{"(no wallets yet)"})
	labels := make([]string, len(receiveKinds))
	for i, k := range receiveKinds {
		labels[i] = k.label
	}
	r.kind = newChoiceField("Kind", labels)
	r.amount = newTextField(s.st, "Amount", "any amount", 40)
	r.memo = newTextField(s.st, "Description", "shown to the payer", 600)
	r.expires = newTextField(s.st, "Expires in", "1h, Voltage's default", 12)
	r.expires.hint = "←/→ 10m · 30m · 1h · 4h · 1d, or type any duration up to 24h"
	r.expires.presets = []string{"10m", "30m", "1h", "4h", "1d"}
	r.form = newForm(s, r.wallet, r.kind, r.amount, r.memo, r.expires)
	r.form.blur()
	r.hintAmount()
	return r
}

// takesDollars: amounts may be typed in dollars here.
func (r *receiveScreen) takesDollars() bool { return true }

func (r *receiveScreen) title() string   { return "Receive" }
func (r *receiveScreen) capturing() bool { return r.editing && !r.creating }

func (r *receiveScreen) setSize(w, h int) {
	r.width, r.height = w, h
	r.form.setWidth(min(w, 100))
}

func (r *receiveScreen) shortHelp() []key.Binding {
	k := r.s.keys
	switch {
	case r.editing:
		return []key.Binding{keys.Described(k.NextField, "next field"), keys.Described(k.Submit, "create"),
			keys.Described(k.Cancel, "leave form")}
	case r.current != nil:
		return []key.Binding{keys.Described(k.CopyInvoice, "copy"), keys.Described(k.NewAgain, "new invoice")}
	}
	return []key.Binding{keys.Described(k.Select, "edit")}
}

func (r *receiveScreen) fullHelp() [][]key.Binding {
	k := r.s.keys
	return [][]key.Binding{{k.NextField, k.PrevField, keys.Described(k.PrevChoice, "previous choice"), keys.Described(k.NextChoice, "next choice"),
		keys.Described(k.Submit, "create"), keys.Described(k.Cancel, "leave the form"), r.s.tabs.Reach},
		{keys.Described(k.CopyInvoice, "copy the invoice or address"), keys.Described(k.NewAgain, "another one")}}
}

func (r *receiveScreen) status() string {
	if r.problem != "" {
		return r.s.st.ErrorText.Render(r.problem)
	}
	return r.s.st.Status.Render("invoices you create appear in History too")
}

// receiveCreatedMsg is the answer to creating a receive.
type receiveCreatedMsg struct {
	req model.ReceiveRequest
	err error
}

func (r *receiveScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case walletsMsg:
		r.syncWallets("")
	case walletSelectedMsg:
		r.syncWallets(msg.id)
	case tea.KeyMsg:
		return r.key(msg)
	case receiveCreatedMsg:
		return r.created(msg)
	case paymentMsg:
		return r.paymentArrived(msg)
	}
	return nil
}

// syncWallets offers the wallets as choices: the one chosen stays chosen
// (by id), and a wallet the user just selected on the Wallets screen is
// chosen.
func (r *receiveScreen) syncWallets(choose string) {
	if len(r.s.wallets) == 0 {
		return
	}
	labels, ids := walletChoices(r.s)
	r.wallet.setChoices(labels, ids, r.s.selected)
	r.wallet.choose(choose)
}

// entered gives the form the keyboard, at the amount, unless a receive
// is on screen.
func (r *receiveScreen) entered() {
	if r.current == nil && !r.creating && !r.editing {
		r.editing, r.problem = true, ""
		r.form.setFocus(2)
	}
}

func (r *receiveScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := r.s.keys
	if !r.editing {
		switch {
		case key.Matches(msg, k.CopyInvoice) && r.current != nil:
			return copyCmd(r.s.cfg.Terminal, "invoice", r.current.PayableText())
		case key.Matches(msg, k.NewAgain), key.Matches(msg, k.Select):
			r.editing, r.current, r.problem = true, nil, ""
			r.form.setFocus(r.form.focus)
		}
		return nil
	}
	switch {
	case r.creating:
		return nil
	case key.Matches(msg, k.Cancel):
		r.editing = false
		r.form.blur()
	case key.Matches(msg, k.Submit):
		return r.submit()
	default:
		r.form.update(msg)
		r.hintAmount()
	}
	return nil
}

// hintAmount says whether the amount may be left empty: an on-chain
// receive needs one (create_payment takes any-amount requests only for
// bolt11 and bip21).
// An amount typed in dollars is converted as it is typed, with the quote
// that converts it.
func (r *receiveScreen) hintAmount() {
	if dollars := dollarHint(r.s, r.amount.value()); dollars != "" {
		r.amount.hint = dollars
		return
	}
	if receiveKinds[r.kind.choice].kind == model.Onchain {
		r.amount.input.Placeholder = "required for an address"
		r.amount.hint = "sats, $4.50, 0.0001 btc, 2.5k; whole sats on-chain"
		return
	}
	r.amount.input.Placeholder = "any amount"
	r.amount.hint = "sats, $4.50, 0.0001 btc, 2.5k, 1500000 msat; empty lets the payer choose"
}

// check validates the form; a nil error means the request can go.
func (r *receiveScreen) check() (model.ReceiveRequest, bool) {
	r.form.clearErrors()
	r.problem = ""
	ok := true
	if len(r.s.wallets) == 0 {
		r.wallet.err, ok = "there is no wallet to receive into yet", false
	}
	kind := receiveKinds[r.kind.choice].kind
	var amt model.MilliSats
	if r.amount.value() == "" && kind == model.Onchain {
		r.amount.err, ok = "an address needs an amount: only invoices can leave it to the payer", false
	}
	r.priced = nil
	if text := r.amount.value(); text != "" {
		m, priced, err := pricedEntry(r.s, text)
		switch {
		case err != nil:
			r.amount.err, ok = err.Error(), false
		case kind == model.Onchain && m.HasFractionalSats():
			r.amount.err, ok = "on-chain amounts are whole sats", false
		default:
			amt, r.priced = m, priced
		}
	}
	var lifetime time.Duration
	if text := r.expires.value(); text != "" {
		d, err := model.ParseReceiveExpiry(text)
		if err != nil {
			r.expires.err, ok = err.Error(), false
		}
		lifetime = d
	}
	memo := r.memo.input.Value()
	switch {
	case memo != "" && strings.TrimSpace(memo) == "":
		r.memo.err, ok = "a description cannot be only spaces", false
	case len(memo) > 600:
		r.memo.err, ok = "at most 600 bytes fit in an invoice", false
	}
	if !ok {
		r.form.focusFirstError()
		return model.ReceiveRequest{}, false
	}
	p := model.ReceiveParams{WalletID: r.wallet.selected(), Amount: amt, Description: strings.TrimSpace(memo), Expiry: lifetime}
	var req model.ReceiveRequest
	var err error
	switch kind {
	case model.Onchain:
		req, err = model.NewOnchainReceive(p)
	case model.Bip21:
		req, err = model.NewBip21Receive(p)
	default:
		req, err = model.NewBolt11Receive(p)
	}
	if err != nil {
		r.problem = err.Error()
		return req, false
	}
	return req, true
}

func (r *receiveScreen) submit() tea.Cmd {
	req, ok := r.check()
	if !ok {
		return nil
	}
	r.creating = true
	b := r.s.cfg.Backend
	return call(func(ctx context.Context) (struct{}, error) { return struct{}{}, b.CreateReceive(ctx, req) },
		func(_ struct{}, err error) tea.Msg { return receiveCreatedMsg{req: req, err: err} })
}

func (r *receiveScreen) created(msg receiveCreatedMsg) tea.Cmd {
	r.creating = false
	if msg.err != nil {
		r.problem = "Not created: " + r.s.cfg.Backend.Classify(msg.err).Sentence
		r.priced = nil
		return nil
	}
	now := r.s.now
	amt, _ := msg.req.RequestedMsats()
	p := model.Payment{ID: msg.req.ID, WalletID: msg.req.WalletID, Direction: model.Receive, Kind: msg.req.Kind,
		Status: model.StatusGenerating, CreatedAt: now, UpdatedAt: now}
	if amt > 0 {
		p.RequestedAmount = &model.Amount{Amount: int64(amt), Currency: model.BTC}
	}
	p.Data = model.ReceiveBolt11Data{Memo: model.NullString(msg.req.Description)}
	r.current, r.editing, r.rang = &p, false, false
	r.expiry = expiry{lifetime: model.DefaultReceiveExpiry}
	if e := msg.req.Expiration; e != nil {
		r.expiry.lifetime = time.Duration(*e) * time.Second // an address has no expiry of its own to read
	}
	w := watchMsg{id: p.ID, created: now, status: p.Status}
	return func() tea.Msg { return w }
}

func (r *receiveScreen) paymentArrived(msg paymentMsg) tea.Cmd {
	if r.current == nil || msg.id != r.current.ID || msg.err != nil {
		return nil
	}
	if !model.CanTransition(model.Receive, r.current.Status, msg.payment.Status) {
		return nil
	}
	p := msg.payment
	r.current = &p
	if p.Status == model.StatusCompleted && !r.rang {
		r.rang, r.paidAfter = true, r.s.refreshes
		return bell(r.s)
	}
	return nil
}

// bell rings the terminal, so a payer's payment is heard as well as seen,
// unless the bell is turned off ([notify] bell).
func bell(s *session) tea.Cmd {
	if !s.cfg.Notify.Bell {
		return nil
	}
	w := s.cfg.Terminal
	return func() tea.Msg {
		_, _ = io.WriteString(w, "\a")
		return nil
	}
}

// expiresAt is when the current receive stops being payable.
func (r *receiveScreen) expiresAt() (time.Time, bool) {
	return r.expiry.of(*r.current)
}

// expiry is when a receive's invoice expires, decoded once per invoice:
// the countdown asks at every frame.
type expiry struct {
	invoice string
	at      time.Time
	exact   bool
	decoded *model.Invoice
	// lifetime is what was asked for, for what has no expiry to decode
	// (an address); zero: the API's default.
	lifetime time.Duration
}

func (e *expiry) of(p model.Payment) (time.Time, bool) {
	e.decode(p)
	return e.at, e.exact
}

func (e *expiry) decode(p model.Payment) {
	inv := p.Invoice()
	if inv == "" || inv != e.invoice {
		e.invoice, e.at, e.exact, e.decoded = inv, p.CreatedAt.Add(cmp.Or(e.lifetime, model.DefaultReceiveExpiry)), false, nil
		if d, err := model.DecodeInvoice(inv); err == nil {
			e.at, e.exact, e.decoded = d.ExpiresAt(), true, &d
		}
	}
}

// mismatch says how the invoice Voltage made differs from what was asked
// for ("" when it does not): a code for another amount must never be
// shown to a payer as if it were the one asked for.
func (e *expiry) mismatch(p model.Payment) string {
	e.decode(p)
	if e.decoded == nil || p.RequestedAmount == nil || p.RequestedAmount.Amount <= 0 || p.Kind == model.Onchain {
		return ""
	}
	asked := p.RequestedAmount.MilliSats()
	switch {
	case !e.decoded.HasAmount:
		return "Voltage's invoice has no amount, not the " + asked.Format(model.UnitSats) + " asked for: not shown to the payer."
	case e.decoded.Amount != asked:
		return "Voltage's invoice is for " + e.decoded.Amount.Format(model.UnitSats) + ", not the " + asked.Format(model.UnitSats) +
			" asked for: not shown to the payer."
	}
	return ""
}
