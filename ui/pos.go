package ui

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// The point of sale: a keypad for the amount, then a code as large as the
// window allows, then "Paid". It only ever receives: it has no key that
// pays, and run alone (voltdash pos) its backend refuses sends outright.

type posStage int

const (
	posKeypad   posStage = iota
	posCreating          // the invoice is being asked for, retried under its id through network trouble
	posShowing           // the code is up, waiting for the payer
	posPaid              // "Paid ✓" until a key or posPaidFor
	posFailed            // expired, failed, or refused: enter makes a new one
)

// posPaidFor is how long "Paid ✓" stays before the keypad comes back.
const posPaidFor = 6 * time.Second

// posMaxDigits bounds the keypad: $9,999,999.99 or 9,999,999,999 sats.
const posMaxDigits = 10

// POSOptions start a point of sale.
type POSOptions struct {
	WalletID string // the wallet sales go into, by id or name; "" is the first that holds bitcoin
	Dollars  bool   // amounts typed in dollars (cents, as a till takes them)
}

type posScreen struct {
	s       *session
	alone   bool // voltdash pos: the only screen
	wallet  string
	dollars bool
	digits  string // as typed: cents or sats
	stage   posStage
	problem string

	// The sale under way: its request keeps its id through every retry,
	// so that network trouble never makes two invoices for one sale.
	req      *model.ReceiveRequest
	amount   model.MilliSats
	priced   *model.Priced
	attempts int
	retryAt  time.Time
	current  *model.Payment
	paidAt   time.Time
	asking   bool // quitting with an invoice unpaid: asked to confirm
	// fresh: the keypad shows the amount of a sale given up on; the next
	// digit starts a new amount instead of adding to it.
	fresh bool
	// open is every sale's invoice not yet paid, cancelled ones too: a
	// payer may still pay a code that was on screen, and the tally counts
	// what was paid.
	open map[string]*model.Priced

	tally         posTally
	width, height int
	codes         qrCodes
	expiry        expiry
}

// posTally is the session's sales: count, sats, and dollars at the time
// of each sale (sales made with no price are counted apart).
type posTally struct {
	count    int
	sats     model.MilliSats
	cents    model.Cents
	unpriced int
}

func newPOS(s *session, o POSOptions, alone bool) *posScreen {
	return &posScreen{s: s, alone: alone, wallet: o.WalletID, dollars: o.Dollars, open: map[string]*model.Priced{}}
}

func (p *posScreen) title() string { return "POS" }

// takesDollars: the keypad types dollars, and the tally keeps them.
func (p *posScreen) takesDollars() bool { return true }

// capturing: the keypad takes digits, which elsewhere jump between tabs.
func (p *posScreen) capturing() bool { return p.stage == posKeypad || p.asking }

func (p *posScreen) setSize(w, h int) { p.width, p.height = w, h }

func (p *posScreen) shortHelp() []key.Binding {
	k := p.s.keys
	switch {
	case p.asking:
		return []key.Binding{keys.Described(k.Confirm, "quit anyway"), keys.Described(k.Cancel, "stay")}
	case p.stage == posKeypad:
		return []key.Binding{posDigits, keys.Described(k.EraseChar, "erase"), keys.Described(k.Submit, "charge"),
			keys.Described(k.Cancel, "clear"), keys.Described(k.Unit, "sats/USD")}
	case p.stage == posShowing, p.stage == posCreating:
		return []key.Binding{keys.Described(k.Cancel, "cancel the sale")}
	case p.stage == posFailed:
		return []key.Binding{keys.Described(k.Submit, "new invoice, same amount"), keys.Described(k.Cancel, "back to the keypad")}
	}
	return []key.Binding{keys.Described(k.Submit, "next sale")}
}

func (p *posScreen) fullHelp() [][]key.Binding { return [][]key.Binding{p.shortHelp()} }

// posDigits is the keypad's digits, for the help.
var posDigits = key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("0-9", "amount"))

func (p *posScreen) status() string {
	st := p.s.st
	if p.asking {
		return st.WarnText.Render("An invoice for " + p.saleAmount() + " is unpaid: the payer may be about to pay it. Quit anyway? y quits, any other key stays.")
	}
	if p.problem != "" && p.stage != posFailed { // a failed sale says why in the body
		return st.ErrorText.Render(p.problem)
	}
	if _, ok := p.saleWallet(); !ok && p.wallet != "" && p.s.loaded {
		return st.ErrorText.Render(p.noSuchWallet())
	}
	return st.Status.Render(p.tallyLine())
}

