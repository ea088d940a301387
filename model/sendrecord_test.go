package model

import (
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/lightningnetwork/lnd/zpay32"

	"github.com/voltdash/voltdash/model/invoicetest"
)

const testAddr = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"

// TestBIP21PartsMustAgree: a bitcoin: URI whose amount, address or
// network disagrees with its own invoice could show one payment and make
// another; it is refused with the disagreement named.
func TestBIP21PartsMustAgree(t *testing.T) {
	w := mutinyWallet(Sats(100_000))
	inv := invoicetest.Make(t, &chaincfg.SigNetParams, 2_500_000, "Order 7", t0, time.Hour)
	other, _ := btcutil.DecodeAddress("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", &chaincfg.SigNetParams)
	withFallback := invoicetest.Sign(t, &chaincfg.SigNetParams, t0, zpay32.Amount(2_500_000), zpay32.Description("Order 7"),
		zpay32.PaymentAddr([32]byte{1}), zpay32.FallbackAddr(other))
	for _, tt := range []struct{ name, uri, want string }{
		{"amount disagrees", "bitcoin:" + testAddr + "?amount=0.00000500&lightning=" + inv,
			"the bitcoin URI asks for 500 sats but its invoice asks for 2,500 sats: ask the payee for a new request"},
		{"address on another network", "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?lightning=" + inv,
			"address is for Mainnet but the wallet is on Mutinynet"},
		{"address is not the invoice's fallback", "bitcoin:" + testAddr + "?lightning=" + withFallback,
			"the bitcoin URI's address " + testAddr + " is not its invoice's fallback address " + other.EncodeAddress() +
				": ask the payee for a new request"},
	} {
		plan, bad := PlanSend(tt.uri, "", "", w, true, t0, nil)
		if bad.Target != tt.want {
			t.Errorf("%s: %q, want %q (plan %+v)", tt.name, bad.Target, tt.want, plan)
		}
	}
	// When they agree, both are kept, for the confirmation to show.
	plan, bad := PlanSend("bitcoin:"+testAddr+"?amount=0.000025&message=Order%207&lightning="+inv, "", "", w, true, t0, nil)
	if !bad.OK() || plan.ChainAddress != testAddr || plan.Invoice.Raw != inv || plan.Amount != 2_500_000 {
		t.Errorf("agreeing URI: %+v %+v", plan, bad)
	}
	plan, _ = PlanSend("bitcoin:"+strings.ToUpper(other.EncodeAddress())+"?lightning="+withFallback, "", "", w, true, t0, nil)
	if plan.ChainAddress == "" {
		t.Error("an address matching the fallback in another case is refused")
	}
}

// TestRepeats is the duplicate-send rule the journal applies.
func TestRepeats(t *testing.T) {
	inv := invoicetest.Make(t, &chaincfg.SigNetParams, 2_500_000, "x", t0, time.Hour)
	w := mutinyWallet(Sats(100_000))
	plan, _ := PlanSend(inv, "", "", w, true, t0, nil)
	first, _ := plan.Record(w.ID)
	first.CreatedAt = t0
	again, _ := plan.Record(w.ID)
	again.CreatedAt = t0.Add(40 * 24 * time.Hour)
	upper, _ := PlanSend("lightning:"+strings.ToUpper(inv), "", "", w, true, t0, nil)
	shouting, _ := upper.Record(w.ID)
	chain, _ := PlanSend(testAddr, "1000", "", w, true, t0, nil)
	toAddr, _ := chain.Record(w.ID)
	toAddr.CreatedAt = t0
	later := toAddr
	later.ID, later.CreatedAt = NewID(), t0.Add(23*time.Hour)
	dayAfter := later
	dayAfter.CreatedAt = t0.Add(25 * time.Hour)
	otherAmount := later
	otherAmount.Amount = Sats(1001)
	legacy := first
	legacy.ID, legacy.Destination = NewID(), ""
	both, _ := PlanSend("bitcoin:"+testAddr+"?amount=0.00001&lightning="+invoicetest.Make(t, &chaincfg.SigNetParams, 1_000_000, "y", t0, time.Hour),
		"", "", w, true, t0, nil)
	viaURI, _ := both.Record(w.ID)
	viaURI.CreatedAt = t0
	state := func(r SendRecord, s SendState, st Status) SendRecord { r.State, r.Status = s, st; return r }
	for _, tt := range []struct {
		name          string
		next, earlier SendRecord
		want          bool
	}{
		{"same invoice, still going", again, state(first, SendAccepted, StatusSending), true},
		{"same invoice, weeks later, completed", again, state(first, SendFinal, StatusCompleted), true},
		{"same invoice in capitals", shouting, state(first, SendRecorded, ""), true},
		{"same invoice, failed before", again, state(first, SendFinal, StatusFailed), false},
		{"same invoice, refused before", again, state(first, SendRefused, ""), false},
		{"an old record without a destination", again, state(legacy, SendFinal, StatusCompleted), true},
		{"same address and amount within a day", later, state(toAddr, SendFinal, StatusCompleted), true},
		{"same address and amount a day later", dayAfter, state(toAddr, SendFinal, StatusCompleted), false},
		{"same address, another amount", otherAmount, state(toAddr, SendAccepted, StatusSending), false},
		{"another destination", toAddr, state(first, SendAccepted, StatusSending), false},
		{"the address of a BIP 21 URI paid earlier", later, state(viaURI, SendFinal, StatusCompleted), true},
		{"itself", first, first, false},
	} {
		if got := tt.next.Repeats(tt.earlier); got != tt.want {
			t.Errorf("%s: Repeats = %v (destinations %q, %q)", tt.name, got, tt.next.DestinationKey(), tt.earlier.DestinationKey())
		}
	}
}

