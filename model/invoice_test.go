package model

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/lnwire"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/model/invoicetest"
)

type specExample struct {
	What            string `json:"what"`
	Invoice         string `json:"invoice"`
	Network         string `json:"network"`
	HasAmount       bool   `json:"has_amount"`
	AmountMsat      int64  `json:"amount_msat"`
	Description     string `json:"description"`
	DescriptionHash string `json:"description_hash"`
	ExpirySeconds   int64  `json:"expiry_seconds"`
	PaymentHash     string `json:"payment_hash"`
	Payee           string `json:"payee"`
	Timestamp       int64  `json:"timestamp"`
}

func loadSpecExamples(t testing.TB) []specExample {
	b, err := os.ReadFile("../testdata/bolt11_spec_examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Examples []specExample }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Examples
}

func TestDecodeInvoiceSpecExamples(t *testing.T) {
	for _, ex := range loadSpecExamples(t) {
		t.Run(ex.What, func(t *testing.T) {
			inv, err := DecodeInvoice(ex.Invoice)
			if err != nil {
				t.Fatal(err)
			}
			if inv.Network != Network(ex.Network) || inv.HasAmount != ex.HasAmount ||
				inv.Amount != MilliSats(ex.AmountMsat) || inv.Description != ex.Description ||
				inv.DescriptionHash != ex.DescriptionHash || inv.PaymentHash != ex.PaymentHash ||
				inv.Payee != ex.Payee || !inv.CreatedAt.Equal(time.Unix(ex.Timestamp, 0)) ||
				inv.Expiry != time.Duration(ex.ExpirySeconds)*time.Second {
				t.Errorf("decoded %+v\nwant %+v", inv, ex)
			}
		})
	}
}

func TestDecodeInvoiceAsPasted(t *testing.T) {
	ex := loadSpecExamples(t)[1]
	for _, in := range []string{
		"  " + ex.Invoice + "\n",
		strings.ToUpper(ex.Invoice),
		"lightning:" + ex.Invoice,
		"LIGHTNING:" + strings.ToUpper(ex.Invoice),
	} {
		inv, err := DecodeInvoice(in)
		if err != nil || inv.Amount != MilliSats(ex.AmountMsat) || inv.Raw != ex.Invoice {
			t.Errorf("DecodeInvoice(%.30q…) = %+v, %v", in, inv, err)
		}
	}
}

func TestDecodeInvoiceNetworks(t *testing.T) {
	for _, tt := range []struct {
		net    *chaincfg.Params
		prefix string
		want   Network
	}{
		{&chaincfg.MainNetParams, "lnbc", Mainnet},
		{&chaincfg.TestNet3Params, "lntb", Testnet},
		{&chaincfg.SigNetParams, "lntbs", Signet},
		{&chaincfg.RegressionNetParams, "lnbcrt", Regtest},
	} {
		s := invoicetest.Sign(t, tt.net, time.Unix(1_700_000_000, 0), zpay32.Amount(lnwire.MilliSatoshi(42_000)), zpay32.Description("coffee"))
		if !strings.HasPrefix(s, tt.prefix+"420n1") {
			t.Errorf("%s invoice %q lacks prefix %s", tt.want, s[:12], tt.prefix)
		}
		inv, err := DecodeInvoice(s)
		if err != nil {
			t.Fatalf("%s: %v", tt.want, err)
		}
		pub := invoicetest.Key.PubKey().SerializeCompressed()
		if inv.Network != tt.want || inv.Amount != 42_000 || inv.Payee != hexOf(pub) {
			t.Errorf("%s: decoded %+v", tt.want, inv)
		}
	}
	if !Mutinynet.Accepts(Signet) || Mutinynet.Accepts(Testnet) || Mainnet.Accepts(Signet) {
		t.Error("network matching is wrong")
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestDecodeInvoiceErrors(t *testing.T) {
	valid := loadSpecExamples(t)[1].Invoice
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"", ErrNotInvoice},
		{"hello", ErrNotInvoice},
		{"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", ErrNotInvoice},
		{"lnxy1qqqq", ErrInvoiceNetwork},
		{"ln" + strings.Repeat("q", 8000), ErrInvoiceTooLarge},
		{valid[:len(valid)-1] + "q", nil}, // checksum broken: malformed, no sentinel
		{valid[:40], nil},
	} {
		_, err := DecodeInvoice(tt.in)
		var ie *InvoiceError
		if !errors.As(err, &ie) {
			t.Errorf("DecodeInvoice(%.20q) = %v, want an *InvoiceError", tt.in, err)
			continue
		}
		if tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("DecodeInvoice(%.20q) = %v, want %v", tt.in, err, tt.want)
		}
		if tt.want == nil && !strings.HasPrefix(err.Error(), "invoice is damaged") {
			t.Errorf("DecodeInvoice(%.20q) = %q", tt.in, err)
		}
	}
}

func TestInvoiceExpiryAndPayability(t *testing.T) {
	inv, err := DecodeInvoice(loadSpecExamples(t)[1].Invoice) // 60 s expiry
	if err != nil {
		t.Fatal(err)
	}
	if inv.Expired(inv.CreatedAt.Add(59*time.Second)) || !inv.Expired(inv.CreatedAt.Add(60*time.Second)) {
		t.Error("expiry boundary wrong")
	}
	if err := inv.CheckPayable(Mainnet, inv.CreatedAt); err != nil {
		t.Errorf("payable: %v", err)
	}
	if err := inv.CheckPayable(Mutinynet, inv.CreatedAt); err == nil ||
		err.Error() != "invoice is for Mainnet but the wallet is on Mutinynet" {
		t.Errorf("network mismatch: %v", err)
	}
	if err := inv.CheckPayable(Mainnet, inv.CreatedAt.Add(2*time.Minute)); err == nil ||
		err.Error() != "invoice expired 1m ago" {
		t.Errorf("expired: %v", err)
	}
}

// FuzzDecodeInvoice checks the decoder never panics and that whatever it
// accepts is self-consistent.
func FuzzDecodeInvoice(f *testing.F) {
	for _, ex := range loadSpecExamples(f) {
		f.Add(ex.Invoice)
	}
	f.Add("lightning:LNBC1")
	f.Add("lntbs1")
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := DecodeInvoice(s)
		if err != nil {
			var ie *InvoiceError
			if !errors.As(err, &ie) {
				t.Fatalf("bare error %v", err)
			}
			return
		}
		if !strings.HasPrefix(inv.Raw, inv.Network.InvoicePrefix()) || len(inv.PaymentHash) != 64 || len(inv.Payee) != 66 {
			t.Fatalf("inconsistent invoice %+v", inv)
		}
		if inv.Amount < 0 || (!inv.HasAmount && inv.Amount != 0) {
			t.Fatalf("bad amount %+v", inv)
		}
	})
}
