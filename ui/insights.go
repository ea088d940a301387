package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// The Insights screen: money in and out over a range, fees, success
// rates, failure reasons and the balance line, for the selected wallet or
// all, and whether each wallet's ledger accounts for its balance. It reads
// the range's payments and the wallets' ledgers a page at a time while it
// is shown, keeps what it read, and adds payments as they change.

// insightRanges are the ranges ←/→ step through, each with its bars'
// period.
var insightRanges = []struct {
	label  string
	span   time.Duration
	period model.Period
}{
	{"24 h", 24 * time.Hour, model.PeriodHour},
	{"7 d", 7 * 24 * time.Hour, model.PeriodDay},
	{"30 d", 30 * 24 * time.Hour, model.PeriodDay},
	{"90 d", 90 * 24 * time.Hour, model.PeriodWeek},
}

// insightPages bounds what one view reads: the range's payments and each
// wallet's ledger, pageSize at a time. Past it the screen says the figures
// are of what was read.
const insightPages = 50

type insightsScreen struct {
	s             *session
	width, height int
	rangeIdx      int

	// What is built, and for what: a new wallet or range reads afresh.
	in            *model.Insights
	forWho        string
	forRange      int
	seq           int
	wanted        bool // shown since the last read: read when the clock next ticks
	loading       bool
	read          int // payments read so far
	pages         int
	cut           bool // insightPages reached: figures are of the newest payments only
	problem       string
	ledgers       map[string][]model.LedgerEvent // by wallet, whole
	pending       []string                       // wallets whose ledgers are still to read
	recon         []model.Reconciliation
	ledgerEntries int
	// counted is how many payments Voltage says were made in the range
	// (get_payment_summary, or get_wallet_payment_summary for one wallet),
	// beside how many were read: policy checks are among them, and a read
	// cut short shows.
	counted *uint64

	// version counts changes to what is drawn; a frame with nothing new
	// is the one drawn before (bars are a styled cell each).
	version int
	drawn   insightsFrame
}

// insightsFrame is a frame drawn, and what it was drawn from.
type insightsFrame struct {
	version, width, height int
	lens                   model.Lens
	text                   string
}

func newInsights(s *session) *insightsScreen {
	return &insightsScreen{s: s, rangeIdx: 1, forRange: -1}
}

func (v *insightsScreen) title() string             { return "Insights" }
func (v *insightsScreen) capturing() bool           { return false }
func (v *insightsScreen) setSize(w, h int)          { v.width, v.height = w, h }
func (v *insightsScreen) fullHelp() [][]key.Binding { return [][]key.Binding{v.shortHelp()} }
func (v *insightsScreen) entered()                  { v.wanted = true }
func (v *insightsScreen) shortHelp() []key.Binding {
	k := v.s.keys
	return []key.Binding{keys.Described(k.PrevChoice, "shorter range"), keys.Described(k.NextChoice, "longer range"),
		keys.Described(k.Refresh, "read again")}
}

func (v *insightsScreen) status() string {
	st := v.s.st
	switch {
	case v.problem != "":
		return st.ErrorText.Render("Could not read: " + v.problem + " " + keyName(v.s.keys.Refresh) + " tries again.")
	case v.loading:
		return st.Status.Render(spinner(v.s.now) + " reading payments and ledgers: " + itoa(v.read) + " payments so far")
	case v.cut:
		return st.WarnText.Render("figures are of the newest " + itoa(v.read) + " payments of the range: voltdash report reads them all")
	}
	line := "payments are added as they change · " + keyName(v.s.keys.Refresh) + " reads everything again"
	if v.counted != nil {
		line = "Voltage counts " + itoa(int(*v.counted)) + " payments made in the range (checks included); " + itoa(v.read) + " read · " + line
	}
	return st.Status.Render(fit(line, v.width, false))
}

