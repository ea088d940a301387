package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MilliSats is an amount of bitcoin in millisatoshis, the unit the Voltage
// API uses for Lightning amounts and balances. Money is never a float.
type MilliSats int64

const (
	MsatPerSat MilliSats = 1_000
	MsatPerBTC MilliSats = 100_000_000 * MsatPerSat

	// MaxMilliSats is every bitcoin there will ever be; anything larger is a
	// typo, not an amount.
	MaxMilliSats MilliSats = 21_000_000 * MsatPerBTC
)

// Sats converts whole satoshis, the unit of the API's on-chain fields.
func Sats(n int64) MilliSats { return MilliSats(n) * MsatPerSat }

// WholeSats truncates to whole satoshis, for on-chain fields that cannot
// carry fractions.
func (m MilliSats) WholeSats() int64 { return int64(m / MsatPerSat) }

// HasFractionalSats reports whether m cannot be sent on-chain exactly.
func (m MilliSats) HasFractionalSats() bool { return m%MsatPerSat != 0 }

// Unit is how amounts are shown to the user.
type Unit int

const (
	UnitSats Unit = iota
	UnitBTC
	// UnitUSD shows dollars at a quote (see Lens); on its own, with no
	// quote to convert by, it formats as sats.
	UnitUSD
)

// Units are the units in the order u cycles through them.
var Units = []Unit{UnitSats, UnitBTC, UnitUSD}

// Next is the unit after u in the cycle.
func (u Unit) Next() Unit { return Units[(int(u)+1)%len(Units)] }

func (u Unit) String() string {
	switch u {
	case UnitBTC:
		return "btc"
	case UnitUSD:
		return "usd"
	}
	return "sats"
}

// Lens is u with no quote: dollars fall back to sats.
func (u Unit) Lens() Lens { return Lens{Unit: u} }

// ParseUnit reads the unit names a user puts in a config file.
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "sat", "sats":
		return UnitSats, nil
	case "btc":
		return UnitBTC, nil
	case "usd", "$":
		return UnitUSD, nil
	}
	return UnitSats, fmt.Errorf("unknown unit %q: use sats, btc or usd", s)
}

// Errors returned (wrapped in *AmountError) by the amount parsers. Each is a
// different mistake and gets its own sentence.
var (
	ErrAmountEmpty     = errors.New("amount is empty")
	ErrAmountNegative  = errors.New("amount cannot be negative")
	ErrAmountZero      = errors.New("amount must be more than zero")
	ErrAmountTooLarge  = errors.New("amount is more than 21,000,000 BTC")
	ErrAmountPrecision = errors.New("too many decimals: the smallest amount is 1 msat (0.001 sat)")
	ErrAmountSyntax    = errors.New("not a number")
	ErrAmountUnit      = errors.New("unknown unit")
	ErrAmountGrouping  = errors.New("misplaced thousands separator")
)

// AmountError says which rule an amount broke and what was typed.
type AmountError struct {
	Input string
	Err   error
}

func (e *AmountError) Error() string {
	switch e.Err {
	case ErrAmountSyntax, ErrAmountGrouping:
		return fmt.Sprintf("%s: %q", e.Err, e.Input)
	case ErrAmountUnit:
		return fmt.Sprintf("%s in %q: use sats, msats, btc or k (thousand sats)", e.Err, e.Input)
	}
	return e.Err.Error()
}

func (e *AmountError) Unwrap() error { return e.Err }

// unitScales maps a unit suffix to the power of ten that turns it into msats.
var unitScales = map[string]int{
	"": 3, "sat": 3, "sats": 3, "satoshi": 3, "satoshis": 3,
	"k": 6, "ksat": 6, "ksats": 6,
	"msat": 0, "msats": 0, "millisat": 0, "millisats": 0,
	"btc": 11,
}

