package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/qr/qrtest"
)

var quoteShown = regexp.MustCompile(`at BTCUSD \$([\d,]+\.\d\d) at \d\d:\d\d UTC`)

// TestPointOfSaleInTheDemo: voltdash pos on the demo at 120×40. $4.50 is
// typed on the keypad; the code on screen reads back as an invoice for
// what the quote shown makes of $4.50; the demo's payer pays it; Paid ✓
// and the tally. Then with the price service unreachable, the till says
// so, takes no dollars, and still takes sats.
func TestPointOfSaleInTheDemo(t *testing.T) {
	state := t.TempDir()
	term := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s %s pos --demo --demo-autopay 3s", state, binary))
	term.waitFor("the keypad", 15*time.Second, contains("Point of sale · into Coffee shop till · in USD", "│  ↵   │"))
	term.keys("4", "5", "0")
	s := term.waitFor("$4.50 and its sats", 10*time.Second, contains("= ", " sats", "at BTCUSD $"))
	m := quoteShown.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no quote on the keypad:\n%s", s)
	}
	price, err := model.ParsePrice(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	want, err := (model.Quote{Price: price}).MilliSats(450)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "= "+want.Format(model.UnitSats)) {
		t.Fatalf("the keypad shows another conversion than $4.50 at %s (%v):\n%s", price, want, s)
	}
	term.keys("Enter")
	s = term.waitFor("the code", 10*time.Second, contains("Pay $4.50 ("+want.Format(model.UnitSats)+")", "waiting for payment", "expires in"))
	// In colour, the drawn half blocks are the dark modules.
	text, err := qrtest.Scan(s, true)
	if err != nil {
		t.Fatalf("the code does not scan: %v\n%s", err, s)
	}
	inv, err := model.DecodeInvoice(strings.TrimPrefix(strings.ToLower(text), "lightning:"))
	if err != nil {
		t.Fatalf("the code is not an invoice: %v", err)
	}
	if inv.Amount != want {
		t.Fatalf("the invoice is for %v; $4.50 at the quote shown is %v", inv.Amount, want)
	}
	term.waitFor("the payer to pay", 15*time.Second, contains("███  ████", "$4.50 ("+want.Format(model.UnitSats)+") received"))
	term.waitFor("the keypad again, and the tally", 15*time.Second, contains("│  ↵   │", "1 sale · "+want.Format(model.UnitSats)+" · $4.50"))
	term.keys("C-c")
	time.Sleep(300 * time.Millisecond)

	down := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s %s pos --demo --demo-autopay 3s --price-url http://127.0.0.1:1", t.TempDir(), binary))
	down.waitFor("the keypad, saying there is no price", 15*time.Second, contains("Point of sale", "no price (the price service at 127.0.0.1:1 could not be reached"))
	down.keys("5", "Enter")
	down.waitFor("dollars refused", 5*time.Second, contains("u switches the till to sats"))
	down.keys("u", "2", "1", "0", "0", "Enter")
	down.waitFor("a code for sats", 10*time.Second, contains("Pay 2,100 sats", "waiting for payment"))
	down.waitFor("the payer to pay", 15*time.Second, contains("2,100 sats received"))
}
