package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Currency is "btc", "usd" or "asset:<group key>". The API is lower-case,
// but some of its documentation says "BTC", so reading folds case.
type Currency string

const (
	BTC Currency = "btc"
	USD Currency = "usd"
)

func (c *Currency) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*c = Currency(strings.ToLower(s))
	return nil
}

// IsAsset reports a Taproot Assets currency, which voltdash shows but does
// not move.
func (c Currency) IsAsset() bool { return strings.HasPrefix(string(c), "asset:") }

// Amount is the API's {amount, currency, unit} object.
type Amount struct {
	Amount   int64    `json:"amount"`
	Currency Currency `json:"currency"`
	Unit     string   `json:"unit,omitempty"`
}

// BTCAmount is the amount object of a btc amount.
func BTCAmount(m MilliSats) *Amount { return &Amount{Amount: int64(m), Currency: BTC} }

// MilliSats returns a btc amount in msats; the unit is ignored because it is
// always msats for btc and spelled two ways in the sources. Check Currency
// first: a usd amount is in cents.
func (a Amount) MilliSats() MilliSats { return MilliSats(a.Amount) }

// IsBTC reports an amount in bitcoin (msats); an amount that names no
// currency is read as bitcoin, as the legacy fields are.
func (a Amount) IsBTC() bool { return a.Currency == BTC || a.Currency == "" }

// btc is a's msats when a is present and in bitcoin.
func (a *Amount) btc() (MilliSats, bool) {
	if a == nil || !a.IsBTC() {
		return 0, false
	}
	return a.MilliSats(), true
}

// SignedAmount is a magnitude with a separate sign, as balances and holds
// carry it. The older documentation shows bare integers instead, which are
// read as non-negative msats.
type SignedAmount struct {
	Amount   int64    `json:"amount"`
	Currency Currency `json:"currency"`
	Negative bool     `json:"negative"`
	Unit     string   `json:"unit,omitempty"`
}

// NewSignedAmount builds the wire form of a signed btc amount.
func NewSignedAmount(m MilliSats) SignedAmount {
	if m < 0 {
		return SignedAmount{Amount: int64(-m), Currency: BTC, Negative: true, Unit: "msats"}
	}
	return SignedAmount{Amount: int64(m), Currency: BTC, Unit: "msats"}
}

// MilliSats applies the sign.
func (a SignedAmount) MilliSats() MilliSats {
	if a.Negative {
		return -MilliSats(a.Amount)
	}
	return MilliSats(a.Amount)
}

func (a *SignedAmount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("amount: %w", err)
		}
		*a = NewSignedAmount(MilliSats(n))
		a.Unit = ""
		return nil
	}
	type plain SignedAmount
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.Amount < 0 { // a signed number where a magnitude belongs still means what it says
		p.Amount, p.Negative = -p.Amount, !p.Negative
	}
	*a = SignedAmount(p)
	return nil
}

// Network is the chain a wallet lives on, as the API names it in responses.
type Network string

const (
	Mainnet   Network = "mainnet"
	Testnet   Network = "testnet"
	Signet    Network = "signet"
	Mutinynet Network = "mutinynet"
	Regtest   Network = "regtest"
)

// Label is the name shown to people.
func (n Network) Label() string {
	switch n {
	case Mainnet:
		return "Mainnet"
	case Testnet:
		return "Testnet"
	case Signet:
		return "Signet"
	case Mutinynet:
		return "Mutinynet"
	case Regtest:
		return "Regtest"
	case "":
		return "unknown network"
	}
	return string(n)
}

// IsReal reports whether coins on n have value, so the UI can be loud about
// it.
func (n Network) IsReal() bool { return n == Mainnet }

// InvoicePrefix is the BOLT 11 human-readable prefix of invoices on n.
// Mutinynet is a signet and shares its prefix.
func (n Network) InvoicePrefix() string {
	switch n {
	case Mainnet:
		return "lnbc"
	case Testnet:
		return "lntb"
	case Signet, Mutinynet:
		return "lntbs"
	case Regtest:
		return "lnbcrt"
	}
	return ""
}

// AddressPrefix is the bech32 prefix of segwit addresses on n.
func (n Network) AddressPrefix() string {
	switch n {
	case Mainnet:
		return "bc"
	case Testnet, Signet, Mutinynet:
		return "tb"
	case Regtest:
		return "bcrt"
	}
	return ""
}

// Accepts reports whether money addressed to network other can be paid from
// a wallet on n. Invoices only tell signets apart from testnet by prefix,
// so Mutinynet accepts signet invoices.
func (n Network) Accepts(other Network) bool {
	if n == other {
		return true
	}
	sig := func(x Network) bool { return x == Signet || x == Mutinynet }
	return sig(n) && sig(other)
}

// FormatAmount shows an amount object in its own unit: bitcoin through l
// (sats, BTC or dollars), dollars as $1,234.56, anything else as a count
// of its units.
func FormatAmount(a Amount, l Lens) string {
	switch {
	case a.IsBTC():
		return l.Format(a.MilliSats())
	case a.Currency == USD:
		sign, cents := "", a.Amount
		if cents < 0 {
			sign, cents = "−", -cents
		}
		return fmt.Sprintf("%s$%s.%02d", sign, group(strconv.FormatInt(cents/100, 10)), cents%100)
	case a.Currency.IsAsset():
		return group(strconv.FormatInt(a.Amount, 10)) + " asset units"
	}
	return group(strconv.FormatInt(a.Amount, 10)) + " " + string(a.Currency)
}
