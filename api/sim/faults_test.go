package sim_test

import (
	"context"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestEveryFaultModeStillPaysOnce sends through a simulator that errs
// before and after committing, drops answers, hangs, rate limits, is
// unavailable for reads and hides new payments, and checks that every
// send became exactly one payment, paid once.
func TestEveryFaultModeStillPaysOnce(t *testing.T) {
	srv, c, clk := start(t, sim.Config{Seed: 9, NoHistory: true},
		api.WithTimeout(150*time.Millisecond), api.WithCreateGrace(5*time.Second),
		api.WithRetry(api.RetryPolicy{MaxAttempts: 12, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxRetryAfter: time.Minute}))
	clk.AutoAdvance(true) // the client's waits move the simulator's time
	ctx := context.Background()
	w := srv.WalletIDs()[0]
	fund(t, srv, c, clk, w, model.Sats(1_000_000))
	startTotal := srv.TotalBalance()
	srv.SetFaults(sim.Faults{Latency: time.Millisecond, Error: 0.12, RouteError: map[string]float64{"payments.create": 0.3}, Drop: 0.12, Hang: 0.06, HangFor: time.Second,
		Unavailable: 0.15, RateLimit: 0.08, RetryAfter: time.Second, Hide: time.Second})

	const sends = 40
	var ids []string
	var spent model.MilliSats
	for i := range sends {
		amount := model.Sats(int64(1000 + i))
		inv := must[string](t)(srv.Invoice(sim.ExternalInvoice{Amount: amount}))
		req := must[model.SendRequest](t)(model.NewBolt11Send(model.SendParams{WalletID: w, Invoice: inv}))
		if err := c.CreatePayment(ctx, req); err != nil && !api.IsAlreadyExists(err) {
			t.Fatalf("send %d: %v", i, err)
		}
		ids = append(ids, req.ID)
		spent += amount + sim.RouteFee(amount)
	}
	for _, id := range ids {
		for {
			p, err := c.GetPayment(ctx, id)
			if err == nil && p.Status.IsFinal() {
				if p.Status != model.StatusCompleted {
					t.Errorf("%s ended %s: %+v", id, p.Status, p.Error)
				}
				break
			}
			if err != nil && !api.IsRetryable(err) && !api.IsNotFound(err) {
				t.Fatalf("reading %s: %v", id, err)
			}
			clk.Advance(500 * time.Millisecond)
		}
	}
	srv.SetFaults(sim.Faults{})
	faults := srv.FaultCounts()
	for _, kind := range []string{"error", "error_after_commit", "drop", "hang", "unavailable", "ratelimit"} {
		if faults[kind] == 0 {
			t.Errorf("fault %s never happened (%v): raise the rates", kind, faults)
		}
	}
	if sendsMade := srv.CountSends(); sendsMade != sends || srv.TotalBalance() != startTotal-spent {
		t.Errorf("%d sends made for %d requested; balance %d, want %d", srv.CountSends(), sends, srv.TotalBalance(), startTotal-spent)
	}
	t.Logf("requests %d, faults %v", srv.RequestCounts()[""], faults)
}
