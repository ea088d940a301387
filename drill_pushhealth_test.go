package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/push"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
	"github.com/voltdash/voltdash/ui"
)

// TestDrillPushHealth: the first delivery reaches the dashboard, so it
// trusts push and polls its followed payments only every 15 s; every
// delivery after it is refused (503). The dashboard reads its webhook's
// deliveries, sees them fail, says so in the header, and polls on the
// fast schedule again, reading at once the payments whose deliveries
// failed: each payment shows final within a fast poll's delay of
// completing, not 15 s.
func TestDrillPushHealth(t *testing.T) {
	trials := drillSize(20, 100)
	clk := clock.NewManual(cliStart)
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 67, NoHistory: true, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	listener, err := push.Listen("127.0.0.1:0", clk)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(context.Background())
	// The gate lets the first delivery through to the dashboard and
	// refuses the rest, as a receiver that went down would.
	var passed, inFlight atomic.Int64
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inFlight.Add(1)
		defer inFlight.Add(-1)
		if passed.Add(1) == 1 {
			listener.ServeHTTP(w, r)
			return
		}
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer gate.Close()
	if err := listener.Register(context.Background(), c, gate.URL+"/hooks"); err != nil {
		t.Fatal(err)
	}
	app := wiredAppWith(t, srv, ui.Config{Clock: clk, Push: listener}, api.WithClock(clk))
	l := newLoop(t, app, clk)
	l.parked = func() int { _, waiting := listener.Backlog(); return waiting }
	l.busy = func() bool { queued, _ := listener.Backlog(); return queued > 0 || inFlight.Load() > 0 }
	l.start(120, 40)
	l.run(time.Minute)

	wallet := srv.WalletIDs()[2]
	newReceive := func() string {
		req, err := model.NewBolt11Receive(model.ReceiveParams{WalletID: wallet, Amount: model.Sats(1000)})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.CreatePayment(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		return req.ID
	}
	// The first payment's delivery goes through: push is trusted.
	first := newReceive()
	l.run(3 * time.Second)
	if err := srv.PayReceive(first, 0); err != nil {
		t.Fatal(err)
	}
	l.run(20 * time.Second)

	seen := map[string]time.Time{}
	l.afterMsg = func() {
		for _, p := range app.Payments() {
			if p.Status == model.StatusCompleted && seen[p.ID].IsZero() {
				seen[p.ID] = clk.Now()
			}
		}
	}
	rng := rand.New(rand.NewPCG(2026, 67))
	ids := make([]string, trials)
	for i := range ids {
		ids[i] = newReceive()
		id := ids[i]
		clk.AfterFunc(20*time.Second+time.Duration(rng.Int64N(int64(2*time.Minute))), func() {
			if err := srv.PayReceive(id, 0); err != nil {
				t.Errorf("paying %s: %v", id, err)
			}
		})
	}
	degradedSeen := false
	afterMsg := l.afterMsg
	l.afterMsg = func() {
		afterMsg()
		degradedSeen = degradedSeen || contains("push degraded (HTTP 503)")(app.View())
	}
	l.run(3 * time.Minute)

	var delays durations
	for _, id := range ids {
		p, _ := srv.Payment(id)
		if p.Status != model.StatusCompleted || seen[id].IsZero() {
			t.Fatalf("receive %s: %s in the simulator, never shown completed", id, p.Status)
		}
		delays = append(delays, seen[id].Sub(p.UpdatedAt))
	}
	report(t, fmt.Sprintf("Push failing after the first delivery: %d receives paid within 2 minutes", trials),
		[]string{"median delay (clock)", "max delay (clock)", "push's slow schedule"},
		[]string{ms(delays.quantile(0.5)), ms(delays.max()), "15.00 s"})
	if !degradedSeen {
		t.Error("the header never said push was degraded")
	}
	// The fast schedule asks about a receive every 2 to 3.5 s; the health
	// read that notices the failures comes within 2 s.
	if delays.max() > 4*time.Second {
		t.Errorf("the slowest payment showed %v after it completed; with push failing it should take a fast poll's delay", delays.max())
	}
}
