// Package invoicetest signs BOLT 11 invoices for tests, with one fixed node
// key and payment hash, so that what tests print (golden files, QR codes)
// is the same every run.
package invoicetest

import (
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/zpay32"
)

// Key is the node key that signs every test invoice.
var Key, _ = btcec.PrivKeyFromBytes([]byte("voltdash test node key, 32 bytes"))

// Sign encodes an invoice for net, created at, with the given fields.
func Sign(t testing.TB, net *chaincfg.Params, at time.Time, fields ...func(*zpay32.Invoice)) string {
	t.Helper()
	var hash [32]byte
	hash[3] = 9
	z, err := zpay32.NewInvoice(net, hash, at, fields...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := z.Encode(zpay32.MessageSigner{SignCompact: func(m []byte) ([]byte, error) {
		return ecdsa.SignCompact(Key, chainhash.HashB(m), true), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Make is the usual invoice: an amount (0: the payer chooses), a
// description and an expiry, as the simulator issues them.
func Make(t testing.TB, net *chaincfg.Params, amount lnwire.MilliSatoshi, memo string, at time.Time, expiry time.Duration) string {
	t.Helper()
	fields := []func(*zpay32.Invoice){zpay32.Description(memo), zpay32.PaymentAddr([32]byte{1}), zpay32.CLTVExpiry(80),
		zpay32.Expiry(expiry)}
	if amount > 0 {
		fields = append(fields, zpay32.Amount(amount))
	}
	return Sign(t, net, at, fields...)
}
