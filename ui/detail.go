package ui

import (
	"context"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/keys"
	"github.com/voltdash/voltdash/model"
)

// detail shows one payment whole: every field, its event history and its
// ledger entries.
type detail struct {
	s             *session
	p             model.Payment
	events        []model.PaymentEvent
	ledger        []model.LedgerEvent
	loaded        bool
	loadErr       string
	scroll        int
	width, height int
	then          *thenPrices // History's: the payment's value at its own minute
}

func newDetail(s *session, p model.Payment) *detail { return &detail{s: s, p: p} }

func (d *detail) setSize(w, h int) { d.width, d.height = w, h }

// detailMsg carries the event history and ledger entries of a payment.
type detailMsg struct {
	id     string
	events []model.PaymentEvent
	ledger []model.LedgerEvent
	err    error
}

func (d *detail) load() tea.Cmd {
	b, id, wallet := d.s.cfg.Backend, d.p.ID, d.p.WalletID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		h, err := b.PaymentHistory(ctx, id)
		if err != nil {
			return detailMsg{id: id, err: err}
		}
		l, err := b.WalletLedger(ctx, wallet, model.LedgerFilter{PaymentID: id, SortOrder: model.Ascending})
		return detailMsg{id: id, events: h.Events, ledger: l.Items, err: err}
	}
}

// update handles the pane's messages; closed is true when the user leaves.
func (d *detail) update(msg tea.Msg) (closed bool, cmd tea.Cmd) {
	k := d.s.keys
	switch msg := msg.(type) {
	case detailMsg:
		if msg.id == d.p.ID {
			d.loaded, d.events, d.ledger = true, msg.events, msg.ledger
			sort.Slice(d.events, func(i, j int) bool { return d.events[i].Position < d.events[j].Position })
			if msg.err != nil {
				d.loadErr = d.s.cfg.Backend.Classify(msg.err).Sentence
			}
		}
	case paymentMsg:
		if msg.err == nil && msg.id == d.p.ID && msg.payment.Status != d.p.Status {
			return false, d.load() // its history grew
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, k.Back):
			return true, nil
		case key.Matches(msg, k.Up):
			d.scroll = max(d.scroll-1, 0)
		case key.Matches(msg, k.Down):
			d.scroll++
		case key.Matches(msg, k.PageUp):
			d.scroll = max(d.scroll-d.height, 0)
		case key.Matches(msg, k.PageDown):
			d.scroll += d.height
		case key.Matches(msg, k.CopyID):
			return false, copyCmd(d.s.cfg.Terminal, "payment id", d.p.ID)
		case key.Matches(msg, k.CopyInvoice):
			if d.p.Invoice() == "" && d.p.Address() != "" {
				return false, copyCmd(d.s.cfg.Terminal, "address", d.p.Address())
			}
			return false, copyCmd(d.s.cfg.Terminal, "invoice", d.p.Invoice())
		case key.Matches(msg, k.CopyPreimage):
			return false, copyCmd(d.s.cfg.Terminal, "preimage", d.p.Preimage())
		}
	case tea.MouseMsg:
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			d.scroll = max(d.scroll-3, 0)
		case tea.MouseButtonWheelDown:
			d.scroll += 3
		}
	}
	return false, nil
}

func (d *detail) shortHelp() []key.Binding {
	k := d.s.keys
	return []key.Binding{keys.Described(k.Back, "back"), k.CopyID, k.CopyInvoice, k.CopyPreimage}
}

func (d *detail) fullHelp() [][]key.Binding {
	k := d.s.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Back, k.CopyID, k.CopyInvoice, k.CopyPreimage}}
}

func (d *detail) status() string {
	return d.s.st.Status.Render("payment " + d.p.ID + " · copies go to the clipboard with OSC 52")
}

func (d *detail) view() string {
	lines := d.lines()
	d.scroll = min(d.scroll, max(len(lines)-d.height, 0))
	end := min(d.scroll+d.height, len(lines))
	return strings.Join(lines[d.scroll:end], "\n")
}

