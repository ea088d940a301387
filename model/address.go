package model

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
)

// ErrNotAddress is returned for text that is not a bitcoin address.
var ErrNotAddress = errors.New("not a bitcoin address")

// addressNets are the networks an address can be told apart by. Testnet,
// signet and Mutinynet share address prefixes, so they are one family here.
var addressNets = []struct {
	network Network
	params  *chaincfg.Params
}{
	{Mainnet, &chaincfg.MainNetParams},
	{Testnet, &chaincfg.TestNet3Params},
	{Regtest, &chaincfg.RegressionNetParams},
}

// AddressNetwork decodes a bitcoin address and says which network family
// it belongs to (Mainnet, Testnet for every test network, or Regtest).
func AddressNetwork(addr string) (Network, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" || len(addr) > 100 {
		return "", ErrNotAddress
	}
	for _, n := range addressNets {
		a, err := btcutil.DecodeAddress(addr, n.params)
		if err == nil && a.IsForNet(n.params) {
			return n.network, nil
		}
	}
	return "", ErrNotAddress
}

// addressFamily maps a wallet's network to the address family it accepts.
func (n Network) addressFamily() Network {
	switch n {
	case Testnet, Signet, Mutinynet:
		return Testnet
	}
	return n
}

// CheckAddress says, in one sentence, why addr cannot receive money from a
// wallet on n, or returns nil.
func CheckAddress(addr string, n Network) error {
	got, err := AddressNetwork(addr)
	if err != nil {
		return err
	}
	if got != n.addressFamily() {
		family := got.Label()
		if got == Testnet {
			family = "a test network"
		}
		return fmt.Errorf("address is for %s but the wallet is on %s", family, n.Label())
	}
	return nil
}

// BIP21 is a decoded "bitcoin:" URI.
type BIP21 struct {
	Address   string
	Amount    MilliSats // zero when the URI names none
	Lightning string    // a BOLT 11 invoice offered as an alternative
	Label     string
	Message   string
}

// ParseBIP21 reads a BIP 21 URI. A bare address is accepted as a URI with
// nothing but the address.
func ParseBIP21(s string) (BIP21, error) {
	s = strings.TrimSpace(s)
	rest, hadScheme := cutPrefixFold(s, "bitcoin:")
	if !hadScheme {
		if _, err := AddressNetwork(s); err != nil {
			return BIP21{}, err
		}
		return BIP21{Address: s}, nil
	}
	addr, query, _ := strings.Cut(rest, "?")
	values, err := url.ParseQuery(query)
	if err != nil {
		return BIP21{}, fmt.Errorf("bitcoin URI has a malformed query: %w", err)
	}
	b := BIP21{Address: addr, Lightning: values.Get("lightning"), Label: values.Get("label"), Message: values.Get("message")}
	if amt := values.Get("amount"); amt != "" {
		if b.Amount, err = ParsePositiveMilliSats(amt + " btc"); err != nil {
			return BIP21{}, fmt.Errorf("bitcoin URI amount: %w", err)
		}
	}
	for key := range values {
		if strings.HasPrefix(key, "req-") {
			return BIP21{}, fmt.Errorf("bitcoin URI requires %q, which voltdash does not support", key)
		}
	}
	if addr == "" && b.Lightning == "" {
		return BIP21{}, errors.New("bitcoin URI has neither an address nor an invoice")
	}
	if addr != "" {
		if _, err := AddressNetwork(addr); err != nil {
			return BIP21{}, err
		}
	}
	return b, nil
}

// String writes the URI, amount in BTC and the invoice upper-cased as BIP 21
// suggests for QR codes.
func (b BIP21) String() string {
	q := []string{}
	if b.Amount > 0 {
		q = append(q, "amount="+strings.TrimRight(strings.TrimRight(strings.ReplaceAll(b.Amount.FormatBTC(), ",", ""), "0"), "."))
	}
	if b.Label != "" {
		q = append(q, "label="+url.QueryEscape(b.Label))
	}
	if b.Message != "" {
		q = append(q, "message="+url.QueryEscape(b.Message))
	}
	if b.Lightning != "" {
		q = append(q, "lightning="+strings.ToUpper(b.Lightning))
	}
	uri := "bitcoin:" + b.Address
	if len(q) > 0 {
		uri += "?" + strings.Join(q, "&")
	}
	return uri
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// IsLoopbackHost reports whether host names this machine: the only place
// plain http may go and webhooks are delivered in the simulator.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