func (p *posScreen) tallyLine() string {
	t := p.tally
	if t.count == 0 {
		return "no sales yet this session · this screen cannot send money"
	}
	line := itoa(t.count) + " sales · " + t.sats.Format(model.UnitSats)
	if t.count == 1 {
		line = "1 sale · " + t.sats.Format(model.UnitSats)
	}
	if t.count > t.unpriced {
		line += " · " + t.cents.String()
		if t.unpriced > 0 {
			line += " (" + itoa(t.unpriced) + " without a price)"
		}
	}
	return line
}

// posCreatedMsg answers the ask for a sale's invoice.
type posCreatedMsg struct {
	id  string
	err error
}

func (p *posScreen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p.key(msg)
	case tea.MouseMsg:
		if k, ok := p.keyAt(msg); ok {
			return p.key(k)
		}
	case posCreatedMsg:
		return p.created(msg)
	case tickMsg:
		return p.tick()
	case paymentMsg:
		return p.paymentArrived(msg)
	}
	return nil
}

// saleWallet is the wallet sales go into: the one asked for (by id or
// name: none else, if it is not there), else the one selected, else the
// first that holds bitcoin.
func (p *posScreen) saleWallet() (model.Wallet, bool) {
	if p.wallet != "" {
		for _, w := range p.s.wallets {
			if w.ID == p.wallet || w.Name == p.wallet {
				return w, true
			}
		}
		return model.Wallet{}, false
	}
	if w, ok := p.s.wallet(p.s.selected); ok {
		return w, true
	}
	for _, w := range p.s.wallets {
		if w.HoldsBitcoin() {
			return w, true
		}
	}
	return model.Wallet{}, false
}

func (p *posScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := p.s.keys
	if p.asking {
		p.asking = false
		if key.Matches(msg, k.Confirm) || key.Matches(msg, k.Interrupt) {
			return tea.Quit
		}
		return nil
	}
	if p.stage == posKeypad && key.Matches(msg, k.Quit) && msg.String() == "q" {
		return tea.Quit // the keypad takes digits only: q is not one, and nothing is unpaid
	}
	switch p.stage {
	case posKeypad:
		return p.keypadKey(msg)
	case posCreating, posShowing:
		if key.Matches(msg, k.Cancel) {
			p.toKeypad(false) // the invoice stays in History, unpaid, and expires there
		}
	case posFailed:
		switch {
		case key.Matches(msg, k.Submit):
			return p.charge()
		case key.Matches(msg, k.Cancel):
			p.toKeypad(false)
		}
	case posPaid:
		p.toKeypad(true)
	}
	return nil
}

func (p *posScreen) keypadKey(msg tea.KeyMsg) tea.Cmd {
	k := p.s.keys
	s := msg.String()
	switch {
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		if p.fresh {
			p.digits, p.fresh = "", false
		}
		if (p.digits != "" || s != "0") && len(p.digits) < posMaxDigits {
			p.digits += s
		}
		p.problem = ""
	case key.Matches(msg, k.EraseChar):
		p.fresh = false
		if p.digits != "" {
			p.digits = p.digits[:len(p.digits)-1]
		}
		p.problem = ""
	case key.Matches(msg, k.Cancel):
		p.digits, p.problem = "", ""
	case key.Matches(msg, k.Unit):
		p.dollars, p.digits, p.problem = !p.dollars, "", ""
	case key.Matches(msg, k.Submit):
		p.fresh = false
		return p.charge()
	}
	return nil
}

// typed is the keypad's amount: in sats, and the dollars it was typed in.
func (p *posScreen) typed() (model.MilliSats, *model.Priced, error) {
	n, _ := strconv.ParseInt(cmp.Or(p.digits, "0"), 10, 64)
	if n == 0 {
		return 0, nil, &model.AmountError{Err: model.ErrAmountZero}
	}
	if !p.dollars {
		if model.Sats(n) > model.MaxMilliSats {
			return 0, nil, &model.AmountError{Err: model.ErrAmountTooLarge}
		}
		return model.Sats(n), nil, nil
	}
	c := model.Cents(n)
	return model.ParsePricedEntry(c.String(), p.s.price.quote)
}

