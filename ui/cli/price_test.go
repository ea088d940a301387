package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/config"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/port"
)

// fakePrices quotes $97,123.45 at t0's minute (12:00 UTC), a dollar more
// each minute after and less each minute before, and keeps what was
// asked (zero: the latest).
type fakePrices struct {
	mu    sync.Mutex
	err   error
	asked []time.Time
}

const basePrice = model.Price(97_123_45 * model.PriceUnit / 100)

func (f *fakePrices) Quote(_ context.Context, at time.Time) (model.Quote, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, at)
	if f.err != nil {
		return model.Quote{}, f.err
	}
	m := model.PriceMinute(t0)
	if !at.IsZero() {
		m = model.PriceMinute(at)
	}
	return model.Quote{Pair: model.PricePair, Minute: m, Price: basePrice + model.Price(m.Sub(t0)/time.Minute)*model.PriceUnit}, nil
}

// quoteAt is what fakePrices answers for the minute of at.
func quoteAt(t *testing.T, at time.Time) model.Quote {
	q, err := (&fakePrices{}).Quote(context.Background(), at)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// withPrices gives the commands p as their price service; nil: prices
// are off.
func withPrices(p *fakePrices) func(*Deps) {
	return func(d *Deps) {
		d.Prices = func(config.Settings) port.Prices {
			if p == nil {
				return nil
			}
			return p
		}
	}
}

var errPriceDown = errors.New("the price service at coinprice.voltage.cloud did not answer within 5s")

// TestInvoiceInDollars: dollars become whole sats at the latest quote,
// which the command names; without a price, nothing is created and the
// sentence says that dollars need one and sats work.
func TestInvoiceInDollars(t *testing.T) {
	q := quoteAt(t, t0)
	for _, tt := range []struct {
		name    string
		amount  string
		prices  *fakePrices
		json    bool
		code    int
		cents   model.Cents // the invoice's worth; 0: given in sats
		sats    model.MilliSats
		said    string // in stderr (stdout with --json)
		asked   int
		created bool
	}{
		{"dollar sign", "$4.50", &fakePrices{}, false, ExitOK, 450, 0, "Lightning invoice for 4,633 sats ($4.50 at BTCUSD $97,123.45 at 12:00 UTC)", 1, true},
		{"usd after", "5 usd", &fakePrices{}, false, ExitOK, 500, 0, "5,148 sats ($5.00 at BTCUSD $97,123.45 at 12:00 UTC)", 1, true},
		{"json names the quote", "5.00usd", &fakePrices{}, true, ExitOK, 500, 0,
			`"priced": {` + "\n" + `    "usd": "5.00",` + "\n" + `    "pair": "BTCUSD",` + "\n" + `    "minute": "2026-11-20T12:00:00Z",` + "\n" + `    "price": "97123.45"`, 1, true},
		{"sats ask no price", "1500", &fakePrices{}, false, ExitOK, 0, model.Sats(1500), "Lightning invoice for 1,500 sats ·", 0, true},
		{"prices off", "$4.50", nil, false, ExitUsage, 0, 0,
			"--amount $4.50 is in dollars, which need a BTCUSD price, and prices are off (price_url is \"off\"): give the amount in sats", 0, false},
		{"price service down", "$4.50", &fakePrices{err: errPriceDown}, false, ExitNetwork, 0, 0,
			"none could be had: the price service at coinprice.voltage.cloud did not answer within 5s. Nothing was sent; give the amount in sats", 1, false},
		{"price service down, json", "$4.50", &fakePrices{err: errPriceDown}, true, ExitNetwork, 0, 0, `"kind": "network"`, 1, false},
		{"finer than a cent", "$0.001", &fakePrices{}, false, ExitUsage, 0, 0, "the smallest dollar amount is 1 cent", 0, false},
		{"zero dollars", "$0", &fakePrices{}, false, ExitUsage, 0, 0, "--amount: ", 1, false},
		{"worth less than half a sat", "$0.0000", &fakePrices{}, false, ExitUsage, 0, 0, "--amount: ", 1, false},
		{"not a number", "$abc", &fakePrices{}, false, ExitUsage, 0, 0, "--amount: ", 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := account()
			args := []string{"invoice", "--wallet", "Till", "--no-qr", "--amount", tt.amount}
			if tt.json {
				args = append(args, "--json")
			}
			r := runWithDeps(b, "", withPrices(tt.prices), args...)
			said := r.stderr
			if tt.json {
				said = r.stdout
			}
			if r.code != tt.code || !strings.Contains(said, tt.said) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			if tt.prices != nil && len(tt.prices.asked) != tt.asked {
				t.Errorf("asked for %d quotes, want %d", len(tt.prices.asked), tt.asked)
			}
			if created := len(b.receives) > 0; created != tt.created {
				t.Fatalf("created %v, want %v", b.receives, tt.created)
			}
			if !tt.created {
				return
			}
			want := tt.sats
			if tt.cents != 0 {
				var err error
				if want, err = q.MilliSats(tt.cents); err != nil {
					t.Fatal(err)
				}
			}
			if got := b.receives[0].Amount; got != want || got%model.MsatPerSat != 0 {
				t.Errorf("invoice for %v, want %v in whole sats", got, want)
			}
		})
	}
}

