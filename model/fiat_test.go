package model

import (
	"errors"
	"testing"
	"time"
)

func TestParsePrice(t *testing.T) {
	tests := []struct {
		in   string
		want Price
		err  error
	}{
		{"97123.45", 97123_45000000, nil},
		{"97123", 97123 * PriceUnit, nil},
		{" 1000.5 ", 1000_50000000, nil},
		{"1000.000000005", 1000_00000001, nil}, // the ninth decimal rounds half up
		{"1000.000000004", 1000_00000000, nil},
		{"999.99999999", 0, ErrPriceTiny},
		{"1.50", 0, ErrPriceTiny},
		{"0.00000001", 0, ErrPriceTiny},
		{"999999999.999999995", MaxPrice, nil},
		{"1000000000", MaxPrice, nil},
		{"1000000000.00000001", 0, ErrPriceHuge},
		{"123456789012", 0, ErrPriceHuge},
		{"99999999999999999999999999", 0, ErrPriceHuge},
		{"", 0, ErrPriceEmpty},
		{"-97000", 0, ErrPriceNegative},
		{"0", 0, ErrPriceZero},
		{"0.000000004", 0, ErrPriceZero},
		{"abc", 0, ErrPriceSyntax},
		{"1e5", 0, ErrPriceSyntax},
		{"97,123.45", 0, ErrPriceSyntax},
		{"NaN", 0, ErrPriceSyntax},
		{"1.2.3", 0, ErrPriceSyntax},
		{".", 0, ErrPriceSyntax},
		{"0x10", 0, ErrPriceSyntax},
	}
	for _, tt := range tests {
		got, err := ParsePrice(tt.in)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParsePrice(%q) = %d, %v; want %d, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestQuoteConvertsBothWaysHalfUp(t *testing.T) {
	q := Quote{Pair: PricePair, Minute: time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC), Price: 100_000 * PriceUnit} // 1 sat = $0.001
	tests := []struct {
		msats MilliSats
		cents Cents
	}{
		{0, 0},
		{Sats(1), 0},      // $0.001
		{Sats(5), 1},      // $0.005 rounds up
		{Sats(4), 0},      // $0.004 rounds down
		{Sats(1000), 100}, // $1
		{Sats(4500), 450},
		{-Sats(5), -1}, // half away from zero for money out
		{MsatPerBTC, 10_000_000},
		{MaxMilliSats, 21_000_000 * 10_000_000},
	}
	for _, tt := range tests {
		if got := q.Cents(tt.msats); got != tt.cents {
			t.Errorf("Cents(%v) = %v, want %v", tt.msats, got, tt.cents)
		}
	}
	back := []struct {
		cents Cents
		msats MilliSats
		err   error
	}{
		{450, Sats(4500), nil},
		{1, Sats(10), nil},
		{0, 0, nil},
		{-1, 0, ErrAmountNegative},
		{21_000_000 * 10_000_000, MaxMilliSats, nil},
		{21_000_000*10_000_000 + 1, 0, ErrAmountTooLarge},
	}
	for _, tt := range back {
		got, err := q.MilliSats(tt.cents)
		if !errors.Is(err, tt.err) || got != tt.msats {
			t.Errorf("MilliSats(%v) = %v, %v; want %v, %v", tt.cents, got, err, tt.msats, tt.err)
		}
	}
	// An awkward price: $97,123.45. $4.50 is 4,633.27… sats: 4,633.
	odd := Quote{Pair: PricePair, Price: 97123_45000000}
	if got, _ := odd.MilliSats(450); got != Sats(4633) {
		t.Errorf("$4.50 at $97,123.45 = %v, want 4,633 sats", got)
	}
	// $0.01 is 10.296… sats: 10; half a sat rounds up.
	if got, _ := odd.MilliSats(1); got != Sats(10) {
		t.Errorf("$0.01 at $97,123.45 = %v, want 10 sats", got)
	}
	if got := (Quote{Price: 2 * PriceUnit}).Cents(Sats(25_000_000)); got != 50 { // a quarter bitcoin at $2
		t.Errorf("got %v", got)
	}
	if got, _ := (Quote{Price: 3 * PriceUnit}).MilliSats(1); got != Sats(333_333) { // 333,333.33 sats
		t.Errorf("got %v", got)
	}
	if got, _ := (Quote{Price: 8 * PriceUnit}).MilliSats(1); got != Sats(125_000) {
		t.Errorf("got %v", got)
	}
	if got, _ := (Quote{Price: 16 * PriceUnit}).MilliSats(1); got != Sats(62_500) {
		t.Errorf("got %v", got)
	}
	if got, _ := (Quote{Price: 32 * PriceUnit}).MilliSats(1); got != Sats(31_250) {
		t.Errorf("got %v", got)
	}
	if got, _ := (Quote{Price: 64 * PriceUnit}).MilliSats(1); got != Sats(15_625) {
		t.Errorf("got %v", got)
	}
	if got, _ := (Quote{Price: 128 * PriceUnit}).MilliSats(1); got != Sats(7_813) { // 7,812.5 rounds up
		t.Errorf("got %v", got)
	}
	if _, err := (Quote{}).MilliSats(1); !errors.Is(err, ErrNoPrice) {
		t.Errorf("no price: %v", err)
	}
	// The most a price can be, the most there is: no overflow.
	if got := (Quote{Price: MaxPrice}).Cents(MaxMilliSats); got != 21_000_000*100_000_000_000 {
		t.Errorf("largest = %v", got)
	}
}

func TestFormatsOfMoneyInDollars(t *testing.T) {
	tests := []struct {
		c    Cents
		want string
	}{{0, "$0.00"}, {5, "$0.05"}, {1234, "$12.34"}, {123456789, "$1,234,567.89"}, {-100, "-$1.00"}}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%d = %q, want %q", tt.c, got, tt.want)
		}
	}
	if got := Price(97123_45678901).String(); got != "$97,123.46" {
		t.Errorf("price = %q", got)
	}
	if got := Price(97123_45678901).Decimal(); got != "97123.45678901" {
		t.Errorf("decimal = %q", got)
	}
	q := Quote{Pair: PricePair, Minute: time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC), Price: 97123_45000000}
	if got := q.String(); got != "BTCUSD $97,123.45 at 14:05 UTC" {
		t.Errorf("quote = %q", got)
	}
	for d, want := range map[time.Duration]string{0: "", 90 * time.Second: "", 5 * time.Minute: "5 min old", 3 * time.Hour: "3 h old", 72 * time.Hour: "3 days old"} {
		if got := q.Age(q.Minute.Add(d)); got != want {
			t.Errorf("age after %v = %q, want %q", d, got, want)
		}
	}
}

