package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// In dollars, History and the payment detail show what each payment was
// worth at its own minute. Those quotes are asked for lazily, for the
// rows on screen only, a few at a time, and kept: a minute's price never
// changes.

// thenAsking is how many minutes' quotes may be asked for at once.
const thenAsking = 4

// thenKept bounds the minutes kept.
const thenKept = 4096

// thenPrices is the quotes of past minutes, by minute.
type thenPrices struct {
	quotes map[time.Time]thenQuote
	asking int
}

type thenQuote struct {
	quote  *model.Quote
	asking bool
	failed bool // none to be had: shown as "—", asked again no more this session
}

// priceAtMsg is a past minute's quote, or why there is none.
type priceAtMsg struct {
	minute time.Time
	quote  model.Quote
	err    error
}

func fetchPriceAt(p port.Prices, minute time.Time) tea.Cmd {
	return callWithin(priceTimeout, func(ctx context.Context) (model.Quote, error) { return p.Quote(ctx, minute) },
		func(q model.Quote, err error) tea.Msg { return priceAtMsg{minute: minute, quote: q, err: err} })
}

// ask asks for the minutes not known yet, as many as may go at once.
func (t *thenPrices) ask(p port.Prices, minutes []time.Time) tea.Cmd {
	if p == nil {
		return nil
	}
	if t.quotes == nil {
		t.quotes = map[time.Time]thenQuote{}
	}
	var cmds []tea.Cmd
	for _, m := range minutes {
		if t.asking >= thenAsking {
			break
		}
		if _, known := t.quotes[m]; known {
			continue
		}
		t.quotes[m] = thenQuote{asking: true}
		t.asking++
		cmds = append(cmds, fetchPriceAt(p, m))
	}
	return tea.Batch(cmds...)
}

// arrived keeps a minute's quote; the next visible minutes may go then.
func (t *thenPrices) arrived(msg priceAtMsg) {
	if t.quotes == nil {
		return
	}
	if q, ok := t.quotes[msg.minute]; !ok || !q.asking {
		return // not asked for, or dropped since
	}
	t.asking--
	if len(t.quotes) >= thenKept {
		t.forget()
	}
	if msg.err != nil || !msg.quote.Minute.Equal(msg.minute) {
		t.quotes[msg.minute] = thenQuote{failed: true}
		return
	}
	q := msg.quote
	t.quotes[msg.minute] = thenQuote{quote: &q}
}

// forget drops every quote kept but those asked for: the rows on screen
// ask again for theirs.
func (t *thenPrices) forget() {
	for m, q := range t.quotes {
		if !q.asking {
			delete(t.quotes, m)
		}
	}
}

// value is what m was worth at minute, in dollars: "…" while asked for,
// "—" when there is no price for it.
func (t *thenPrices) value(m model.MilliSats, minute time.Time) string {
	q, ok := t.quotes[minute]
	switch {
	case !ok || q.asking:
		return "…"
	case q.failed:
		return "—"
	}
	return q.quote.Cents(m).String()
}

// thenShown reports that values at their own minute are shown: dollars,
// with a price service.
func thenShown(s *session) bool { return s.cfg.Prices != nil && s.unit == model.UnitUSD }

// thenMinutes is the minutes of the payments on screen, whose values at
// their own minute are shown: the detail's one, or the rows'.
func (h *historyScreen) thenMinutes() []time.Time {
	if h.detail != nil {
		return []time.Time{model.PriceMinute(h.detail.p.CreatedAt)}
	}
	if h.columns().then == 0 {
		return nil
	}
	var out []time.Time
	for pos, end := h.offset, min(h.offset+h.listHeight(), h.shownLen()); pos < end; pos++ {
		if p := h.rows[h.rowAt(pos)].p; p.Supported() {
			out = append(out, model.PriceMinute(p.CreatedAt))
		}
	}
	return out
}

// askThen asks for the quotes of the minutes on screen, in dollars.
func (h *historyScreen) askThen() tea.Cmd {
	if !thenShown(h.s) {
		return nil
	}
	return h.then.ask(h.s.cfg.Prices, h.thenMinutes())
}

// thenCell is a row's value at its own minute, signed as its amount is.
func (h *historyScreen) thenCell(p model.Payment) string {
	if !p.Supported() {
		return ""
	}
	v := h.then.value(p.Amount(), model.PriceMinute(p.CreatedAt))
	if v == "…" || v == "—" {
		return v
	}
	if p.Direction == model.Send {
		return "−" + v
	}
	return "+" + v
}