// wake asks for the clock when a read is wanted (the screen was entered)
// or a spinner turns.
func (v *insightsScreen) wake(now time.Time, shown bool) time.Time {
	if shown && v.wanted && !v.loading { // not on stale() alone: a range that cannot be built would wake it for ever
		return now.Add(minWake)
	}
	return frameIf(shown && v.loading, now)
}

// stale reports figures built for another wallet or range than shown.
func (v *insightsScreen) stale() bool {
	return v.forWho != v.s.selected || v.forRange != v.rangeIdx
}

// Messages of the Insights screen.
type (
	insightPaymentsMsg struct {
		seq  int
		page model.Page[model.Payment]
		err  error
	}
	insightCountMsg struct {
		seq int
		n   uint64
		err error
	}
	insightLedgerMsg struct {
		seq    int
		wallet string
		events []model.LedgerEvent
		err    error
	}
)

func (v *insightsScreen) update(msg tea.Msg) tea.Cmd {
	v.version++ // cheap, and safe: most messages change nothing drawn, but a frame is only reused while none came
	switch msg := msg.(type) {
	case tea.KeyMsg:
		k := v.s.keys
		switch {
		case key.Matches(msg, k.PrevChoice) && v.rangeIdx > 0:
			v.rangeIdx--
			return v.start()
		case key.Matches(msg, k.NextChoice) && v.rangeIdx < len(insightRanges)-1:
			v.rangeIdx++
			return v.start()
		}
	case tickMsg:
		if v.wanted && (v.stale() || v.in == nil) && !v.loading {
			return v.start()
		}
		v.wanted = false
	case refreshMsg:
		if v.in != nil {
			return v.start()
		}
	case insightPaymentsMsg:
		return v.paymentsArrived(msg)
	case insightLedgerMsg:
		return v.ledgerArrived(msg)
	case insightCountMsg:
		if msg.seq == v.seq && msg.err == nil {
			n := msg.n
			v.counted = &n
		}
	case paymentMsg:
		if v.in != nil && msg.err == nil && !v.stale() && (v.s.selected == "" || msg.payment.WalletID == v.s.selected) {
			v.in.Add(msg.payment) // outside the range it changes nothing
		}
	}
	return nil
}

// start reads the shown range afresh: its payments, newest first, then
// the wallets' ledgers.
func (v *insightsScreen) start() tea.Cmd {
	r := insightRanges[v.rangeIdx]
	to := v.s.now
	from := r.period.Floor(to.Add(-r.span), time.Local)
	in, err := model.NewInsights(from, r.period.Next(r.period.Floor(to, time.Local), time.Local), r.period, time.Local)
	if err != nil {
		v.problem = err.Error()
		return nil
	}
	v.seq++
	v.in, v.forWho, v.forRange, v.wanted = in, v.s.selected, v.rangeIdx, false
	v.loading, v.read, v.pages, v.cut, v.problem = true, 0, 0, false, ""
	v.ledgers, v.recon, v.pending, v.counted = map[string][]model.LedgerEvent{}, nil, nil, nil
	for _, w := range v.s.wallets {
		if w.HoldsBitcoin() && (v.s.selected == "" || w.ID == v.s.selected) {
			v.pending = append(v.pending, w.ID)
		}
	}
	return readInsightPayments(v.s.cfg.Backend, v.s.selected, from, 0, v.seq)
}

func readInsightPayments(b port.Backend, wallet string, from time.Time, offset, seq int) tea.Cmd {
	f := model.PaymentFilter{WalletID: wallet, Start: from, Limit: pageSize, Offset: offset}
	return call(func(ctx context.Context) (model.Page[model.Payment], error) { return b.ListPayments(ctx, f) },
		func(p model.Page[model.Payment], err error) tea.Msg { return insightPaymentsMsg{seq, p, err} })
}

