package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// fakePrices quotes a fixed price, or fails, and counts the asks.
type fakePrices struct {
	mu    sync.Mutex
	price model.Price
	err   error
	asks  int
	clk   clock.Clock
	at    []time.Time // the minutes asked for, past ones only
}

func (f *fakePrices) Quote(_ context.Context, at time.Time) (model.Quote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asks++
	if f.err != nil {
		return model.Quote{}, f.err
	}
	price := f.price
	if at.IsZero() {
		at = f.clk.Now()
	} else {
		f.at = append(f.at, at)
		price += model.Price(at.Minute()) * model.PriceUnit * 1000 // a price of its own each minute
	}
	return model.Quote{Pair: model.PricePair, Minute: model.PriceMinute(at), Price: price}, nil
}

func (f *fakePrices) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.asks
}

// pricedApp is testApp with a price service: $100,000 a bitcoin, so that
// a sat is a tenth of a cent.
func pricedApp(t *testing.T) (*App, *fakePrices) {
	a, _ := testApp(t, 120, 40)
	p := &fakePrices{price: 100_000 * model.PriceUnit, clk: a.s.cfg.Clock}
	a.s.cfg.Prices = p
	return a, p
}

func TestReceiveTakesDollarsAtTheQuoteAndSaysWhichPrice(t *testing.T) {
	a, prices := pricedApp(t)
	press(a, walletsLoaded(t))
	if prices.count() != 0 {
		t.Fatalf("the price was asked for %d times with nothing in dollars", prices.count())
	}
	press(a, keyPress("3"))
	if prices.count() != 1 || a.s.price.quote == nil {
		t.Fatalf("Receive takes dollars: one ask expected, got %d (quote %v)", prices.count(), a.s.price.quote)
	}
	r := a.screens[2].(*receiveScreen)
	r.amount.input.SetValue("$4.50")
	r.hintAmount()
	if !strings.Contains(a.View(), "= 4,500 sats at BTCUSD $100,000.00 at 14:03 UTC") {
		t.Fatalf("the conversion is not shown as it is typed:\n%s", a.View())
	}
	req, ok := r.check()
	if !ok {
		t.Fatalf("refused: %q", r.amount.err)
	}
	if m, _ := req.RequestedMsats(); m != model.Sats(4500) {
		t.Fatalf("$4.50 at $100,000 asked for %v", m)
	}
	send(a, receiveCreatedMsg{req: req})
	if v := a.View(); !strings.Contains(v, "$4.50 (4,500 sats)") && !strings.Contains(v, "4,500 sats") || !strings.Contains(v, "$4.50 at BTCUSD $100,000.00 at 14:03 UTC") {
		t.Fatalf("the receive does not say which price made it:\n%s", v)
	}
}

func TestDollarsWithoutAPriceAreRefusedAtTheField(t *testing.T) {
	a, prices := pricedApp(t)
	prices.err = errors.New("the price service did not answer within 5s")
	press(a, walletsLoaded(t), keyPress("3"))
	r := a.screens[2].(*receiveScreen)
	r.amount.input.SetValue("$5")
	if _, ok := r.check(); ok {
		t.Fatal("dollars were taken with no price")
	}
	if !strings.Contains(r.amount.err, "no dollar price (the price service did not answer within 5s): give the amount in sats") {
		t.Fatalf("error = %q", r.amount.err)
	}
	r.amount.input.SetValue("5000")
	if _, ok := r.check(); !ok {
		t.Fatalf("sats refused without a price: %q", r.amount.err)
	}
}

func TestUnitCyclesToDollarsAndSaysWhenThereIsNoPrice(t *testing.T) {
	a, _ := pricedApp(t)
	press(a, walletsLoaded(t), keyPress("u"))
	if !strings.Contains(a.View(), "all wallets · BTC") {
		t.Fatalf("u once: BTC\n%s", a.View())
	}
	press(a, keyPress("u"))
	if v := a.View(); !strings.Contains(v, "all wallets · USD at $100,000.00") {
		t.Fatalf("u twice: USD with its price\n%s", v)
	}
	press(a, keyPress("u"))
	if !strings.Contains(a.View(), "all wallets · sats") {
		t.Fatalf("u thrice: sats again\n%s", a.View())
	}

	b, failing := pricedApp(t)
	failing.err = errors.New("the price service is unreachable")
	press(b, walletsLoaded(t), keyPress("u"), keyPress("u"))
	v := b.View()
	if !strings.Contains(v, "sats (no price)") || !strings.Contains(v, "No dollar price (the price service is unreachable): showing sats.") {
		t.Fatalf("no price: says so and shows sats\n%s", v)
	}
	if strings.Contains(v, "$") && !strings.Contains(v, "No dollar price") {
		t.Fatalf("a dollar figure with no price:\n%s", v)
	}
}

func TestAStalePriceIsShownWithItsAge(t *testing.T) {
	a, _ := pricedApp(t)
	press(a, walletsLoaded(t))
	old := model.Quote{Pair: model.PricePair, Minute: t0.Add(-12 * time.Minute), Price: 99_000 * model.PriceUnit}
	a.s.unit = model.UnitUSD
	send(a, priceMsg{quote: old})
	if v := a.View(); !strings.Contains(v, "USD at $99,000.00, 12 min old") {
		t.Fatalf("a stale price without its age:\n%s", v)
	}
	// A later ask that fails keeps the old quote, still with its age.
	send(a, priceMsg{err: errors.New("down")})
	if v := a.View(); !strings.Contains(v, "12 min old") {
		t.Fatalf("the age went:\n%s", v)
	}
}