// charge asks for a new invoice for the keypad's amount.
func (p *posScreen) charge() tea.Cmd {
	w, ok := p.saleWallet()
	switch {
	case !ok && p.wallet != "":
		p.problem = p.noSuchWallet()
		return nil
	case !ok:
		p.problem = "there is no wallet to take payments into yet"
		return nil
	}
	m, priced, err := p.typed()
	switch {
	case errors.Is(err, model.ErrNoPrice):
		p.problem = "no dollar price, so no dollar sale: u switches the till to sats" // the line above says why
		return nil
	case err != nil:
		p.problem = err.Error()
		return nil
	}
	memo := "Sale " + itoa(p.tally.count+1)
	if priced != nil {
		memo += " · " + priced.Cents.String()
	}
	req, err := model.NewBolt11Receive(model.ReceiveParams{WalletID: w.ID, Amount: m, Description: memo})
	if err != nil {
		p.problem = err.Error()
		return nil
	}
	p.req, p.amount, p.priced, p.attempts, p.current, p.problem = &req, m, priced, 0, nil, ""
	p.stage = posCreating
	return p.ask()
}

// ask posts the sale's request, under its own id every time.
func (p *posScreen) ask() tea.Cmd {
	req, b := *p.req, p.s.cfg.Backend
	p.attempts++
	return call(func(ctx context.Context) (struct{}, error) { return struct{}{}, b.CreateReceive(ctx, req) },
		func(_ struct{}, err error) tea.Msg { return posCreatedMsg{id: req.ID, err: err} })
}

func (p *posScreen) created(msg posCreatedMsg) tea.Cmd {
	if p.req == nil || msg.id != p.req.ID || p.stage != posCreating {
		return nil // a sale given up on
	}
	if msg.err != nil {
		f := p.s.cfg.Backend.Classify(msg.err)
		switch {
		case f.Type == "payment_exists":
			// An earlier attempt got through: the invoice is Voltage's already.
		case f.Transient || f.Unknown || f.Unreadable:
			p.retryAt = p.s.now.Add(backoff(p.attempts))
			p.problem = "network trouble (" + f.Sentence + "): retrying; the sale keeps its one invoice"
			return nil
		default:
			p.stage, p.problem = posFailed, "Not created: "+f.Sentence
			return nil
		}
	}
	now := p.s.now
	pay := model.Payment{ID: p.req.ID, WalletID: p.req.WalletID, Direction: model.Receive, Kind: model.Bolt11,
		Status: model.StatusGenerating, CreatedAt: now, UpdatedAt: now,
		RequestedAmount: &model.Amount{Amount: int64(p.amount), Currency: model.BTC}}
	p.current, p.stage, p.problem, p.retryAt = &pay, posShowing, "", time.Time{}
	p.open[pay.ID] = p.priced
	w := watchMsg{id: pay.ID, created: now, status: pay.Status}
	return func() tea.Msg { return w }
}

func (p *posScreen) tick() tea.Cmd {
	switch {
	case p.stage == posCreating && !p.retryAt.IsZero() && !p.s.now.Before(p.retryAt):
		p.retryAt = time.Time{}
		return p.ask()
	case p.stage == posPaid && !p.s.now.Before(p.paidAt.Add(posPaidFor)):
		p.toKeypad(true)
	}
	return nil
}

func (p *posScreen) paymentArrived(msg paymentMsg) tea.Cmd {
	if priced, open := p.open[msg.id]; open && msg.err == nil && msg.payment.Status.IsFinal() &&
		(p.current == nil || msg.id != p.current.ID) {
		delete(p.open, msg.id) // a sale given up on, paid (or ended) after all
		if msg.payment.Status == model.StatusCompleted {
			p.count(msg.payment, priced)
		}
		return nil
	}
	if p.current == nil || msg.id != p.current.ID || msg.err != nil {
		return nil
	}
	if !model.CanTransition(model.Receive, p.current.Status, msg.payment.Status) {
		return nil
	}
	pay := msg.payment
	p.current = &pay
	if bad := p.expiry.mismatch(pay); bad != "" && pay.Status == model.StatusReceiving {
		p.stage, p.problem, p.asking = posFailed, bad, false
		return nil
	}
	switch pay.Status {
	case model.StatusCompleted:
		if p.stage == posShowing {
			p.stage, p.paidAt, p.asking = posPaid, p.s.now, false
			delete(p.open, pay.ID)
			p.count(pay, p.priced)
			return bell(p.s)
		}
	case model.StatusExpired:
		p.stage, p.problem, p.asking = posFailed, "The invoice expired unpaid.", false
		delete(p.open, pay.ID)
	case model.StatusFailed:
		why := "it could not be created"
		if pay.Error != nil {
			why = pay.Error.Explain()
		}
		p.stage, p.problem, p.asking = posFailed, "The invoice failed: "+why, false
		delete(p.open, pay.ID)
	}
	return nil
}