// TestPayInDollars: an invoice without an amount takes dollars at the
// latest quote, and the summary says which price; one with its own amount
// takes none; without a price nothing is sent.
func TestPayInDollars(t *testing.T) {
	open := signetInvoice(t, 0, "Tip jar")
	fixed := signetInvoice(t, model.Sats(5000), "Beans")
	q := quoteAt(t, t0)
	want, _ := q.MilliSats(2000)

	p := &fakePrices{}
	b := paying(account())
	r := runWithDeps(b, "", withPrices(p), "pay", "--wallet", "Till", "--yes", "--amount", "$20", open)
	if r.code != ExitOK || len(b.sent) != 1 || b.sent[0].Amount != want {
		t.Fatalf("exit %d, sent %+v, want one of %v: %s", r.code, b.sent, want, r.stderr)
	}
	if !strings.Contains(r.stderr, "Pay        20,592 sats") || !strings.Contains(r.stderr, "Priced     $20.00 at BTCUSD $97,123.45 at 12:00 UTC") || len(p.asked) != 1 {
		t.Errorf("summary (%d quotes asked):\n%s", len(p.asked), r.stderr)
	}

	for _, tt := range []struct {
		name    string
		prices  *fakePrices
		invoice string
		code    int
		said    string
	}{
		{"an invoice with its amount", &fakePrices{}, fixed, ExitUsage, "--amount: the invoice asks for 5,000 sats: leave this empty"},
		{"prices off", nil, open, ExitUsage, "--amount $20 is in dollars, which need a BTCUSD price, and prices are off"},
		{"price service down", &fakePrices{err: errPriceDown}, open, ExitNetwork, "did not answer within 5s. Nothing was sent"},
	} {
		b := paying(account())
		r := runWithDeps(b, "", withPrices(tt.prices), "pay", "--wallet", "Till", "--yes", "--amount", "$20", tt.invoice)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.said) || len(b.sent) != 0 || len(b.checks) != 0 {
			t.Errorf("%s: exit %d, %d sent, %d checks: %s", tt.name, r.code, len(b.sent), len(b.checks), r.stderr)
		}
	}
}

