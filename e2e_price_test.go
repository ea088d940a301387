package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/ui/cli"
)

// TestCLIDollarsThroughTheSimulator: invoice --amount '$4.50' against the
// simulator's API and price service, as a user runs it: the command names
// the quote, and the invoice Voltage made (decoded from its BOLT 11 text)
// is for exactly that quote's whole sats. With the price service down,
// nothing is created and the sentence says sats work.
func TestCLIDollarsThroughTheSimulator(t *testing.T) {
	w := newCLIWorld(t, sim.Config{NoHistory: true})
	minute := model.PriceMinute(w.clk.Now())
	q := model.Quote{Pair: model.PricePair, Minute: minute, Price: model.Price(sim.PriceCents(minute)) * model.PriceUnit / 100}
	want, err := q.MilliSats(450)
	if err != nil {
		t.Fatal(err)
	}

	r := w.run("", "invoice", "--wallet", "Payouts", "--amount", "$4.50", "--no-qr")
	if r.code != cli.ExitOK || !strings.Contains(r.stderr, "($4.50 at "+q.String()+")") {
		t.Fatalf("exit %d, want the quote %s named\nstdout: %s\nstderr: %s", r.code, q, r.stdout, r.stderr)
	}
	inv, err := model.DecodeInvoice(strings.TrimSpace(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if !inv.HasAmount || inv.Amount != want || inv.Amount%model.MsatPerSat != 0 {
		t.Errorf("the invoice is for %v, want %v (whole sats at %s)", inv.Amount, want, q)
	}

	r = w.run("", "price", "--json")
	var got struct{ Pair, Minute, Price string }
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != cli.ExitOK || got.Price != q.Price.Decimal() {
		t.Errorf("price --json: exit %d, %v: %s", r.code, err, r.stdout)
	}

	before := w.srv.CountPayments("")
	w.srv.FailPrices(http.StatusServiceUnavailable)
	r = w.run("", "invoice", "--wallet", "Payouts", "--amount", "5 usd", "--no-qr")
	if r.code != cli.ExitNetwork || !strings.Contains(r.stderr, "answered 503 Service Unavailable") ||
		!strings.Contains(r.stderr, "give the amount in sats") || w.srv.CountPayments("") != before {
		t.Errorf("prices down: exit %d, %d payments made: %s", r.code, w.srv.CountPayments("")-before, r.stderr)
	}
	if r = w.run("", "invoice", "--wallet", "Payouts", "--amount", "500", "--no-qr"); r.code != cli.ExitOK {
		t.Errorf("sats while prices are down: exit %d: %s", r.code, r.stderr)
	}
}
