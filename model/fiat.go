package model

import (
	"cmp"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Price is what one bitcoin costs in dollars, as an exact decimal: a count
// of PriceUnit (10⁻⁸ of a dollar). Prices are read from text and never
// pass through a float.
type Price int64

const (
	// priceDecimals is how many decimals of a dollar a Price keeps; a
	// price quoted more finely is rounded half up.
	priceDecimals = 8
	PriceUnit     = 100_000_000 // Price per dollar

	// MaxPrice is a billion dollars a bitcoin: more is a broken answer,
	// and it keeps every conversion of every bitcoin within int64 cents.
	MaxPrice Price = 1_000_000_000 * PriceUnit
	// MinPrice is a thousand dollars a bitcoin, which it has not been below
	// since 2017. A quote under it is a broken or lying service, and a
	// dollar amount converted at it would ask for, or send, a fortune.
	MinPrice Price = 1_000 * PriceUnit
)

// Errors of ParsePrice, each its own mistake.
var (
	ErrPriceEmpty    = errors.New("the price is empty")
	ErrPriceNegative = errors.New("the price is negative")
	ErrPriceZero     = errors.New("the price is zero")
	ErrPriceSyntax   = errors.New("the price is not a decimal number")
	ErrPriceHuge     = errors.New("the price is more than $1,000,000,000 a bitcoin")
	ErrPriceTiny     = errors.New("the price is less than $1,000 a bitcoin: the service is broken or lying")
)

// ParsePrice reads a decimal price such as "97123.45"; plain digits with
// at most one point, as a price service writes them (no exponent, no
// grouping).
func ParsePrice(s string) (Price, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return 0, ErrPriceEmpty
	case strings.HasPrefix(s, "-"):
		return 0, ErrPriceNegative
	}
	whole, frac, hasDot := strings.Cut(strings.TrimPrefix(s, "+"), ".")
	if (whole == "" && frac == "") || !allDigits(whole) || !allDigits(frac) || (hasDot && frac == "" && whole == "") {
		return 0, ErrPriceSyntax
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 10 {
		return 0, ErrPriceHuge
	}
	roundUp := len(frac) > priceDecimals && frac[priceDecimals] >= '5'
	if len(frac) > priceDecimals {
		frac = frac[:priceDecimals]
	}
	n, err := strconv.ParseInt(whole+frac+strings.Repeat("0", priceDecimals-len(frac)), 10, 64)
	if err != nil {
		return 0, ErrPriceSyntax
	}
	if roundUp {
		n++
	}
	switch p := Price(n); {
	case p == 0:
		return 0, ErrPriceZero
	case p > MaxPrice:
		return 0, ErrPriceHuge
	case p < MinPrice:
		return 0, ErrPriceTiny
	default:
		return p, nil
	}
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String is the price as people read it: "$97,123.45".
func (p Price) String() string {
	return Cents(roundDiv(big.NewInt(int64(p)), big.NewInt(PriceUnit/100))).String()
}

// Decimal is the price with every decimal it has: "97123.4567".
func (p Price) Decimal() string {
	whole, frac := int64(p)/PriceUnit, fmt.Sprintf("%08d", int64(p)%PriceUnit)
	if frac = strings.TrimRight(frac, "0"); frac == "" {
		return strconv.FormatInt(whole, 10)
	}
	return strconv.FormatInt(whole, 10) + "." + frac
}

// Cents is an amount of US dollars in cents.
type Cents int64

// String is "$1,234.56", or "-$1.00".
func (c Cents) String() string {
	neg, u := "", uint64(c)
	if c < 0 {
		neg, u = "-", uint64(-(c+1))+1
	}
	return fmt.Sprintf("%s$%s.%02d", neg, group(strconv.FormatUint(u/100, 10)), u%100)
}

// Figure is the amount without the dollar sign, for columns headed USD.
func (c Cents) Figure() string { return strings.Replace(c.String(), "$", "", 1) }

// PricePair is the only pair voltdash quotes.
const PricePair = "BTCUSD"

// Quote is a price for one minute: what made a conversion, shown beside
// it. Minute is in UTC, on the minute.
type Quote struct {
	Pair   string
	Minute time.Time
	Price  Price
}

// PriceMinute is the minute a price service quotes t at.
func PriceMinute(t time.Time) time.Time { return t.UTC().Truncate(time.Minute) }

// String names the quote: "BTCUSD $97,123.45 at 14:05 UTC".
func (q Quote) String() string {
	return q.Pair + " " + q.Price.String() + " at " + q.Minute.UTC().Format("15:04") + " UTC"
}

// Age is how old the quote is at now, in words, when it is old enough to
// say ("" within two minutes): a price is never shown stale without it.
func (q Quote) Age(now time.Time) string {
	d := now.Sub(q.Minute)
	switch {
	case d < 2*time.Minute:
		return ""
	case d < time.Hour:
		return fmt.Sprintf("%d min old", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h old", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days old", int(d/(24*time.Hour)))
}

// msatCentsPerBTC is msats per bitcoin times price units per cent: the
// divisor that turns msats × Price into cents.
var msatCentsPerBTC = new(big.Int).Mul(big.NewInt(int64(MsatPerBTC)), big.NewInt(PriceUnit/100))

// Cents is m in dollars at this quote, rounded half up to the cent (half
// away from zero for a negative amount).
func (q Quote) Cents(m MilliSats) Cents {
	neg := m < 0
	n := new(big.Int).Mul(big.NewInt(int64(m)), big.NewInt(int64(q.Price)))
	if neg {
		n.Neg(n)
	}
	c := Cents(roundDiv(n, msatCentsPerBTC))
	if neg {
		return -c
	}
	return c
}

// ErrNoPrice is a dollar amount with no quote to convert it by.
var ErrNoPrice = errors.New("no BTCUSD price to convert dollars by: give the amount in sats")

// MilliSats is c in bitcoin at this quote, rounded half up to the whole
// sat: an invoice for dollars is for whole sats.
func (q Quote) MilliSats(c Cents) (MilliSats, error) {
	if q.Price <= 0 {
		return 0, ErrNoPrice
	}
	if c < 0 {
		return 0, ErrAmountNegative
	}
	// sats = cents × (sats per BTC × price units per cent) / price
	n := new(big.Int).Mul(big.NewInt(int64(c)), new(big.Int).Mul(big.NewInt(100_000_000), big.NewInt(PriceUnit/100)))
	sats := roundDiv(n, big.NewInt(int64(q.Price)))
	if sats > int64(MaxMilliSats/MsatPerSat) {
		return 0, ErrAmountTooLarge
	}
	return Sats(sats), nil
}

// roundDiv is n/d rounded half up, for n ≥ 0, d > 0, and a quotient that
// fits int64 (the callers' bounds make it so).
func roundDiv(n, d *big.Int) int64 {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return 1<<63 - 1
	}
	return q.Int64()
}

// Entry is an amount as typed: in bitcoin (msats) or in dollars (cents),
// to be turned into msats by a quote.
type Entry struct {
	MilliSats MilliSats
	Cents     Cents
	Dollars   bool
}

// ErrDollarsUnderASat is a dollar amount worth less than half a sat at
// the quote: nothing can be asked for or sent.
var ErrDollarsUnderASat = errors.New("that is less than 1 sat at this price: give a larger amount")

// ErrDollarPrecision is a dollar amount finer than a cent.
var ErrDollarPrecision = errors.New("too many decimals: the smallest dollar amount is 1 cent")

// ParseEntry reads an amount the way people type it, in sats or bitcoin
// as ParseMilliSats does, or in dollars: "$5", "$4.50", "5 usd",
// "5.00usd", "usd 5", "5$".
func ParseEntry(s string) (Entry, error) {
	in := strings.TrimSpace(s)
	number, ok := dollarFigure(strings.ToLower(in))
	if !ok {
		m, err := ParseMilliSats(s)
		return Entry{MilliSats: m}, err
	}
	fail := func(err error) (Entry, error) { return Entry{}, &AmountError{Input: in, Err: err} }
	switch {
	case number == "":
		return fail(ErrAmountEmpty)
	case strings.HasPrefix(number, "-") || strings.HasPrefix(number, "−"):
		return fail(ErrAmountNegative)
	}
	whole, frac, hasDot := strings.Cut(number, ".")
	if !allDigits(frac) || (hasDot && whole == "" && frac == "") {
		return fail(ErrAmountSyntax)
	}
	whole, err := ungroup(whole)
	if err != nil {
		return fail(err)
	}
	if !allDigits(whole) {
		return fail(ErrAmountSyntax)
	}
	if len(frac) > 2 {
		if strings.Trim(frac[2:], "0") != "" {
			return fail(ErrDollarPrecision)
		}
		frac = frac[:2]
	}
	digits := strings.TrimLeft(cmp.Or(whole, "0")+frac+strings.Repeat("0", 2-len(frac)), "0")
	if digits == "" {
		return Entry{Dollars: true}, nil
	}
	// More than 21 million bitcoin at any price voltdash takes.
	if len(digits) > 18 {
		return fail(ErrAmountTooLarge)
	}
	n, _ := strconv.ParseInt(digits, 10, 64)
	return Entry{Cents: Cents(n), Dollars: true}, nil
}

// dollarFigure finds the number in a dollar amount: s with a "$" or "usd"
// before or after it.
func dollarFigure(s string) (string, bool) {
	for _, mark := range []string{"$", "usd"} {
		if rest, ok := strings.CutPrefix(s, mark); ok {
			return strings.TrimSpace(rest), true
		}
		if rest, ok := strings.CutSuffix(s, mark); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// At is the amount in msats: as typed, or converted at q, which a dollar
// amount needs (nil: ErrNoPrice).
func (e Entry) At(q *Quote) (MilliSats, error) {
	if !e.Dollars {
		return e.MilliSats, nil
	}
	if q == nil {
		return 0, ErrNoPrice
	}
	return q.MilliSats(e.Cents)
}

// Positive is e refused when it is nothing, as an invoice's amount is.
func (e Entry) Positive(input string) error {
	if e.MilliSats == 0 && e.Cents == 0 {
		return &AmountError{Input: strings.TrimSpace(input), Err: ErrAmountZero}
	}
	return nil
}

// Priced is an amount typed in dollars and the quote that made sats of it.
type Priced struct {
	Cents Cents
	Quote Quote
}

// String says which price made the amount: "$4.50 at BTCUSD $97,123.45
// at 14:05 UTC".
func (p Priced) String() string { return p.Cents.String() + " at " + p.Quote.String() }

// ParsePricedEntry reads a positive amount as typed, in dollars at q when
// typed so (priced then says which price made it). Dollars need q; a
// dollar amount worth less than half a sat is refused as zero.
func ParsePricedEntry(text string, q *Quote) (m MilliSats, priced *Priced, err error) {
	e, err := ParseEntry(text)
	if err != nil {
		return 0, nil, err
	}
	if err := e.Positive(text); err != nil {
		return 0, nil, err
	}
	if m, err = e.At(q); err != nil {
		return 0, nil, err
	}
	if m == 0 {
		return 0, nil, &AmountError{Input: strings.TrimSpace(text), Err: ErrDollarsUnderASat}
	}
	if e.Dollars {
		priced = &Priced{Cents: e.Cents, Quote: *q}
	}
	return m, priced, nil
}

// Lens is how amounts are shown: a unit and, for dollars, the quote that
// converts to them. Dollars without a quote are shown as sats, so a lost
// price never shows a wrong figure.
type Lens struct {
	Unit  Unit
	Quote *Quote
}

// Shown is the unit amounts actually appear in.
func (l Lens) Shown() Unit {
	if l.Unit == UnitUSD && l.Quote == nil {
		return UnitSats
	}
	return l.Unit
}

// Figure is m in the lens without the unit's name: "1,500", "0.00001500",
// "12.34".
func (l Lens) Figure(m MilliSats) string {
	if l.Shown() == UnitUSD {
		return l.Quote.Cents(m).Figure()
	}
	return m.Figure(l.Shown())
}

// Name is what figures in the lens are labelled with: "sats", "BTC",
// "USD".
func (l Lens) Name() string { return l.Shown().Name() }

// Format is m with its unit: "1,500 sats", "0.00001500 BTC", "$12.34".
func (l Lens) Format(m MilliSats) string {
	if l.Shown() == UnitUSD {
		return l.Quote.Cents(m).String()
	}
	return m.Format(l.Shown())
}

// Moved is m as money being moved is shown: in dollars, with the sats
// beside it, so that what the invoice says is never hidden.
func (l Lens) Moved(m MilliSats) string {
	if l.Shown() == UnitUSD {
		return l.Quote.Cents(m).String() + " (" + m.Format(UnitSats) + ")"
	}
	return l.Format(m)
}
