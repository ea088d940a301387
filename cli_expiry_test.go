package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/cli"
)

// TestCLIInvoiceExpiryThroughTheSimulator: invoice --expiry 10m makes an
// invoice that says 10 minutes, shows when they end, and the simulator
// expires the receive then; --expiry 25h is refused with nothing made.
func TestCLIInvoiceExpiryThroughTheSimulator(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	r := w.run("", "invoice", "--wallet", "Payouts", "--amount", "1000", "--expiry", "10m", "--json", "--no-qr")
	var out struct {
		ExpiresAt time.Time `json:"expires_at"`
	}
	if r.code != cli.ExitOK {
		t.Fatalf("invoice: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	id := ids.FindString(r.stdout)
	p, _ := w.srv.Payment(id)
	inv, err := model.DecodeInvoice(p.Invoice())
	if err != nil || inv.Expiry != 10*time.Minute || !out.ExpiresAt.Equal(inv.ExpiresAt()) {
		t.Fatalf("invoice expiry %v, shown %v, invoice's end %v (%v)", inv.Expiry, out.ExpiresAt, inv.ExpiresAt(), err)
	}
	w.clk.Advance(10 * time.Minute)
	if p, _ := w.srv.Payment(id); p.Status != model.StatusExpired {
		t.Errorf("after its 10 minutes: %s", p.Status)
	}
	before := w.srv.CountPayments("")
	if r := w.run("", "invoice", "--wallet", "Payouts", "--expiry", "25h"); r.code != cli.ExitUsage ||
		!strings.Contains(r.stderr, "from 1s to 24h") || w.srv.CountPayments("") != before {
		t.Errorf("--expiry 25h: %d %s", r.code, r.stderr)
	}
}
