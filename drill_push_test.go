package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/push"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
)

// pushWorld is the dashboard with webhook pushes on, against a simulator
// on a manual clock, driven by a loop that lets every delivery land before
// time moves on.
type pushWorld struct {
	srv      *sim.Server
	client   *api.Client
	listener *push.Listener
	app      *ui.App
	loop     *loop
	clk      *clock.Manual
}

func newPushWorld(t *testing.T, cfg sim.Config) *pushWorld {
	t.Helper()
	w := &pushWorld{clk: clock.NewManual(cliStart)}
	cfg.Clock = w.clk
	srv, err := sim.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cr := srv.Credentials()
	if w.client, err = api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(w.clk)); err != nil {
		t.Fatal(err)
	}
	if w.listener, err = push.Listen("127.0.0.1:0", w.clk); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.listener.Close(context.Background()) })
	if err := w.listener.Register(context.Background(), w.client, w.listener.LocalURL()); err != nil {
		t.Fatal(err)
	}
	w.srv = srv
	w.app = wiredAppWith(t, srv, ui.Config{Clock: w.clk, Push: w.listener}, api.WithClock(w.clk))
	w.loop = newLoop(t, w.app, w.clk)
	w.loop.parked = func() int { _, waiting := w.listener.Backlog(); return waiting }
	w.loop.busy = func() bool { queued, _ := w.listener.Backlog(); return queued > 0 || srv.Deliveries().Pending > 0 }
	return w
}

// TestDrillPushDetection makes receives paid at random moments within five
// minutes, all at once, with the dashboard following them by push and
// polling only as the fallback: requests per receive, the delay on the
// simulator's clock, and the real time from the payment to the dashboard
// showing it (the webhook's trip through HTTP, the signature check and
// Update).
func TestDrillPushDetection(t *testing.T) {
	trials := drillSize(50, 200)
	w := newPushWorld(t, sim.Config{Seed: 61, NoHistory: true})
	w.loop.start(120, 40)
	w.loop.run(time.Minute)

	paid := map[string]time.Time{} // real time of each payment
	seen := map[string]time.Time{} // real time the dashboard showed it completed
	seenOnClock := map[string]time.Time{}
	w.loop.afterMsg = func() {
		for _, p := range w.app.Payments() {
			if _, ours := paid[p.ID]; ours && p.Status == model.StatusCompleted && seen[p.ID].IsZero() {
				seen[p.ID], seenOnClock[p.ID] = time.Now(), w.clk.Now()
			}
		}
	}
	w.srv.ResetCounts()
	rng := rand.New(rand.NewPCG(2026, 12))
	wallet := w.srv.WalletIDs()[2]
	for range trials {
		req, err := model.NewBolt11Receive(model.ReceiveParams{WalletID: wallet, Amount: model.Sats(1000)})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.client.CreatePayment(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		id := req.ID
		paid[id] = time.Time{}
		payIn := time.Millisecond + time.Duration(rng.Int64N(int64(5*time.Minute)))
		w.clk.AfterFunc(payIn, func() {
			paid[id] = time.Now()
			if err := w.srv.PayReceive(id, 0); err != nil {
				t.Errorf("paying %s: %v", id, err)
			}
		})
	}
	w.loop.run(5*time.Minute + time.Second)

	var onClock, latency durations
	for id, at := range paid {
		p, _ := w.srv.Payment(id)
		if seen[id].IsZero() || p.Status != model.StatusCompleted {
			t.Fatalf("receive %s: %s in the simulator, never shown completed (push stats %+v)", id, p.Status, w.listener.Stats())
		}
		onClock = append(onClock, seenOnClock[id].Sub(p.UpdatedAt))
		latency = append(latency, seen[id].Sub(at))
	}
	requests := paymentRequests(w.srv)
	stats := w.listener.Stats()
	report(t, fmt.Sprintf("Dashboard with push, %d receives paid within 5 minutes", trials),
		[]string{"requests per receive", "median delay (clock)", "max delay (clock)", "median latency (real)", "p90 latency (real)", "max latency (real)"},
		[]string{fmt.Sprintf("%.1f", float64(requests)/float64(trials)), ms(onClock.quantile(0.5)), ms(onClock.max()),
			fmt.Sprintf("%.1f ms", float64(latency.quantile(0.5).Microseconds())/1000),
			fmt.Sprintf("%.1f ms", float64(latency.quantile(0.9).Microseconds())/1000),
			fmt.Sprintf("%.1f ms", float64(latency.max().Microseconds())/1000)})
	t.Logf("deliveries %+v, receiver %+v", w.srv.Deliveries(), stats)
	if onClock.max() != 0 {
		t.Errorf("with push, a payment should show the moment it completes; the slowest took %v of clock time", onClock.max())
	}
	if stats.Rejected != 0 {
		t.Errorf("%d deliveries were rejected", stats.Rejected)
	}
	if perReceive := float64(requests) / float64(trials); perReceive > 15 {
		t.Errorf("%.1f requests per receive with push; the fallback polls should cost fewer than 15", perReceive)
	}
}
