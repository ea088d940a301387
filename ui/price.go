package ui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// priceEvery is how often the quote is read while dollars are in use: the
// price service quotes by the minute.
const priceEvery = time.Minute

// priceTimeout bounds one ask; the price client has its own, shorter one.
const priceTimeout = 10 * time.Second

// priceState is the dashboard's latest BTCUSD quote and how asking for it
// goes. A quote is kept when a later ask fails, and shown with its age.
type priceState struct {
	quote   *model.Quote
	ask     schedule
	problem string // why the last ask failed; "" once one succeeds
	told    bool   // the user was told, once, that dollars are unavailable
}

// priceMsg is a quote, or why there is none.
type priceMsg struct {
	quote model.Quote
	err   error
}

func fetchPrice(p port.Prices) tea.Cmd {
	return callWithin(priceTimeout, func(ctx context.Context) (model.Quote, error) { return p.Quote(ctx, time.Time{}) },
		func(q model.Quote, err error) tea.Msg { return priceMsg{q, err} })
}

// takesDollars is a screen where amounts may be typed in dollars, or are
// shown in them whatever the unit: it wants a quote while it is shown.
type takesDollars interface{ takesDollars() bool }

// wantsPrice reports that a quote is in use: the unit is dollars, or the
// screen shown takes them. Nothing is asked of the price service
// otherwise.
func (a *App) wantsPrice() bool {
	if a.s.cfg.Prices == nil {
		return false
	}
	if a.s.unit == model.UnitUSD {
		return true
	}
	t, ok := a.screens[a.active].(takesDollars)
	return ok && t.takesDollars()
}

// priceDue starts an ask when one is wanted and due.
func (a *App) priceDue(now time.Time) tea.Cmd {
	if !a.wantsPrice() || !a.s.price.ask.ready(now) {
		return nil
	}
	a.s.price.ask.start(now)
	return fetchPrice(a.s.cfg.Prices)
}

// priceWake is when the next ask falls due, while one is wanted.
func (a *App) priceWake() time.Time {
	if !a.wantsPrice() {
		return time.Time{}
	}
	return a.s.price.ask.wakeAt()
}

func (a *App) priceArrived(msg priceMsg) tea.Cmd {
	p := &a.s.price
	p.ask.done(a.s.now, msg.err != nil)
	if msg.err != nil {
		p.problem = model.CleanText(msg.err.Error())
		if a.s.unit == model.UnitUSD && !p.told && p.quote == nil {
			p.told = true
			a.toast, a.toastEnd = "No dollar price ("+p.problem+"): showing sats.", a.s.now.Add(noticeFor)
		}
		return nil
	}
	q := msg.quote
	changed := p.quote == nil || *p.quote != q
	p.quote, p.problem, p.told = &q, "", false
	if !changed {
		return nil
	}
	return a.broadcast(unitChangedMsg{}) // every figure in dollars moved with it
}

// unitLabel is the unit in the header: in dollars, the price that makes
// them and its age once it is old; asked for dollars with no price,
// the sats shown instead, and why.
func (a *App) unitLabel() string {
	l := a.s.lens()
	if a.s.unit != model.UnitUSD {
		return l.Name()
	}
	if l.Quote == nil {
		if a.s.cfg.Prices == nil {
			return "sats (no price service)"
		}
		if a.s.price.problem != "" {
			return "sats (no price)"
		}
		return "sats (getting the price…)"
	}
	label := "USD at " + l.Quote.Price.String()
	if age := l.Quote.Age(a.s.now); age != "" {
		label += ", " + age
	}
	return label
}

// quoteLine names the quote that converts amounts typed in dollars, for
// the forms that take them: which price made an invoice is always said.
func quoteLine(s *session) string {
	if s.price.quote == nil {
		if s.cfg.Prices == nil {
			return "no price service: amounts in sats"
		}
		if s.price.problem != "" {
			return "no price (" + s.price.problem + "): amounts in sats only"
		}
		return "getting the BTCUSD price…"
	}
	line := "at " + s.price.quote.String()
	if age := s.price.quote.Age(s.now); age != "" {
		line += " (" + age + ")"
	}
	return line
}

// pricedEntry reads an amount field: sats, bitcoin, or dollars at the
// session's quote; priced is the dollars and the quote, when typed in
// dollars, for the screen to say which price made the amount.
func pricedEntry(s *session, text string) (m model.MilliSats, priced *model.Priced, err error) {
	m, priced, err = model.ParsePricedEntry(text, s.price.quote)
	return m, priced, noPriceWhy(s, err)
}

// noPriceWhy says why there is no price, where dollars needed one.
func noPriceWhy(s *session, err error) error {
	if errors.Is(err, model.ErrNoPrice) && s.price.problem != "" {
		return errors.New("no dollar price (" + s.price.problem + "): give the amount in sats")
	}
	return err
}

// dollarHint converts an amount being typed in dollars, or says why it
// cannot; "" when the text is not in dollars.
func dollarHint(s *session, text string) string {
	e, err := model.ParseEntry(text)
	if err != nil || !e.Dollars {
		return ""
	}
	m, err := e.At(s.price.quote)
	if err != nil {
		return quoteLine(s)
	}
	return "= " + m.Format(model.UnitSats) + " " + quoteLine(s)
}
