package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
	"github.com/voltdash/voltdash/ui/cli"
)

// pollOutcome is one receive watched until it was paid.
type pollOutcome struct {
	requests int           // payment requests: the create and every read
	delay    time.Duration // from the payment to its detection
}

// TestDrillPollingAgainstTheSDK waits for receives paid at a random moment
// within five minutes, twice each: with `voltdash invoice --wait` (the
// shared poll schedule) and the way Voltage's SDK does it (a read every
// second). Time is the simulator's clock, so a five-minute wait takes a
// moment and every run gives the same figures. Goal: at most a third of
// the SDK's requests, with a median detection delay under two seconds.
func TestDrillPollingAgainstTheSDK(t *testing.T) {
	trials := drillSize(25, 200)
	rng := rand.New(rand.NewPCG(2026, 11))
	var ours, sdk []pollOutcome
	for i := range trials {
		payIn := time.Millisecond + time.Duration(rng.Int64N(int64(5*time.Minute)))
		ours = append(ours, receiveWithVoltdash(t, payIn))
		sdk = append(sdk, receiveLikeTheSDK(t, payIn))
		if ours[i].delay < 0 || sdk[i].delay < 0 {
			t.Fatalf("trial %d detected a payment before it happened: %v, %v", i, ours[i].delay, sdk[i].delay)
		}
	}
	sum := func(o []pollOutcome) (int, durations) {
		n, d := 0, durations{}
		for _, x := range o {
			n += x.requests
			d = append(d, x.delay)
		}
		return n, d
	}
	oursReq, oursDelay := sum(ours)
	sdkReq, sdkDelay := sum(sdk)
	ratio := float64(oursReq) / float64(sdkReq)
	row := func(name string, req int, d durations) []string {
		return []string{name, fmt.Sprint(req), fmt.Sprintf("%.1f", float64(req)/float64(trials)),
			ms(d.quantile(0.5)), ms(d.quantile(0.9)), ms(d.max())}
	}
	report(t, fmt.Sprintf("Polling for %d receives paid within 5 minutes (requests ratio %.2f)", trials, ratio),
		[]string{"schedule", "requests", "per receive", "median delay", "p90 delay", "max delay"},
		row("voltdash (model.NextPoll)", oursReq, oursDelay), row("SDK (every 1 s)", sdkReq, sdkDelay))
	if ratio > 1.0/3 {
		t.Errorf("voltdash made %.2f of the SDK's requests; the goal is at most a third", ratio)
	}
	if m := oursDelay.quantile(0.5); m >= 2*time.Second {
		t.Errorf("median detection delay %v; the goal is under 2 s", m)
	}
}

// paymentRequests counts what a receive cost: creating it and reading it.
func paymentRequests(srv *sim.Server) int {
	return srv.Requests("payments.create") + srv.Requests("payments.get")
}

// receiveWithVoltdash runs `voltdash invoice --wait` against a simulator
// whose payer pays payIn after the invoice is issued.
func receiveWithVoltdash(t *testing.T, payIn time.Duration) pollOutcome {
	w := newCLIWorld(t, sim.Config{NoHistory: true, AutoPay: payIn})
	r := w.run("", "invoice", "--wallet", "Savings", "--amount", "1000", "--no-qr", "--json", "--wait")
	if r.code != cli.ExitOK {
		t.Fatalf("invoice --wait: exit %d: %s", r.code, r.stderr)
	}
	p, ok := w.srv.Payment(ids.FindString(r.stdout))
	if !ok || p.Status != model.StatusCompleted {
		t.Fatalf("the receive is not completed in the simulator: %+v", p)
	}
	return pollOutcome{requests: paymentRequests(w.srv), delay: w.clk.Now().Sub(p.UpdatedAt)}
}

// receiveLikeTheSDK does what an app on Voltage's SDK does: create the
// receive, read it every second until it has its invoice
// (createPaymentRequest), then read it every second until it is paid.
func receiveLikeTheSDK(t *testing.T, payIn time.Duration) pollOutcome {
	w := newCLIWorld(t, sim.Config{NoHistory: true, AutoPay: payIn})
	cr := w.srv.Credentials()
	c, err := api.New(w.srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(w.clk))
	if err != nil {
		t.Fatal(err)
	}
	req, err := model.NewBolt11Receive(model.ReceiveParams{WalletID: w.srv.WalletIDs()[2], Amount: model.Sats(1000)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.CreatePayment(ctx, req); err != nil {
		t.Fatal(err)
	}
	var p model.Payment
	for !p.Status.IsFinal() {
		<-w.clk.After(time.Second)
		if p, err = c.GetPayment(ctx, req.ID); err != nil {
			t.Fatal(err)
		}
	}
	if p.Status != model.StatusCompleted {
		t.Fatalf("the receive ended %s", p.Status)
	}
	return pollOutcome{requests: paymentRequests(w.srv), delay: w.clk.Now().Sub(p.UpdatedAt)}
}

// TestDrillIdleDashboard counts what a dashboard left open costs: five
// wallets, nothing pending, ten minutes on the simulator's clock.
func TestDrillIdleDashboard(t *testing.T) {
	clk := clock.NewManual(cliStart)
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 51, Clock: clk, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Tips", "Events"} {
		req := model.NewWalletRequest{ID: model.NewID(), EnvironmentID: cr.EnvironmentID, LineOfCreditID: cr.LineOfCreditID,
			Name: name, Network: "mutinynet", Limit: model.Sats(10_000)}
		if err := c.CreateWallet(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	app := wiredAppWith(t, srv, ui.Config{Clock: clk}, api.WithClock(clk))
	l := newLoop(t, app, clk).start(120, 40)
	l.run(time.Minute) // the first loads
	if n := len(srv.WalletIDs()); n != 5 || !strings.Contains(app.View(), "Events") {
		t.Fatalf("%d wallets; the dashboard shows:\n%s", n, app.View())
	}
	srv.ResetCounts()
	const idle = 10 * time.Minute
	l.run(idle)
	counts := srv.RequestCounts()
	perMinute := func(n int) string { return fmt.Sprintf("%.1f", float64(n)/idle.Minutes()) }
	var rows [][]string
	for _, route := range sortedKeys(counts) {
		if route != "" {
			rows = append(rows, []string{route, perMinute(counts[route])})
		}
	}
	rows = append(rows, []string{"**total**", perMinute(counts[""])})
	report(t, "Idle dashboard, five wallets, default 10 s refresh: requests per minute", []string{"route", "per minute"}, rows...)
	if got := float64(counts[""]) / idle.Minutes(); got > 15 {
		t.Errorf("an idle dashboard makes %.1f requests a minute; it should make at most 15", got)
	}
}
