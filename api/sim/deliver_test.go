package sim_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
)

// TestDeliveriesAreRetriedThenGivenUp: a receiver that fails is retried
// with doubling delays on the simulator's clock, and counted until it is
// delivered or given up on.
func TestDeliveriesAreRetriedThenGivenUp(t *testing.T) {
	for _, tt := range []struct {
		name      string
		failFirst int32
		delivered int
	}{
		{"fails twice", 2, 1},
		{"always fails", 100, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, c, clk := start(t, sim.Config{Seed: 8, NoHistory: true})
			var calls atomic.Int32
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) <= tt.failFirst {
					w.WriteHeader(http.StatusServiceUnavailable)
				}
			}))
			defer hook.Close()
			ctx := context.Background()
			if _, err := c.CreateWebhook(ctx, model.NewWebhookRequest{URL: hook.URL, Name: "flaky",
				Events: model.WebhookEvents{{Type: "receive", Event: "completed"}}}); err != nil {
				t.Fatal(err)
			}
			req := must[model.ReceiveRequest](t)(model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0], Amount: 5_000_000}))
			if err := c.CreatePayment(ctx, req); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Second)
			if err := srv.PayReceive(req.ID, 0); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for srv.Deliveries().Pending > 0 && time.Now().Before(deadline) {
				clk.Advance(time.Second) // the retry delays pass
				time.Sleep(time.Millisecond)
			}
			want := sim.DeliveryStats{Delivered: tt.delivered, GaveUp: 1 - tt.delivered}
			if got := srv.Deliveries(); got != want {
				t.Errorf("stats %+v, want %+v", got, want)
			}
			if n := int(calls.Load()); n != min(int(tt.failFirst)+1, 5) {
				t.Errorf("%d attempts", n)
			}
		})
	}
}