// lines is the whole pane, wrapped to the width; view shows a window.
func (d *detail) lines() []string {
	st, p, u := d.s.st, d.p, d.s.lens()
	var out []string
	add := func(label, value string) {
		if value == "" {
			return
		}
		wrapped := strings.Split(wrapWords(value, max(d.width-18, 20)), "\n")
		for i, w := range wrapped {
			if i == 0 {
				out = append(out, st.Label.Render(fit(label, 16, false))+"  "+w)
			} else {
				out = append(out, strings.Repeat(" ", 18)+w)
			}
		}
	}
	head := "Received"
	if p.Direction == model.Send {
		head = "Sent"
	}
	out = append(out, st.BoxTitle.Render(head+" · "+string(p.Kind))+"  "+d.statusBadge(), "")
	if p.TextCleaned {
		out = append(out, st.WarnText.Render("Text in this payment was cleaned for display: escape sequences show as ␛, "+
			"line breaks as ⏎, and invisible characters are left out."), "")
	}
	add("Status", statusWord(p.Status))
	switch {
	case p.Supported():
		add("Amount", money(p.Amount(), u))
		if d.then != nil && thenShown(d.s) {
			minute := model.PriceMinute(p.CreatedAt)
			then := d.then.value(p.Amount(), minute)
			if q, ok := d.then.quotes[minute]; ok && q.quote != nil {
				then += " at " + q.quote.String()
			}
			add("Value then", then+" (when it was made)")
		}
	case p.ValueText() != "unsupported":
		add("Amount", p.ValueText()+" (voltdash counts bitcoin only)")
	default:
		add("Amount", "not shown: "+string(p.Kind)+" payments in "+string(p.Currency)+" are not supported by voltdash")
	}
	if p.RequestedAmount != nil && p.RequestedAmount.MilliSats() != p.Amount() {
		add("Requested", money(p.RequestedAmount.MilliSats(), u))
	}
	if fee, ok := p.Fee(); ok {
		add("Fee", money(fee, u))
	}
	if m := p.MaxFee(); m > 0 {
		add("Fee cap", money(m, u))
	}
	if f := p.ProcessingFee; f != nil {
		add("Processing fee", model.FormatAmount(f.Amount, u)+" ("+basisPoints(f.BasisPoints)+"), Voltage's own")
	}
	if b := p.Breakdown; b != nil {
		add("Breakdown", model.FormatAmount(b.Principal, u)+" principal + "+model.FormatAmount(b.NetworkFee, u)+
			" network fee + "+model.FormatAmount(b.ProcessingFee, u)+" processing fee")
	}
	add("Wallet", d.s.walletName(p.WalletID))
	add("Memo", p.Memo())
	add("Created", p.CreatedAt.Local().Format("2006-01-02 15:04:05"))
	add("Updated", p.UpdatedAt.Local().Format("2006-01-02 15:04:05"))
	add("Payment id", p.ID)
	add("Invoice", p.Invoice())
	add("Address", p.Address())
	if p.Bip21URI != p.Invoice() && p.Bip21URI != "lightning:"+p.Invoice() {
		add("BIP 21", p.Bip21URI)
	}
	add("Preimage", p.Preimage())
	if p.Error != nil {
		add("Why", p.Error.Explain())
	}
	keys := make([]string, 0, len(p.Metadata))
	for k := range p.Metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add("Metadata "+k, p.Metadata[k])
	}
	if len(p.Frozen) > 0 {
		add("Frozen", itoa(len(p.Frozen))+" compliance hold(s)")
	}
	out = append(out, "", st.BoxTitle.Render("Events"))
	out = append(out, d.eventLines()...)
	out = append(out, "", st.BoxTitle.Render("Ledger"))
	return append(out, d.ledgerLines()...)
}

// spins reports a spinner in the pane: the payment is not final, or its
// events are loading.
func (d *detail) spins() bool {
	return !d.p.Final() || (!d.loaded && d.loadErr == "")
}

func (d *detail) statusBadge() string {
	st := d.s.st
	switch {
	case d.p.IsPolicyCheck() && d.p.Status == model.StatusApproved:
		return st.Success.Render("✓ policy check passed") + st.Muted.Render(" · a check made before a send; nothing was sent")
	case d.p.IsPolicyCheck() && d.p.Status.IsFinal():
		return st.Failure.Render("✗ policy check refused") + st.Muted.Render(" · nothing was sent")
	case d.p.Status.Succeeded():
		return st.Success.Render("✓ completed")
	case d.p.Status.IsFinal():
		return st.Failure.Render("✗ " + string(d.p.Status))
	}
	return st.Pending.Render(spinner(d.s.now) + " " + statusWord(d.p.Status))
}

func (d *detail) eventLines() []string {
	st := d.s.st
	switch {
	case d.loadErr != "":
		return []string{st.ErrorText.Render("  " + d.loadErr)}
	case !d.loaded:
		return []string{st.Muted.Render("  " + spinner(d.s.now) + " loading…")}
	case len(d.events) == 0:
		return []string{st.Muted.Render("  none recorded")}
	}
	var out []string
	for _, e := range d.events {
		line := "  " + e.Time.Local().Format("15:04:05.000") + "  " + e.EventType
		if e.Error != "" {
			line += st.ErrorText.Render("  " + string(e.Error))
		}
		out = append(out, line)
	}
	return out
}

func (d *detail) ledgerLines() []string {
	st, u := d.s.st, d.s.lens()
	switch {
	case d.loadErr != "" || !d.loaded:
		return []string{st.Muted.Render("  —")}
	case len(d.ledger) == 0:
		return []string{st.Muted.Render("  no entries (the payment moved no money)")}
	}
	var out []string
	for _, e := range d.ledger {
		amt := ""
		if m := e.Msats(); m != 0 {
			amt = money(m, u)
		}
		out = append(out, "  "+e.EffectiveTime.Local().Format("15:04:05.000")+"  "+fit(string(e.Type), 9, false)+" "+amt)
	}
	return out
}