// ParseMilliSats reads an amount the way people type it: "1500",
// "1,500", "1500 sats", "0.00001 btc", "2.5k", "1500000 msat". A bare number
// is sats. Zero is accepted; use ParsePositiveMilliSats where it is not.
func ParseMilliSats(s string) (MilliSats, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, &AmountError{Input: s, Err: ErrAmountEmpty}
	}
	text := strings.ToLower(in)
	if strings.HasPrefix(text, "-") || strings.HasPrefix(text, "−") {
		return 0, &AmountError{Input: in, Err: ErrAmountNegative}
	}
	end := strings.IndexFunc(text, func(r rune) bool {
		return (r < '0' || r > '9') && r != '.' && r != ',' && r != '_'
	})
	if end < 0 {
		end = len(text)
	}
	number, unit := text[:end], strings.TrimSpace(text[end:])
	if number == "" {
		return 0, &AmountError{Input: in, Err: ErrAmountSyntax}
	}
	scale, ok := unitScales[unit]
	if !ok {
		if strings.IndexFunc(unit, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' }) >= 0 {
			return 0, &AmountError{Input: in, Err: ErrAmountSyntax}
		}
		return 0, &AmountError{Input: in, Err: ErrAmountUnit}
	}
	whole, frac, hasDot := strings.Cut(number, ".")
	if strings.ContainsAny(frac, ".,_") || (hasDot && whole == "" && frac == "") {
		return 0, &AmountError{Input: in, Err: ErrAmountSyntax}
	}
	whole, err := ungroup(whole)
	if err != nil {
		return 0, &AmountError{Input: in, Err: err}
	}
	if whole == "" {
		whole = "0"
	}
	if len(frac) > scale {
		if strings.Trim(frac[scale:], "0") != "" {
			return 0, &AmountError{Input: in, Err: ErrAmountPrecision}
		}
		frac = frac[:scale]
	}
	digits := strings.TrimLeft(whole+frac+strings.Repeat("0", scale-len(frac)), "0")
	if digits == "" {
		return 0, nil
	}
	if len(digits) > 19 {
		return 0, &AmountError{Input: in, Err: ErrAmountTooLarge}
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > uint64(MaxMilliSats) {
		return 0, &AmountError{Input: in, Err: ErrAmountTooLarge}
	}
	return MilliSats(n), nil
}

// ParsePositiveMilliSats is ParseMilliSats for fields where zero means a
// mistake, such as the amount of an invoice.
func ParsePositiveMilliSats(s string) (MilliSats, error) {
	m, err := ParseMilliSats(s)
	if err == nil && m == 0 {
		return 0, &AmountError{Input: strings.TrimSpace(s), Err: ErrAmountZero}
	}
	return m, err
}

// ungroup removes thousands separators, insisting they sit every three
// digits so that "1,50" is caught as a typo rather than read as 150.
func ungroup(whole string) (string, error) {
	if !strings.ContainsAny(whole, ",_") {
		return whole, nil
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == ',' || r == '_' })
	if len(groups) < 2 || strings.Count(whole, ",")+strings.Count(whole, "_") != len(groups)-1 {
		return "", ErrAmountGrouping
	}
	for i, g := range groups {
		if (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
			return "", ErrAmountGrouping
		}
	}
	return strings.Join(groups, ""), nil
}

// String shows the amount in sats, the unit people think in.
func (m MilliSats) String() string { return m.Format(UnitSats) }

// Format renders m with its unit: "1,500 sats", "1,500.5 sats",
// "0.00001500 BTC".
func (m MilliSats) Format(u Unit) string {
	if u == UnitBTC {
		return m.FormatBTC() + " BTC"
	}
	if m == MsatPerSat {
		return "1 sat"
	}
	return m.FormatSats() + " sats"
}

// FormatSats is the number of sats with thousands separators and, only when
// there are any, the msat fraction.
func (m MilliSats) FormatSats() string {
	neg, u := splitSign(m)
	s := group(strconv.FormatUint(u/1000, 10))
	if r := u % 1000; r != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%03d", r), "0")
	}
	return neg + s
}

// FormatBTC is the amount in BTC with the usual eight decimals, extended
// only when msats would otherwise be hidden.
func (m MilliSats) FormatBTC() string {
	neg, u := splitSign(m)
	btc, rest := u/uint64(MsatPerBTC), u%uint64(MsatPerBTC)
	frac := fmt.Sprintf("%011d", rest)
	if strings.HasSuffix(frac, "000") {
		frac = frac[:8]
	} else {
		frac = strings.TrimRight(frac, "0")
	}
	return neg + group(strconv.FormatUint(btc, 10)) + "." + frac
}

func splitSign(m MilliSats) (string, uint64) {
	if m < 0 {
		return "-", uint64(-(m + 1)) + 1 // safe for math.MinInt64
	}
	return "", uint64(m)
}

func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// DefaultMaxFee is the fee cap Voltage applies to a Lightning send when the
// caller gives none: 1 % of the amount, but at least 1,000 msats
// (SendPaymentRequest's max_fee).
func DefaultMaxFee(amount MilliSats) MilliSats {
	return max(amount/100, 1000)
}

// Figure is the amount in u without the unit's name, for columns whose
// heading names it: "1,500" or "0.00001500".
func (m MilliSats) Figure(u Unit) string {
	if u == UnitBTC {
		return m.FormatBTC()
	}
	return m.FormatSats()
}

// Name is the unit as amounts are labelled with it: "sats", "BTC" or
// "USD".
func (u Unit) Name() string {
	switch u {
	case UnitBTC:
		return "BTC"
	case UnitUSD:
		return "USD"
	}
	return "sats"
}