// TestUnitUSD: text output shows dollars at one quote per run, with the
// sats beside money moved; without a price it says so once and shows
// sats; JSON never asks.
func TestUnitUSD(t *testing.T) {
	inv := signetInvoice(t, model.Sats(10_000), "Beans")
	b := paying(account())
	p := &fakePrices{}
	r := runWithDeps(b, "", withPrices(p), "pay", "--wallet", "Till", "--yes", "--unit", "usd", inv)
	if r.code != ExitOK || len(p.asked) != 1 {
		t.Fatalf("exit %d, %d quotes: %s", r.code, len(p.asked), r.stderr)
	}
	for _, want := range []string{"Dollars at BTCUSD $97,123.45 at 12:00 UTC.", "Pay        $9.71 (10,000 sats)", "Fee cap    at most $0.10 (100 sats)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q in:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stdout, "✓ Sent $9.71 (10,000 sats)") || !strings.Contains(r.stdout, "amount     $9.71 (10,000 sats)") ||
		!strings.Contains(r.stdout, "fee        $0.00 (1 sat") {
		t.Errorf("outcome:\n%s", r.stdout)
	}

	b = account()
	p = &fakePrices{err: errPriceDown}
	r = runWithDeps(b, "", withPrices(p), "wallets", "--unit", "usd")
	if r.code != ExitOK || strings.Count(r.stderr, "amounts are in sats: no BTCUSD price") != 1 || !strings.Contains(r.stdout, "50,000") ||
		!strings.Contains(r.stdout, "total (sats)") {
		t.Errorf("no price: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}

	p = &fakePrices{}
	r = runWithDeps(account(), "", withPrices(p), "wallets", "--unit", "usd")
	if r.code != ExitOK || !strings.Contains(r.stdout, "48.56") || !strings.Contains(r.stdout, "total (usd)") || len(p.asked) != 1 {
		t.Errorf("wallets in dollars (%d asked):\n%s", len(p.asked), r.stdout)
	}
	p = &fakePrices{}
	r = runWithDeps(account(), "", withPrices(p), "wallets", "--unit", "usd", "--json")
	if r.code != ExitOK || len(p.asked) != 0 || strings.Contains(r.stdout, "usd") {
		t.Errorf("JSON asked %d quotes:\n%s", len(p.asked), r.stdout)
	}
}

// history is three payments in two minutes, and one in the minute after.
func historyAccount() *fakeBackend {
	b := account()
	pay := func(id string, at time.Time, sats int64) model.Payment {
		fee := model.MilliSats(1000)
		return model.Payment{ID: id, WalletID: tillID, Direction: model.Send, Kind: model.Bolt11, Status: model.StatusCompleted,
			CreatedAt: at, UpdatedAt: at, Data: model.SendBolt11Data{AmountMsats: model.Sats(sats), FeeMsats: &fee}}
	}
	b.payments = []model.Payment{
		pay("00000000-0000-4000-8000-000000000003", t0.Add(-1*time.Minute+10*time.Second), 30_000),
		pay("00000000-0000-4000-8000-000000000002", t0.Add(-2*time.Minute+50*time.Second), 20_000),
		pay("00000000-0000-4000-8000-000000000001", t0.Add(-2*time.Minute+5*time.Second), 10_000),
	}
	return b
}

// TestHistoryFiat: each payment valued at the price of its own minute,
// one quote per distinct minute; JSON unchanged without --fiat.
func TestHistoryFiat(t *testing.T) {
	p := &fakePrices{}
	r := runWithDeps(historyAccount(), "", withPrices(p), "history", "--csv", "--fiat", "usd")
	if r.code != ExitOK || len(p.asked) != 2 {
		t.Fatalf("exit %d, %d quotes asked (want 2): %s", r.code, len(p.asked), r.stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0][10:], ","); got != "value_usd,price_minute,btcusd_price" {
		t.Errorf("head %v", rows[0])
	}
	for i, sats := range []int64{30_000, 20_000, 10_000} {
		at := historyAccount().payments[i].CreatedAt
		q := quoteAt(t, at)
		want := []string{plainCents(q.Cents(model.Sats(sats))), model.PriceMinute(at).Format(time.RFC3339), q.Price.Decimal()}
		if got := rows[i+1][10:]; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("row %d: %v, want %v", i+1, got, want)
		}
	}
	if rows[1][10] != "29.14" || rows[1][12] != "97122.45" {
		t.Errorf("30,000 sats at 11:59: %v", rows[1])
	}

	p = &fakePrices{}
	r = runWithDeps(historyAccount(), "", withPrices(p), "history", "--json", "--fiat", "usd")
	var out []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != ExitOK {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if out[0]["value_usd"] != "29.14" || out[0]["price_minute"] != "2026-11-20T11:59:00Z" || out[0]["btcusd_price"] != "97122.45" {
		t.Errorf("JSON with --fiat: %v", out[0])
	}

	p = &fakePrices{}
	r = runWithDeps(historyAccount(), "", withPrices(p), "history", "--json")
	if strings.Contains(r.stdout, "value_usd") || strings.Contains(r.stdout, "price_minute") || len(p.asked) != 0 {
		t.Errorf("JSON without --fiat asked %d quotes:\n%s", len(p.asked), r.stdout)
	}

	p = &fakePrices{err: errPriceDown}
	r = runWithDeps(historyAccount(), "", withPrices(p), "history", "--json", "--fiat", "usd")
	out = nil
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != ExitOK || out[0]["value_usd"] != nil ||
		!strings.Contains(r.stderr, "3 of 3 payments have no USD value: the price service at coinprice.voltage.cloud did not answer") {
		t.Errorf("service down: exit %d, %v\nstdout: %s\nstderr: %s", r.code, err, r.stdout, r.stderr)
	}

	r = runWithDeps(historyAccount(), "", withPrices(&fakePrices{}), "history", "--fiat", "usd")
	if r.code != ExitOK || !strings.Contains(r.stdout, "THEN (USD)") || !strings.Contains(r.stdout, "29.14") {
		t.Errorf("table:\n%s", r.stdout)
	}
	for _, tt := range []struct {
		prices *fakePrices
		fiat   string
		said   string
	}{
		{&fakePrices{}, "eur", `--fiat "eur": only usd is quoted`},
		{nil, "usd", "--fiat usd needs the BTCUSD price service, and prices are off"},
	} {
		if r := runWithDeps(historyAccount(), "", withPrices(tt.prices), "history", "--csv", "--fiat", tt.fiat); r.code != ExitUsage || !strings.Contains(r.stderr, tt.said) {
			t.Errorf("--fiat %s: exit %d: %s", tt.fiat, r.code, r.stderr)
		}
	}
}

// TestPriceCommand: the latest quote or a past minute's, in words or
// JSON; what went wrong in one sentence.
func TestPriceCommand(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		prices *fakePrices
		code   int
		out    string
	}{
		{[]string{"price"}, &fakePrices{}, ExitOK, "BTCUSD $97,123.45 at 2026-11-20 12:00 UTC\n"},
		{[]string{"price", "--at", "2026-11-20T11:30:40Z"}, &fakePrices{}, ExitOK, "BTCUSD $97,093.45 at 2026-11-20 11:30 UTC\n"},
		{[]string{"price", "--at", "90m"}, &fakePrices{}, ExitOK, "BTCUSD $97,033.45 at 2026-11-20 10:30 UTC\n"},
		{[]string{"price", "--json"}, &fakePrices{}, ExitOK, "{\n  \"pair\": \"BTCUSD\",\n  \"minute\": \"2026-11-20T12:00:00Z\",\n  \"price\": \"97123.45\"\n}\n"},
		{[]string{"price", "--at", "soon"}, &fakePrices{}, ExitUsage, ""},
		{[]string{"price"}, nil, ExitUsage, ""},
		{[]string{"price"}, &fakePrices{err: errPriceDown}, ExitNetwork, ""},
		{[]string{"help", "price"}, &fakePrices{}, ExitOK, "voltdash price --at 2026-05-01T14:05:00Z --json"},
		{[]string{"help", "invoice"}, &fakePrices{}, ExitOK, "voltdash invoice --wallet Till --amount '$4.50'"},
		{[]string{"help", "pay"}, &fakePrices{}, ExitOK, "--amount '$20'"},
		{[]string{"help", "history"}, &fakePrices{}, ExitOK, "--csv --fiat usd"},
	} {
		r := runWithDeps(account(), "", withPrices(tt.prices), tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout, tt.out) {
			t.Errorf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", tt.args, r.code, tt.code, r.stdout, r.stderr)
		}
		if tt.code != ExitOK && (r.stderr == "" || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0) {
			t.Errorf("%v: not one sentence: %q", tt.args, r.stderr)
		}
	}
}

// TestPriceURLFlag: --price-url reaches the settings the price service is
// made from; off is none.
func TestPriceURLFlag(t *testing.T) {
	for _, tt := range []struct{ flag, want string }{
		{"", config.DefaultPriceURL},
		{"http://127.0.0.1:9/quotes", "http://127.0.0.1:9/quotes"},
		{"off", ""},
	} {
		var got string
		args := []string{"price"}
		if tt.flag != "" {
			args = append(args, "--price-url", tt.flag)
		}
		runWithDeps(account(), "", func(d *Deps) {
			d.Prices = func(s config.Settings) port.Prices { got = s.PriceURL; return &fakePrices{} }
		}, args...)
		if got != tt.want {
			t.Errorf("--price-url %q: the service at %q, want %q", tt.flag, got, tt.want)
		}
	}
	if r := runWith(account(), "", "price", "--price-url", "http://coinprice.voltage.cloud"); r.code != ExitUsage || !strings.Contains(r.stderr, "plain http is only for this machine") {
		t.Errorf("plain http elsewhere: exit %d: %s", r.code, r.stderr)
	}
}