// TestOutcomeMismatch names both sides of each difference between what
// was confirmed and what Voltage reports completed.
func TestOutcomeMismatch(t *testing.T) {
	inv := invoicetest.Make(t, &chaincfg.SigNetParams, 2_500_000, "x", t0, time.Hour)
	w := mutinyWallet(Sats(100_000))
	plan, _ := PlanSend(inv, "", "50", w, true, t0, nil)
	rec, _ := plan.Record(w.ID)
	fee := MilliSats(40_000)
	paid := func(amount MilliSats, fee MilliSats, wallet string, status Status) Payment {
		return Payment{ID: rec.ID, WalletID: wallet, Direction: Send, Kind: Bolt11, Status: status,
			Data: SendBolt11Data{AmountMsats: amount, FeeMsats: &fee}}
	}
	for _, tt := range []struct {
		name string
		p    Payment
		want string
	}{
		{"as confirmed", paid(2_500_000, fee, w.ID, StatusCompleted), ""},
		{"still going", paid(9_000_000, fee, w.ID, StatusSending), ""},
		{"another amount", paid(500_000_000, fee, w.ID, StatusCompleted), "Voltage reports 500,000 sats sent, but 2,500 sats was confirmed"},
		{"fee above the cap", paid(2_500_000, 50_001, w.ID, StatusCompleted), "the fee of 50.001 sats is above the cap of 50 sats"},
		{"another wallet", paid(2_500_000, fee, "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a", StatusCompleted),
			"it left wallet 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a, not " + w.ID},
	} {
		if got := rec.OutcomeMismatch(tt.p); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestPayingALightningAddressAgainIsARepeat(t *testing.T) {
	first := SendRecord{ID: "a", Amount: Sats(2100), PayTo: "coffee@example.org", State: SendFinal, Status: StatusCompleted,
		Destination: "lightning:1111 lnurl:coffee@example.org", CreatedAt: t0}
	again := SendRecord{ID: "b", Amount: Sats(2100), PayTo: "Coffee@Example.org",
		Destination: "lightning:2222 lnurl:coffee@example.org", CreatedAt: t0.Add(time.Hour)}
	if !again.Repeats(first) {
		t.Fatal("the same amount to the same address within a day is not asked about")
	}
	other := again
	other.Amount = Sats(2200)
	if other.Repeats(first) {
		t.Fatal("another amount to the same address is a new payment")
	}
	if msg := (&DuplicateSendError{Earlier: first}).Error(); !strings.HasPrefix(msg, "coffee@example.org, for the same amount, was already sent") {
		t.Fatalf("message = %q", msg)
	}
	plan := SendPlan{Kind: Bolt11, Invoice: &Invoice{Raw: "lntbs1x", PaymentHash: "3333"}, PayTo: "Coffee@Example.org"}
	if d := plan.Destination(); d != "lightning:3333 lnurl:coffee@example.org" {
		t.Fatalf("destination = %q", d)
	}
}
