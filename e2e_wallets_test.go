package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// demoClient is a client of the demo's simulator, as published in state.
func demoClient(t *testing.T, state string) *api.Client {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(state, "voltdash", "demo.json"))
	if err != nil {
		t.Fatalf("the demo did not publish its simulator: %v", err)
	}
	var demo simInfo
	if err := json.Unmarshal(raw, &demo); err != nil {
		t.Fatal(err)
	}
	c, err := api.New(demo.BaseURL, demo.APIKey, demo.OrganizationID, demo.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// invoiceOn makes an invoice on the named wallet that the demo's payer
// leaves alone, for the dashboard to pay.
func invoiceOn(t *testing.T, c *api.Client, wallet string, amount model.MilliSats) string {
	t.Helper()
	ws, err := c.ListWallets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Name != wallet {
			continue
		}
		req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: w.ID, Amount: amount})
		req.Metadata = map[string]string{sim.AutopayMetadataKey: "off"}
		if err := c.CreatePayment(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if p, err := c.GetPayment(context.Background(), req.ID); err == nil && p.Invoice() != "" {
				return p.Invoice()
			}
		}
		t.Fatalf("no invoice on %s", wallet)
	}
	t.Fatalf("no wallet %q in %+v", wallet, ws)
	return ""
}

// TestManagingWalletsInTheDemo, as a new user would: create a wallet with
// metadata and watch it become active, rename it, fund it from another
// wallet, try to delete it (refused, and why), then set a maximum payment
// size below an invoice's amount and see Send refuse it before y, beside
// Voltage's own verdict.
func TestManagingWalletsInTheDemo(t *testing.T) {
	state := t.TempDir()
	term := newTerminal(t, 120, 40, fmt.Sprintf("env XDG_STATE_HOME=%s %s --demo --demo-activity 0 --demo-autopay 0", state, binary))
	term.waitFor("wallets with balances", 15*time.Second, func(s string) bool { return balance.MatchString(s) })
	c := demoClient(t, state)

	term.keys("n")
	term.waitFor("the new wallet form", 5*time.Second, contains("New wallet", "sats free"))
	term.keys("Float", "Down", "Down", "250k", "Down", "team=ops", "Enter")
	term.waitFor("the wallet to be made", 15*time.Second, contains("Wallet Float is ready.", "Float ", "250,000"))
	ws, _ := c.ListWallets(context.Background())
	var float model.Wallet
	for _, w := range ws {
		if w.Name == "Float" {
			float = w
		}
	}
	if float.Metadata["team"] != "ops" || float.CreditLimit() != model.Sats(250_000) {
		t.Fatalf("created %+v", float)
	}

	term.keys("G")
	term.keys("e")
	term.waitFor("the rename form", 5*time.Second, contains("Rename Float"))
	term.keys("C-u", "Drawer", "Enter")
	term.waitFor("the new name", 10*time.Second, contains("Renamed the wallet to Drawer.", "Drawer "))

	invoice := invoiceOn(t, c, "Drawer", model.Sats(2_000))
	term.keys("4")
	term.paste(invoice)
	term.keys("Enter")
	term.waitFor("the confirmation, checked", checkGivesUp, contains("Confirm the payment", "approved by Voltage's policy check", "y send ·"))
	term.keys("y")
	term.waitFor("the funding to complete", 15*time.Second, contains("✓ Sent 2,000 sats"))

	term.keys("1")
	term.waitFor("the wallets", 5*time.Second, contains("Drawer "))
	term.keys("G")
	term.keys("D")
	term.waitFor("the delete form", 5*time.Second, contains("Delete Drawer"))
	term.keys("Drawer", "Enter")
	term.waitFor("the refusal, explained", 10*time.Second, contains("Voltage deletes only empty wallets", "send its balance to"))
	if w, err := c.GetWallet(context.Background(), float.ID); err != nil || w.Total() != model.Sats(2_000) {
		t.Fatalf("the funded wallet: %+v %v", w, err)
	}
	term.keys("Escape")
	term.waitFor("the dialog to close", 5*time.Second, func(s string) bool { return !strings.Contains(s, "Delete Drawer") })

	term.keys("g")
	term.keys("p")
	term.waitFor("the policies", 5*time.Second, contains("Policies of Coffee shop till", "Max payment"))
	term.keys("1000", "Enter")
	term.waitFor("the policy saved", 10*time.Second, contains("Saved the policies."))

	invoice = invoiceOn(t, c, "Payouts", model.Sats(5_000))
	term.keys("4")
	term.keys("n")
	term.paste(invoice)
	term.keys("Enter")
	s := term.waitFor("the refusal before y", checkGivesUp, contains("Confirm the payment",
		"✗ the wallet's policy allows at most 1,000 sats a payment · Voltage's check: refused too", "max_payment_size"))
	if strings.Contains(s, "y send ·") {
		t.Errorf("y is offered for a payment the policy refuses:\n%s", s)
	}
	term.keys("y")
	time.Sleep(500 * time.Millisecond) // what a y would set off, if anything
	if s := term.screen(); !strings.Contains(s, "Confirm the payment") || strings.Contains(s, "Sent 5,000") {
		t.Errorf("y did something:\n%s", s)
	}
	term.keys("Escape")
	term.waitFor("the form, refusing at the amount", 5*time.Second, contains("✗ the wallet's policy allows at most 1,000 sats a payment"))
}
