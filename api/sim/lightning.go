package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcec/v2/ecdsa"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/btcsuite/btcd/chaincfg/chainhash"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/model"
)

// chainParams are the parameters of the simulated network: Mutinynet is a
// signet, whose invoices start lntbs and addresses tb1.
var chainParams = &chaincfg.SigNetParams

// invoiceSpec describes an invoice to sign.
type invoiceSpec struct {
	hash    [32]byte
	amount  model.MilliSats // zero: any amount
	memo    string
	created time.Time
	expiry  time.Duration
	// descHash, when set, is committed to instead of memo (BOLT 11's h
	// field): an LNURL-pay invoice commits to the SHA-256 of the pay
	// request's metadata (LUD-06).
	descHash *[32]byte
	// params is the network; nil: the simulated signet. Only the Lightning
	// Address service's wrong-network fault sets another.
	params *chaincfg.Params
}

func encodeInvoice(key *btcec.PrivateKey, spec invoiceSpec) (string, error) {
	opts := []func(*zpay32.Invoice){zpay32.Expiry(spec.expiry),
		zpay32.CLTVExpiry(80), zpay32.PaymentAddr(sha256.Sum256(spec.hash[:]))}
	// BOLT 11 takes a description or its hash, never both.
	if spec.descHash != nil {
		opts = append(opts, zpay32.DescriptionHash(*spec.descHash))
	} else {
		opts = append(opts, zpay32.Description(spec.memo))
	}
	if spec.amount > 0 {
		opts = append(opts, zpay32.Amount(lnwire.MilliSatoshi(spec.amount)))
	}
	params := spec.params
	if params == nil {
		params = chainParams
	}
	// Second precision, as BOLT 11 timestamps are.
	z, err := zpay32.NewInvoice(params, spec.hash, spec.created.Truncate(time.Second), opts...)
	if err != nil {
		return "", err
	}
	return z.Encode(zpay32.MessageSigner{SignCompact: func(msg []byte) ([]byte, error) {
		return ecdsa.SignCompact(key, chainhash.HashB(msg), true), nil
	}})
}

// newPreimage returns a preimage and its payment hash.
func (s *Sim) newPreimage() (preimage, hash [32]byte) {
	copy(preimage[:], s.bytes(32))
	return preimage, sha256.Sum256(preimage[:])
}

func (s *Sim) newAddress() string {
	addr, _ := btcutil.NewAddressWitnessPubKeyHash(s.bytes(20), chainParams)
	return addr.EncodeAddress()
}

func (s *Sim) newTxID() string { return s.hex32() }

func (s *Sim) externalInvoice(e ExternalInvoice) (string, error) {
	if e.Expiry == 0 {
		e.Expiry = time.Hour
	}
	if e.Created.IsZero() {
		e.Created = s.clock.Now()
	}
	_, hash := s.newPreimage()
	return encodeInvoice(s.outside, invoiceSpec{hash: hash, amount: e.Amount, memo: e.Memo, created: e.Created, expiry: e.Expiry})
}

func hexHash(h [32]byte) string { return hex.EncodeToString(h[:]) }
