package sim_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// TestConcurrentPaymentsConserveMoney has many goroutines invoicing,
// paying each other's invoices and paying the outside at once, on the real
// clock with short delays, and checks that money is conserved and nothing
// is left in flight. Run it with -race.
func TestConcurrentPaymentsConserveMoney(t *testing.T) {
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 10, Clock: clock.System{},
		GenerateDelay: time.Millisecond, ApproveDelay: time.Millisecond, InternalDelay: 2 * time.Millisecond,
		RouteDelay: 3 * time.Millisecond, Activity: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID)
	if err != nil {
		t.Fatal(err)
	}
	a := srv.Accounts()
	before := srv.TotalBalance() + a.FeesPaid + a.Outflow - a.Inflow
	wallets := srv.WalletIDs()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	await := func(id string, want func(model.Status) bool) (model.Payment, error) {
		for {
			p, err := c.GetPayment(ctx, id)
			if err == nil && want(p.Status) {
				return p, nil
			}
			if ctx.Err() != nil {
				return p, ctx.Err()
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for range 6 {
				to, from := wallets[rng.IntN(3)], wallets[rng.IntN(3)]
				recv, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: to, Amount: model.Sats(int64(100 + rng.IntN(5000)))})
				if err := c.CreatePayment(ctx, recv); err != nil {
					errs <- err
					return
				}
				r, err := await(recv.ID, func(s model.Status) bool { return s != model.StatusGenerating })
				if err != nil {
					errs <- err
					return
				}
				send, _ := model.NewBolt11Send(model.SendParams{WalletID: from, Invoice: r.Invoice()})
				if err := c.CreatePayment(ctx, send); err != nil {
					errs <- err
					return
				}
				if _, err := await(send.ID, model.Status.IsFinal); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	srv.StopActivity()
	// Whatever the activity left in flight finishes on its timers.
	deadline := time.Now().Add(10 * time.Second)
	for {
		pending := 0
		for _, p := range srv.Payments() {
			if !p.Status.IsFinal() && p.Direction == model.Send {
				pending++
			}
		}
		if pending == 0 || time.Now().After(deadline) {
			if pending > 0 {
				t.Errorf("%d sends stuck in flight", pending)
			}
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	a = srv.Accounts()
	if after := srv.TotalBalance() + a.FeesPaid + a.Outflow - a.Inflow; after != before {
		t.Errorf("money not conserved: %d, was %d", after, before)
	}
	t.Logf("%d payments, accounts %+v", len(srv.Payments()), a)
}
