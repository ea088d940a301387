package model

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"
)

// Invoice is a decoded BOLT 11 payment request.
type Invoice struct {
	Raw             string // as given, without any "lightning:" prefix, lower-cased
	Network         Network
	Amount          MilliSats // zero when the payer chooses the amount
	HasAmount       bool
	Description     string
	DescriptionHash string // hex, when the invoice commits to a hash instead of text
	PaymentHash     string // hex
	Payee           string // hex compressed public key
	Fallback        string // an on-chain address the invoice offers instead, if any
	CreatedAt       time.Time
	Expiry          time.Duration
}

// ExpiresAt is when the invoice can no longer be paid.
func (inv Invoice) ExpiresAt() time.Time { return inv.CreatedAt.Add(inv.Expiry) }

// Expired reports whether the invoice can no longer be paid at now.
func (inv Invoice) Expired(now time.Time) bool { return !now.Before(inv.ExpiresAt()) }

// Errors of DecodeInvoice that a person can act on.
var (
	ErrNotInvoice      = errors.New("not a Lightning invoice (it should start with lnbc, lntb, lntbs or lnbcrt)")
	ErrInvoiceNetwork  = errors.New("invoice is for a network voltdash does not know")
	ErrInvoiceTooLarge = errors.New("invoice is too long")
)

// InvoiceError explains why an invoice could not be read.
type InvoiceError struct {
	Err    error // one of the errors above, or nil for a malformed invoice
	Detail string
}

func (e *InvoiceError) Error() string {
	switch {
	case e.Err != nil:
		return e.Err.Error()
	case strings.Contains(e.Detail, "checksum"):
		return "invoice is damaged: its checksum does not match, so part of it is missing or mistyped"
	}
	return "invoice is damaged or incomplete: " + e.Detail
}

func (e *InvoiceError) Unwrap() error { return e.Err }

// invoicePrefixes maps BOLT 11 prefixes to networks, longest first so that
// lnbcrt is not read as lnbc and lntbs not as lntb.
var invoicePrefixes = []struct {
	prefix  string
	network Network
	params  *chaincfg.Params
}{
	{"lnbcrt", Regtest, &chaincfg.RegressionNetParams},
	{"lntbs", Signet, &chaincfg.SigNetParams},
	{"lntb", Testnet, &chaincfg.TestNet3Params},
	{"lnbc", Mainnet, &chaincfg.MainNetParams},
}

// maxInvoiceLen bounds what is handed to the decoder; zpay32 enforces its
// own limit, this keeps pasted novels out of it.
const maxInvoiceLen = 7089

// DecodeInvoice reads a BOLT 11 invoice as a person pastes it: surrounding
// space, a "lightning:" prefix and upper case are all fine.
func DecodeInvoice(s string) (Invoice, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	text = strings.TrimPrefix(text, "lightning:")
	if len(text) > maxInvoiceLen {
		return Invoice{}, &InvoiceError{Err: ErrInvoiceTooLarge}
	}
	if !strings.HasPrefix(text, "ln") || !strings.Contains(text, "1") {
		return Invoice{}, &InvoiceError{Err: ErrNotInvoice}
	}
	for _, p := range invoicePrefixes {
		if !strings.HasPrefix(text, p.prefix) {
			continue
		}
		decoded, err := zpay32.Decode(text, p.params)
		if err != nil {
			return Invoice{}, &InvoiceError{Detail: err.Error()}
		}
		return fromZpay32(text, p.network, decoded), nil
	}
	return Invoice{}, &InvoiceError{Err: ErrInvoiceNetwork}
}

func fromZpay32(raw string, network Network, z *zpay32.Invoice) Invoice {
	inv := Invoice{Raw: raw, Network: network, CreatedAt: z.Timestamp, Expiry: z.Expiry()}
	if z.MilliSat != nil {
		inv.Amount, inv.HasAmount = MilliSats(*z.MilliSat), true
	}
	if z.Description != nil {
		inv.Description = *z.Description
	}
	if z.DescriptionHash != nil {
		inv.DescriptionHash = hex.EncodeToString(z.DescriptionHash[:])
	}
	if z.PaymentHash != nil {
		inv.PaymentHash = hex.EncodeToString(z.PaymentHash[:])
	}
	if z.FallbackAddr != nil {
		inv.Fallback = z.FallbackAddr.EncodeAddress()
	}
	if z.Destination != nil {
		inv.Payee = hex.EncodeToString(z.Destination.SerializeCompressed())
	}
	return inv
}

// CheckPayable says, in one sentence, why an invoice cannot be paid from a
// wallet on network at now, or returns nil.
func (inv Invoice) CheckPayable(network Network, now time.Time) error {
	if !network.Accepts(inv.Network) {
		return fmt.Errorf("invoice is for %s but the wallet is on %s", inv.Network.Label(), network.Label())
	}
	if inv.Expired(now) {
		return fmt.Errorf("invoice expired %s ago", ShortDuration(now.Sub(inv.ExpiresAt())))
	}
	return nil
}
