package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

// TestPayALightningAddressInTheDemo: on the demo's Send screen, the Savings
// wallet's Lightning Address at the simulator's service is paid from the
// Coffee shop till with a comment. What the service says shows before
// anything is asked; the invoice it gives is checked and confirmed; once
// paid, its sealed message (LUD-10) is opened with the preimage, and both
// balances move.
func TestPayALightningAddressInTheDemo(t *testing.T) {
	state := t.TempDir()
	term := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s %s --demo --demo-activity 0 --demo-autopay 0", state, binary))
	s := term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	shop, savings := walletTotal(t, s, "Coffee shop till"), walletTotal(t, s, "Savings")

	raw, err := os.ReadFile(filepath.Join(state, "voltdash", "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var demo simInfo
	if err := json.Unmarshal(raw, &demo); err != nil {
		t.Fatal(err)
	}
	address := demo.LightningAddresses["Savings"]
	if address == "" {
		t.Fatalf("the demo publishes no address for Savings: %v", demo.LightningAddresses)
	}

	term.keys("4")
	term.paste(address)
	term.waitFor("what the service says", 10*time.Second, contains("Lightning Address · "+address, "Pay Savings", "1 sat to", "up to 140 characters"))
	term.keys("Down")
	term.keys("1500")
	term.keys("Down")
	term.keys("Down")
	term.keys("rent for May")
	term.keys("Enter")
	term.waitFor("the confirmation", 10*time.Second, contains("Confirm the payment", "Pay to", address, "rent for May", "1,500 sats",
		"approved by Voltage's policy check"))
	term.keys("y")
	term.waitFor("the payment and the sealed message", 20*time.Second, contains("✓ Sent 1,500 sats", "Sealed", "Deposit receipt"))
	term.keys("1")
	term.waitFor("both balances to move", 15*time.Second, func(s string) bool {
		return balance.MatchString(s) && walletTotal(t, s, "Savings") == savings+model.Sats(1500) &&
			walletTotal(t, s, "Coffee shop till") <= shop-model.Sats(1500)
	})
	term.keys("2")
	term.waitFor("the payee's side with the comment", 10*time.Second, func(s string) bool {
		return strings.Contains(s, "rent for May")
	})
}