func TestPricesAreAskedOncePerMinuteWhileInUse(t *testing.T) {
	a, prices := pricedApp(t)
	clk := a.s.cfg.Clock.(*clock.Manual)
	press(a, walletsLoaded(t), keyPress("3"))
	for i := 1; i <= 5; i++ {
		clk.Advance(20 * time.Second)
		press(a, tickMsg(clk.Now()))
	}
	// t0, then at +60 s: 100 s in all.
	if n := prices.count(); n != 2 {
		t.Fatalf("%d asks in 100 s of Receive; want 2 (once a minute)", n)
	}
	press(a, keyPress("esc"), keyPress("1")) // Wallets, in sats: nothing uses a price
	for i := 1; i <= 6; i++ {
		clk.Advance(30 * time.Second)
		press(a, tickMsg(clk.Now()))
	}
	if n := prices.count(); n != 2 {
		t.Fatalf("asked %d times while nothing used a price", n)
	}
}

func TestSendTakesDollarsForAnAmountlessInvoiceAndConfirmsThePrice(t *testing.T) {
	a, _ := pricedApp(t)
	press(a, walletsLoaded(t), keyPress("4"))
	d := sendScreenOf(a)
	d.target.input.SetValue(signetInvoice(t, 0, "tip jar"))
	d.amount.input.SetValue("$2")
	d.recheck()
	if !d.planOK || d.plan.Amount != model.Sats(2000) || d.plan.Priced == nil {
		t.Fatalf("$2 at $100,000: plan %v ok %v, amount error %q", d.plan.Amount, d.planOK, d.amount.err)
	}
	if !strings.Contains(a.View(), "= 2,000 sats at BTCUSD $100,000.00") {
		t.Fatalf("the conversion is not shown at the field:\n%s", a.View())
	}
	send(a, keyPress("enter"))
	if d.stage != stageConfirm {
		t.Fatalf("not at confirmation: amount error %q", d.amount.err)
	}
	v := a.View()
	if !strings.Contains(v, "2,000 sats") || !strings.Contains(v, "$2.00 at BTCUSD $100,000.00 at 14:03 UTC") {
		t.Fatalf("the confirmation does not show the sats and the price that made them:\n%s", v)
	}
	// An invoice with its own amount takes no dollars: its amount is fixed.
	send(a, keyPress("esc"))
	d.target.input.SetValue(signetInvoice(t, 2_500_000, "x"))
	d.amount.input.SetValue("$2.50")
	d.recheck()
	if d.planOK || !strings.Contains(d.amount.err, "leave this empty") {
		t.Fatalf("dollars for a fixed invoice: ok %v, %q", d.planOK, d.amount.err)
	}
}

func TestHistoryInDollarsShowsEachPaymentsValueAtItsOwnMinute(t *testing.T) {
	a, prices := pricedApp(t)
	press(a, walletsLoaded(t), keyPress("2"), keyPress("u"), keyPress("u"))
	ps := payments(60)
	press(a, pageOf(ps, len(ps)))
	v := a.View()
	if !strings.Contains(v, "Then (USD)") {
		t.Fatalf("no column of values then:\n%s", v)
	}
	prices.mu.Lock()
	asked := append([]time.Time(nil), prices.at...)
	prices.mu.Unlock()
	shown := map[time.Time]bool{}
	for _, m := range a.history.thenMinutes() {
		shown[m] = true
	}
	if len(asked) == 0 || len(asked) > len(shown) {
		t.Fatalf("asked for %d minutes with %d on screen: only the rows shown are priced", len(asked), len(shown))
	}
	for _, m := range asked {
		if !shown[m] {
			t.Fatalf("asked for %v, not on screen", m)
		}
	}
	// The first row's value at its minute, at that minute's own price.
	first := a.history.rows[0].p
	minute := model.PriceMinute(first.CreatedAt)
	q := model.Quote{Price: 100_000*model.PriceUnit + model.Price(minute.Minute())*model.PriceUnit*1000}
	want := q.Cents(first.Amount()).String()
	if !strings.Contains(v, want) {
		t.Fatalf("the first row's value then (%s) is not shown:\n%s", want, v)
	}
	// Moving down asks for nothing known already.
	before := len(asked)
	press(a, keyPress("j"), keyPress("k"))
	prices.mu.Lock()
	after := len(prices.at)
	prices.mu.Unlock()
	if after != before {
		t.Fatalf("%d more asks for minutes already known", after-before)
	}
	press(a, keyPress("enter"))
	if d := a.View(); !strings.Contains(d, "Value then") || !strings.Contains(d, want+" at BTCUSD") {
		t.Fatalf("the detail does not say what the payment was worth then:\n%s", d)
	}
}

func TestTypingClearsAnAmountsOldErrorAndConverts(t *testing.T) {
	a, _ := pricedApp(t)
	press(a, walletsLoaded(t), keyPress("3"), keyPress("$5e3"), keyPress("enter"))
	r := a.screens[2].(*receiveScreen)
	if r.amount.err == "" {
		t.Fatal("$5e3 was taken")
	}
	press(a, tea.KeyMsg{Type: tea.KeyCtrlU}, keyPress("$7"))
	if r.amount.err != "" || !strings.Contains(a.View(), "= 7,000 sats at BTCUSD") {
		t.Fatalf("the old error stays, or the conversion does not show (err %q):\n%s", r.amount.err, a.View())
	}
}
