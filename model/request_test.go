package model

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

const walletID = "3f0c2a9e-5b7d-4e61-9a2c-7d1e8f4b6a10"

func TestBuildersFillAFreshID(t *testing.T) {
	a, err1 := NewBolt11Receive(ReceiveParams{WalletID: walletID, Amount: 2_500_000, Description: "Flat white x2"})
	b, err2 := NewBolt11Receive(ReceiveParams{WalletID: walletID})
	fixed, err3 := NewBolt11Send(SendParams{ID: "f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", WalletID: walletID, Invoice: "lntbs1x"})
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	if uuid.Validate(a.ID) != nil || a.ID == b.ID || fixed.ID != "f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f" {
		t.Errorf("ids %q %q %q", a.ID, b.ID, fixed.ID)
	}
}

func TestBuildersWriteTheWireShapes(t *testing.T) {
	fee := MilliSats(5000)
	tests := []struct {
		name  string
		build func() (PaymentRequest, error)
		want  string
	}{
		{"bolt11 receive", func() (PaymentRequest, error) {
			return NewBolt11Receive(ReceiveParams{ID: "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", WalletID: walletID, Amount: 2_500_000, Description: "Flat white x2"})
		}, `{"id":"6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9","wallet_id":"` + walletID + `","payment_kind":"bolt11","amount":{"amount":2500000,"currency":"btc"},"description":"Flat white x2"}`},
		{"any-amount receive", func() (PaymentRequest, error) {
			return NewBolt11Receive(ReceiveParams{ID: "8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0", WalletID: walletID, Description: "Tip jar"})
		}, `{"id":"8d2f6e3b-0c9a-4f8e-b7d6-c5b4a3f2e1d0","wallet_id":"` + walletID + `","currency":"btc","payment_kind":"bolt11","description":"Tip jar"}`},
		{"onchain receive", func() (PaymentRequest, error) {
			return NewOnchainReceive(ReceiveParams{ID: "c0ffee00-1234-4abc-9def-0123456789ab", WalletID: walletID, Amount: Sats(1500)})
		}, `{"id":"c0ffee00-1234-4abc-9def-0123456789ab","wallet_id":"` + walletID + `","payment_kind":"onchain","amount":{"amount":1500000,"currency":"btc"}}`},
		{"bip21 receive", func() (PaymentRequest, error) {
			return NewBip21Receive(ReceiveParams{ID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", WalletID: walletID, Amount: 25_000_000, Description: "Invoice #1042"})
		}, `{"id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","wallet_id":"` + walletID + `","payment_kind":"bip21","amount":{"amount":25000000,"currency":"btc"},"description":"Invoice #1042"}`},
		{"bolt11 send", func() (PaymentRequest, error) {
			return NewBolt11Send(SendParams{ID: "f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", WalletID: walletID, Invoice: " lntbs20u1pn8x0qspp5... ", MaxFee: &fee})
		}, `{"id":"f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f","wallet_id":"` + walletID + `","currency":"btc","type":"bolt11","data":{"payment_request":"lntbs20u1pn8x0qspp5...","max_fee":{"amount":5000,"currency":"btc"}}}`},
		{"onchain send", func() (PaymentRequest, error) {
			f := Sats(800)
			return NewOnchainSend(SendParams{ID: "93a4b5c6-d7e8-4f90-a1b2-c3d4e5f6a7b8", WalletID: walletID, Address: "tb1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el", Amount: Sats(50_000), MaxFee: &f, Description: "Supplier refund"})
		}, `{"id":"93a4b5c6-d7e8-4f90-a1b2-c3d4e5f6a7b8","wallet_id":"` + walletID + `","currency":"btc","type":"onchain","data":{"address":"tb1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el","amount":{"amount":50000000,"currency":"btc"},"max_fee":{"amount":800000,"currency":"btc"},"description":"Supplier refund"}}`},
		{"bip21 send", func() (PaymentRequest, error) {
			return NewBip21Send(SendParams{ID: "4ace0f69-ce4f-4859-b6d5-d64289290327", WalletID: walletID, Address: "bitcoin:tb1qxy?amount=0.00015", Amount: 15_000_000, Description: "Order 123"})
		}, `{"id":"4ace0f69-ce4f-4859-b6d5-d64289290327","wallet_id":"` + walletID + `","currency":"btc","type":"bip21","data":{"address":"bitcoin:tb1qxy?amount=0.00015","amount":{"amount":15000000,"currency":"btc"},"description":"Order 123"}}`},
	}
	for _, tt := range tests {
		r, err := tt.build()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, _ := json.Marshal(r)
		if string(got) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestBuildersRejectBadInput(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"no wallet", second(NewBolt11Receive(ReceiveParams{Amount: 1000})), ErrNoWallet},
		{"negative receive", second(NewBolt11Receive(ReceiveParams{WalletID: walletID, Amount: -1})), ErrNegativeAmount},
		{"blank memo", second(NewBolt11Receive(ReceiveParams{WalletID: walletID, Description: "  "})), ErrEmptyMemo},
		{"fractional on-chain receive", second(NewOnchainReceive(ReceiveParams{WalletID: walletID, Amount: 1500})), ErrWholeSats},
		{"fractional on-chain send", second(NewOnchainSend(SendParams{WalletID: walletID, Address: "tb1q", Amount: 1_500_500})), ErrWholeSats},
		{"no invoice", second(NewBolt11Send(SendParams{WalletID: walletID, Invoice: "  "})), ErrNoInvoice},
		{"no address", second(NewOnchainSend(SendParams{WalletID: walletID, Amount: Sats(1)})), ErrNoAddress},
		{"on-chain without amount", second(NewOnchainSend(SendParams{WalletID: walletID, Address: "tb1q"})), ErrNeedAmount},
		{"bad id", second(NewBolt11Send(SendParams{ID: "7", WalletID: walletID, Invoice: "lntbs1"})), ErrNoPaymentID},
		{"expiry under a second", second(NewBolt11Receive(ReceiveParams{WalletID: walletID, Expiry: 500 * time.Millisecond})), ErrExpiryRange},
		{"negative expiry", second(NewBolt11Receive(ReceiveParams{WalletID: walletID, Expiry: -time.Minute})), ErrExpiryRange},
		{"expiry over a day", second(NewBip21Receive(ReceiveParams{WalletID: walletID, Amount: Sats(1), Expiry: 24*time.Hour + time.Second})), ErrExpiryRange},
		{"expiry in part seconds", second(NewBolt11Receive(ReceiveParams{WalletID: walletID, Expiry: 1500 * time.Millisecond})), ErrExpirySeconds},
	}
	for _, tt := range tests {
		if tt.want == nil {
			if tt.err == nil {
				t.Errorf("%s: accepted", tt.name)
			}
			continue
		}
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.err, tt.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// TestReceiveExpiryIsSentInSeconds: an expiry goes as create_payment's
// `expiration` in seconds, for every kind, up to the spec's 86400; none is
// sent when it is left at zero (the API's 3600).
func TestReceiveExpiryIsSentInSeconds(t *testing.T) {
	for _, tt := range []struct {
		build func(ReceiveParams) (ReceiveRequest, error)
		p     ReceiveParams
		want  string
	}{
		{NewBolt11Receive, ReceiveParams{Expiry: 10 * time.Minute}, `"expiration":600`},
		{NewBolt11Receive, ReceiveParams{Expiry: MinReceiveExpiry}, `"expiration":1`},
		{NewOnchainReceive, ReceiveParams{Amount: Sats(1500), Expiry: MaxReceiveExpiry}, `"expiration":86400`},
		{NewBip21Receive, ReceiveParams{Amount: Sats(1500), Expiry: 90 * time.Second}, `"expiration":90`},
		{NewBolt11Receive, ReceiveParams{}, ``},
	} {
		tt.p.WalletID = walletID
		r, err := tt.build(tt.p)
		if err != nil {
			t.Fatalf("%v: %v", tt.p.Expiry, err)
		}
		b, _ := json.Marshal(r)
		if got := strings.Contains(string(b), `"expiration"`); got != (tt.want != "") || !strings.Contains(string(b), tt.want) {
			t.Errorf("%v: %s", tt.p.Expiry, b)
		}
	}
	if DefaultReceiveExpiry != time.Hour || CheckReceiveExpiry(DefaultReceiveExpiry) != nil {
		t.Error("the API's default is not an hour, or is refused")
	}
}

func TestParseReceiveExpiry(t *testing.T) {
	for in, want := range map[string]time.Duration{"10m": 10 * time.Minute, " 1h30m ": 90 * time.Minute, "1d": 24 * time.Hour, "90S": 90 * time.Second} {
		if got, err := ParseReceiveExpiry(in); err != nil || got != want {
			t.Errorf("%q = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, want := range map[string]error{"2d": ErrExpiryRange, "25h": ErrExpiryRange, "0s": ErrExpiryRange, "-5m": ErrExpiryRange, "1.5s": ErrExpirySeconds} {
		if _, err := ParseReceiveExpiry(in); !errors.Is(err, want) {
			t.Errorf("%q: %v, want %v", in, err, want)
		}
	}
	if _, err := ParseReceiveExpiry("soon"); err == nil || !strings.Contains(err.Error(), "not a duration") {
		t.Errorf("soon: %v", err)
	}
}
