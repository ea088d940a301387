package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// Dollars on the command line. A command run asks for the latest quote at
// most once (an amount typed in dollars and --unit usd share it), and
// history --fiat asks once per distinct minute (a service that answers
// past minutes with its latest price is taken at its word after the first
// few; api/price.ErrNoHistory). Nothing is asked of the
// price service unless dollars are in play, and JSON output never depends
// on --unit.

// pricing is what one command run knows of prices.
type pricing struct {
	made    sync.Once
	service port.Prices

	latest    sync.Once
	quote     *model.Quote
	quoteErr  error
	lens      sync.Once
	lensValue model.Lens
}

// prices is the price service the settings name; nil when prices are off.
func (r *runner) prices() port.Prices {
	r.price.made.Do(func() {
		if r.d.Prices != nil {
			r.price.service = r.d.Prices(r.set)
		}
	})
	return r.price.service
}

// errPricesOff is dollars asked for with price_url set to off.
var errPricesOff = fmt.Errorf("prices are off (price_url is \"off\")")

// latestQuote is the latest BTCUSD quote, asked for once per run.
func (r *runner) latestQuote() (*model.Quote, error) {
	r.price.latest.Do(func() {
		p := r.prices()
		if p == nil {
			r.price.quoteErr = errPricesOff
			return
		}
		q, err := call(r, func(ctx context.Context) (model.Quote, error) { return p.Quote(ctx, time.Time{}) })
		if err != nil {
			r.price.quoteErr = err
			return
		}
		r.price.quote = &q
	})
	return r.price.quote, r.price.quoteErr
}

// lens is how text output shows amounts: --unit, with the latest quote
// when it is usd. Without a price it shows sats and says so, once, on
// stderr; with one it names the quote, once, so no dollar figure is
// shown without the price that made it.
func (r *runner) lens() model.Lens {
	r.price.lens.Do(func() {
		r.price.lensValue = r.set.Unit.Lens()
		if r.set.Unit != model.UnitUSD {
			return
		}
		q, err := r.latestQuote()
		if err != nil {
			r.info("voltdash: amounts are in sats: no BTCUSD price to show dollars by (%v)", err)
			return
		}
		r.price.lensValue.Quote = q
		r.info("Dollars at %s.", q)
	})
	return r.price.lensValue
}

// dollarQuote is the quote an amount typed in dollars needs, or the exit
// of a command that cannot have one; for an amount in sats, nil and ok.
// Nothing has been sent when it fails.
func (r *runner) dollarQuote(flag, text string) (*model.Quote, int, bool) {
	e, err := model.ParseEntry(text)
	if err != nil || !e.Dollars {
		return nil, 0, true // the amount's own parser says what is wrong with it
	}
	q, err := r.latestQuote()
	switch {
	case err == errPricesOff:
		return nil, r.fail(ExitUsage, "%s %s is in dollars, which need a BTCUSD price, and %v: give the amount in sats (such as 1500 or 2.5k), or set price_url", flag, strings.TrimSpace(text), err), false
	case err != nil:
		return nil, r.fail(ExitNetwork, "%s %s is in dollars, which need a BTCUSD price, and none could be had: %v. Nothing was sent; give the amount in sats (such as 1500 or 2.5k)", flag, strings.TrimSpace(text), err), false
	}
	return q, 0, true
}

// pricedJSON says, for scripts, which price made an amount typed in
// dollars.
type pricedJSON struct {
	USD    string    `json:"usd"`
	Pair   string    `json:"pair"`
	Minute time.Time `json:"minute"`
	Price  string    `json:"price"`
}

func toPricedJSON(p *model.Priced) *pricedJSON {
	if p == nil {
		return nil
	}
	return &pricedJSON{USD: plainCents(p.Cents), Pair: p.Quote.Pair, Minute: p.Quote.Minute.UTC(), Price: p.Quote.Price.Decimal()}
}

// plainCents is an amount of dollars as scripts read it: "1234.56", no
// sign, no grouping.
func plainCents(c model.Cents) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// quoteJSON is a quote for scripts: the price as the exact decimal.
type quoteJSON struct {
	Pair   string    `json:"pair"`
	Minute time.Time `json:"minute"`
	Price  string    `json:"price"`
}

func runPrice(r *runner) int {
	if code, ok := r.settings(); !ok {
		return code
	}
	var at time.Time
	if r.o.at != "" {
		t, err := parseSince(r.o.at, r.d.Clock.Now())
		if err != nil {
			return r.fail(ExitUsage, "--at %q: %v", r.o.at, err)
		}
		at = t
	}
	p := r.prices()
	if p == nil {
		return r.fail(ExitUsage, "%v: set price_url, or give --price-url", errPricesOff)
	}
	q, err := call(r, func(ctx context.Context) (model.Quote, error) { return p.Quote(ctx, at) })
	if err != nil {
		return r.fail(ExitNetwork, "%v", err)
	}
	if r.o.json {
		r.printJSON(quoteJSON{Pair: q.Pair, Minute: q.Minute.UTC(), Price: q.Price.Decimal()})
		return ExitOK
	}
	line := q.Pair + " " + q.Price.String() + " at " + q.Minute.UTC().Format("2006-01-02 15:04") + " UTC"
	if age := q.Age(r.d.Clock.Now()); age != "" && at.IsZero() {
		line += " (" + age + ")"
	}
	say(r.d.Stdout, "%s\n", line)
	return ExitOK
}

// fiatValue is what history --fiat usd adds to each payment: its value
// at the price of the minute it was made in.
type fiatValue struct {
	quote *model.Quote
	usd   model.Cents
}

// parallelQuotes bounds the price requests history --fiat makes at once.
const parallelQuotes = 4

// fiatValues asks for the quote of each distinct minute the payments were
// made in (the client caches them too), and values each payment at its
// own. Payments with no value (not bitcoin, or no price for that minute)
// are left out; a failure is said once, on stderr.
func (r *runner) fiatValues(ps []model.Payment) map[string]fiatValue {
	p := r.prices()
	minutes := map[time.Time]*model.Quote{}
	for _, pay := range ps {
		if pay.Supported() {
			minutes[model.PriceMinute(pay.CreatedAt)] = nil
		}
	}
	var mu sync.Mutex
	var firstErr error
	work := make(chan time.Time)
	var wg sync.WaitGroup
	asks := make([]time.Time, 0, len(minutes))
	for m := range minutes {
		asks = append(asks, m)
	}
	for range min(parallelQuotes, len(asks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range work {
				q, err := call(r, func(ctx context.Context) (model.Quote, error) { return p.Quote(ctx, m) })
				mu.Lock()
				if err == nil {
					minutes[m] = &q
				} else if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	for _, m := range asks {
		work <- m
	}
	close(work)
	wg.Wait()
	out := map[string]fiatValue{}
	missing := 0
	for _, pay := range ps {
		if !pay.Supported() {
			continue
		}
		q := minutes[model.PriceMinute(pay.CreatedAt)]
		if q == nil {
			missing++
			continue
		}
		out[pay.ID] = fiatValue{quote: q, usd: q.Cents(pay.Amount())}
	}
	if missing > 0 {
		r.info("voltdash: warning: %d of %d payments have no USD value: %v", missing, len(ps), firstErr)
	}
	return out
}