func TestParseEntry(t *testing.T) {
	tests := []struct {
		in   string
		want Entry
		err  error
	}{
		{"$5", Entry{Cents: 500, Dollars: true}, nil},
		{"$4.50", Entry{Cents: 450, Dollars: true}, nil},
		{"5 usd", Entry{Cents: 500, Dollars: true}, nil},
		{"5.00usd", Entry{Cents: 500, Dollars: true}, nil},
		{"5.00 USD", Entry{Cents: 500, Dollars: true}, nil},
		{"USD 12", Entry{Cents: 1200, Dollars: true}, nil},
		{"4.5$", Entry{Cents: 450, Dollars: true}, nil},
		{"$1,234.56", Entry{Cents: 123456, Dollars: true}, nil},
		{"$.25", Entry{Cents: 25, Dollars: true}, nil},
		{"$4.500", Entry{Cents: 450, Dollars: true}, nil},
		{"$0", Entry{Dollars: true}, nil},
		{"1500", Entry{MilliSats: Sats(1500)}, nil},
		{"0.0001 btc", Entry{MilliSats: Sats(10000)}, nil},
		{"$", Entry{}, ErrAmountEmpty},
		{"usd", Entry{}, ErrAmountEmpty},
		{"$-5", Entry{}, ErrAmountNegative},
		{"$4.505", Entry{}, ErrDollarPrecision},
		{"$1,23", Entry{}, ErrAmountGrouping},
		{"$abc", Entry{}, ErrAmountSyntax},
		{"$1.2.3", Entry{}, ErrAmountSyntax},
		{"$5 sats", Entry{}, ErrAmountSyntax},
		{"$99999999999999999999", Entry{}, ErrAmountTooLarge},
		{"5 eur", Entry{}, ErrAmountUnit},
	}
	for _, tt := range tests {
		got, err := ParseEntry(tt.in)
		if !errors.Is(err, tt.err) || (err == nil && got != tt.want) {
			t.Errorf("ParseEntry(%q) = %+v, %v; want %+v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	q := &Quote{Price: 100_000 * PriceUnit}
	if m, err := (Entry{Cents: 450, Dollars: true}).At(q); err != nil || m != Sats(4500) {
		t.Errorf("$4.50 at $100k = %v, %v", m, err)
	}
	if _, err := (Entry{Cents: 450, Dollars: true}).At(nil); !errors.Is(err, ErrNoPrice) {
		t.Errorf("no quote: %v", err)
	}
	if m, err := (Entry{MilliSats: 7}).At(nil); err != nil || m != 7 {
		t.Errorf("sats need no quote: %v, %v", m, err)
	}
}

func TestLensShowsSatsWithoutAQuote(t *testing.T) {
	m := Sats(4500)
	if got := (Lens{Unit: UnitUSD}).Format(m); got != "4,500 sats" {
		t.Errorf("no quote = %q", got)
	}
	l := Lens{Unit: UnitUSD, Quote: &Quote{Price: 100_000 * PriceUnit}}
	if got := l.Format(m); got != "$4.50" {
		t.Errorf("usd = %q", got)
	}
	if got := l.Moved(m); got != "$4.50 (4,500 sats)" {
		t.Errorf("moved = %q", got)
	}
	if got := l.Name(); got != "USD" {
		t.Errorf("name = %q", got)
	}
	if got := NewColumn(l, Sats(1)).Figure(Sats(123456)); got != "123.46" {
		t.Errorf("column = %q", got)
	}
	if UnitSats.Next() != UnitBTC || UnitBTC.Next() != UnitUSD || UnitUSD.Next() != UnitSats {
		t.Error("u cycles sats → BTC → USD → sats")
	}
}

func FuzzParseEntry(f *testing.F) {
	for _, s := range []string{"$5", "5 usd", "1,500", "$1,234.56", "0.1btc", "$-1", "usd usd"} {
		f.Add(s)
	}
	q := &Quote{Price: 97123_45000000}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEntry(s)
		if err != nil {
			return
		}
		if e.Cents < 0 || e.MilliSats < 0 || e.MilliSats > MaxMilliSats {
			t.Fatalf("%q parsed to %+v", s, e)
		}
		if m, err := e.At(q); err == nil && (m < 0 || m > MaxMilliSats) {
			t.Fatalf("%q converted to %v", s, m)
		}
	})
}