// count adds a sale to the tally, in dollars at the price it was made at:
// typed in dollars, those; typed in sats, their worth at the quote then.
func (p *posScreen) count(pay model.Payment, priced *model.Priced) {
	t := &p.tally
	m := pay.Amount()
	t.count++
	t.sats += m
	switch {
	case priced != nil:
		t.cents += priced.Cents
	case p.s.price.quote != nil:
		t.cents += p.s.price.quote.Cents(m)
	default:
		t.unpriced++
	}
}

// toKeypad goes back for the next sale; cleared after a sale, kept after
// one given up on, so that the same amount can be charged again.
func (p *posScreen) toKeypad(clear bool) {
	p.stage, p.current, p.req, p.problem, p.retryAt, p.asking = posKeypad, nil, nil, "", time.Time{}, false
	p.fresh = !clear && p.digits != ""
	if clear {
		p.digits, p.priced = "", nil
	}
}

// noSuchWallet says the wallet asked for is not among the wallets.
func (p *posScreen) noSuchWallet() string {
	return "there is no wallet " + strconv.Quote(model.CleanText(p.wallet)) + " (--wallet takes a name or id)"
}

// quitGuard is a screen that may ask before the dashboard quits.
type quitGuard interface {
	// quitting is asked on q or ctrl+c; handled: the screen asked the
	// user instead, and the key is spent.
	quitting() (cmd tea.Cmd, handled bool)
}

// NewPOS is the point of sale run alone (voltdash pos): one screen, which
// receives and never sends; its backend refuses sends as well, so no key
// or bug can pay from a till left on a counter.
func NewPOS(cfg Config, o POSOptions) *App {
	cfg.Backend = receiveOnly{cfg.Backend}
	a := New(cfg)
	a.alone = true
	a.setScreens(newPOS(a.s, o, true))
	return a
}

// receiveOnly is a backend that cannot send.
type receiveOnly struct{ port.Backend }

var errPOSCannotSend = errors.New("the point of sale cannot send money")

func (receiveOnly) Send(_ context.Context, rec model.SendRecord) (model.SendRecord, error) {
	return rec, errPOSCannotSend
}
func (receiveOnly) Resend(context.Context, string) (model.SendRecord, error) {
	return model.SendRecord{}, errPOSCannotSend
}
func (receiveOnly) CheckPayment(context.Context, model.SendRequest) error { return errPOSCannotSend }

// saleAmount is the sale under way, as its code shows it.
func (p *posScreen) saleAmount() string {
	what := p.amount.Format(model.UnitSats)
	if p.priced != nil {
		what = p.priced.Cents.String() + " (" + what + ")"
	}
	return what
}

// unpaid reports an invoice a payer may be about to pay.
func (p *posScreen) unpaid() bool { return p.stage == posCreating || p.stage == posShowing }

// quitting asks before leaving with an invoice unpaid; handled reports
// that the screen took the key.
func (p *posScreen) quitting() (cmd tea.Cmd, handled bool) {
	if !p.unpaid() || p.asking {
		return nil, false
	}
	p.asking = true
	return nil, true
}

func (p *posScreen) wake(now time.Time, shown bool) time.Time {
	w := time.Time{}
	switch p.stage {
	case posCreating:
		w = earliest(p.retryAt, frameIf(shown, now))
	case posShowing:
		w = frameIf(shown, now)
	case posPaid:
		w = p.paidAt.Add(posPaidFor)
	}
	return w
}

// keyAt is the keypad key under a click, as a key press.
func (p *posScreen) keyAt(msg tea.MouseMsg) (tea.KeyMsg, bool) {
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return tea.KeyMsg{}, false
	}
	if p.stage != posKeypad {
		return tea.KeyMsg{Type: tea.KeyEnter}, p.stage == posPaid
	}
	pad := p.padLayout()
	col, row := (msg.X-pad.x)/pad.keyW, (msg.Y-pad.y)/pad.keyH
	if msg.X < pad.x || msg.Y < pad.y || col >= 3 || row >= 4 {
		return tea.KeyMsg{}, false
	}
	label := posKeys[row][col]
	switch label {
	case "⌫":
		return tea.KeyMsg{Type: tea.KeyBackspace}, true
	case "↵":
		return tea.KeyMsg{Type: tea.KeyEnter}, true
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(label)}, true
}

// posKeys is the keypad, as drawn.
var posKeys = [4][3]string{{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"⌫", "0", "↵"}}

// shown is the keypad's amount as the till shows it: "$4.50", "4,500".
func (p *posScreen) shown() string {
	n, _ := strconv.ParseInt(cmp.Or(p.digits, "0"), 10, 64)
	if p.dollars {
		return model.Cents(n).String()
	}
	return model.Sats(n).FormatSats()
}