// readLedger reads a wallet's whole ledger, oldest first, up to
// insightPages pages: reconciliation needs every entry.
func readLedger(b port.Backend, wallet string, seq int) tea.Cmd {
	return call(func(ctx context.Context) ([]model.LedgerEvent, error) {
		var all []model.LedgerEvent
		f := model.LedgerFilter{Limit: model.MaxPageLimit, SortOrder: model.Ascending}
		for range insightPages {
			page, err := b.WalletLedger(ctx, wallet, f)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Items...)
			if !page.More() || len(page.Items) == 0 {
				return all, nil
			}
			f.Offset += len(page.Items)
		}
		return all, errLedgerTooLong
	}, func(events []model.LedgerEvent, err error) tea.Msg { return insightLedgerMsg{seq, wallet, events, err} })
}

var errLedgerTooLong = ledgerTooLong{}

type ledgerTooLong struct{}

func (ledgerTooLong) Error() string { return "the ledger is longer than this screen reads" }

func (v *insightsScreen) paymentsArrived(msg insightPaymentsMsg) tea.Cmd {
	if msg.seq != v.seq || !v.loading {
		return nil
	}
	if msg.err != nil {
		v.loading, v.problem = false, v.s.cfg.Backend.Classify(msg.err).Sentence
		return nil
	}
	for _, p := range msg.page.Items {
		v.in.Add(p)
	}
	v.read += len(msg.page.Items)
	v.pages++
	switch {
	case msg.page.More() && len(msg.page.Items) > 0 && v.pages < insightPages:
		from, _, _, _ := v.in.Range()
		return readInsightPayments(v.s.cfg.Backend, v.forWho, from, v.read, v.seq)
	case msg.page.More():
		v.cut = len(msg.page.Items) > 0 // a page that brings nothing ends the read, as History's does
	}
	from, to, _, _ := v.in.Range()
	return tea.Batch(v.nextLedger(), countInRange(v.s.cfg.Backend, v.forWho, from, to, v.seq))
}

// countInRange asks Voltage how many payments were made in the range.
func countInRange(b port.Backend, wallet string, from, to time.Time, seq int) tea.Cmd {
	f := model.PaymentSummaryFilter{Start: from, End: to.Add(-time.Second)}
	return call(func(ctx context.Context) (uint64, error) {
		if wallet != "" {
			s, err := b.WalletPaymentSummary(ctx, wallet, f)
			return s.TotalCount, err
		}
		s, err := b.PaymentSummary(ctx, f)
		return s.TotalCount, err
	}, func(n uint64, err error) tea.Msg { return insightCountMsg{seq, n, err} })
}

func (v *insightsScreen) nextLedger() tea.Cmd {
	if len(v.pending) == 0 {
		v.loading = false
		v.balanceLine()
		return nil
	}
	w := v.pending[0]
	v.pending = v.pending[1:]
	return readLedger(v.s.cfg.Backend, w, v.seq)
}

func (v *insightsScreen) ledgerArrived(msg insightLedgerMsg) tea.Cmd {
	if msg.seq != v.seq || !v.loading {
		return nil
	}
	if msg.err == nil {
		v.ledgers[msg.wallet] = msg.events
	} else if msg.err != errLedgerTooLong {
		v.problem = v.s.cfg.Backend.Classify(msg.err).Sentence
	}
	return v.nextLedger()
}

// balanceLine gives the insights the ledgers read, summed, from the
// balances the wallets report; and reconciles each wallet.
func (v *insightsScreen) balanceLine() {
	var events []model.LedgerEvent
	v.recon = v.recon[:0]
	for _, w := range v.s.wallets {
		ledger, ok := v.ledgers[w.ID]
		if !ok {
			continue
		}
		v.recon = append(v.recon, model.Reconcile(w, ledger))
		events = append(events, ledger...)
	}
	if len(v.ledgers) > 0 {
		v.in.SetLedger(0, events) // whole ledgers: they open at nothing
	}
	v.ledgerEntries = len(events)
}
