package main

import (
	"context"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/cli"
)

// TestCLIPayALightningAddress: voltdash pay pays the Savings wallet's
// Lightning Address on the simulator from Payouts, with a comment: both
// balances move by the amount (and the payer's by its fee), and the
// service's sealed receipt is opened with the preimage and printed. An
// invoice with the wrong description hash is refused, and nothing is sent.
func TestCLIPayALightningAddress(t *testing.T) {
	w := newCLIWorld(t, sim.Config{})
	cr := w.srv.Credentials()
	c, err := api.New(w.srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(w.clk))
	if err != nil {
		t.Fatal(err)
	}
	balances := func() map[string]model.MilliSats {
		ws, err := c.ListWallets(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]model.MilliSats{}
		for _, x := range ws {
			out[x.Name] = x.Available()
		}
		return out
	}
	addr := w.srv.LightningAddress("Savings")
	before, sends := balances(), w.srv.CountSends()

	r := w.run("", "pay", addr, "--wallet", "Payouts", "--amount", "1500", "--comment", "rent", "--yes")
	if r.code != cli.ExitOK {
		t.Fatalf("pay %s: exit %d\n%s\n%s", addr, r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"Lightning Address " + addr, "Takes      1 sat to 100,000,000 sats", "Comments   up to 140 characters",
		"Pay        1,500 sats", "Pay to     " + addr, "Comment    “rent”"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no %q before paying:\n%s", want, r.stderr)
		}
	}
	if !strings.HasPrefix(r.stdout, "✓ Sent 1,500 sats") || !strings.Contains(r.stdout, "pay to     "+addr) ||
		!strings.Contains(r.stdout, "sealed     “Deposit receipt ") {
		t.Errorf("outcome:\n%s", r.stdout)
	}
	after := balances()
	if got := after["Savings"] - before["Savings"]; got != model.Sats(1500) {
		t.Errorf("Savings moved by %v, want 1,500 sats", got)
	}
	if got := before["Payouts"] - after["Payouts"]; got < model.Sats(1500) || got > model.Sats(1500+15) {
		t.Errorf("Payouts moved by %v, want 1,500 sats and at most a 15 sat fee", got)
	}
	if w.srv.CountSends() != sends+1 {
		t.Errorf("%d sends, want 1", w.srv.CountSends()-sends)
	}
	// The receive the service made carries the comment.
	var memo string
	for _, p := range w.srv.Payments() {
		if p.Direction == model.Receive && strings.Contains(r.stdout, p.ID) {
			memo = p.Memo()
		}
	}
	if memo != "rent" {
		t.Errorf("the service's receive has memo %q, want the comment", memo)
	}

	w.srv.SetLNURLFault(sim.LNURLWrongHash)
	sends = w.srv.CountSends()
	r = w.run("", "pay", addr, "--wallet", "Payouts", "--amount", "1600", "--yes")
	if r.code == cli.ExitOK || !strings.Contains(r.stderr, "description hash does not match") || strings.Contains(r.stderr, "Sending") {
		t.Errorf("wrong hash: exit %d\n%s", r.code, r.stderr)
	}
	if w.srv.CountSends() != sends {
		t.Errorf("wrong hash: %d sends made", w.srv.CountSends()-sends)
	}
}
