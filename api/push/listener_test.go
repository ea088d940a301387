package push_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/api/push"
	"github.com/voltdash/voltdash/api/sim"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// TestPushesFromTheSimulator registers a listener with the simulator over
// real HTTP, pays an invoice, and receives its states; closing removes the
// webhook.
func TestPushesFromTheSimulator(t *testing.T) {
	clk := clock.NewManual(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	srv, err := sim.Start("127.0.0.1:0", sim.Config{Seed: 3, Clock: clk, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cr := srv.Credentials()
	c, err := api.New(srv.URL(), cr.APIKey, cr.OrganizationID, cr.EnvironmentID, api.WithClock(clk))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	l, err := push.Listen("127.0.0.1:0", clk)
	if err != nil {
		t.Fatal(err)
	}
	// The path a tunnel would forward, not the listener's own.
	url := strings.Replace(l.LocalURL(), push.Path, "/hooks/voltdash", 1)
	// A webhook for this address left by an earlier run that crashed.
	if _, err := c.CreateWebhook(ctx, model.NewWebhookRequest{URL: url, Name: "stale", Events: model.AllPaymentEvents}); err != nil {
		t.Fatal(err)
	}
	if err := l.Register(ctx, c, url); err != nil {
		t.Fatal(err)
	}
	if hooks, _ := c.ListWebhooks(ctx, model.WebhookFilter{}); len(live(hooks)) != 1 {
		t.Fatalf("webhooks after registering: %+v", hooks)
	}

	req, _ := model.NewBolt11Receive(model.ReceiveParams{WalletID: srv.WalletIDs()[0], Amount: model.Sats(2100)})
	if err := c.CreatePayment(ctx, req); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	if err := srv.PayReceive(req.ID, 0); err != nil {
		t.Fatal(err)
	}
	var seen []model.Status
	deadline, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for len(seen) == 0 || seen[len(seen)-1] != model.StatusCompleted {
		ps, err := l.Next(deadline)
		if err != nil {
			t.Fatalf("pushes so far %v: %v (stats %+v)", seen, err, l.Stats())
		}
		for _, p := range ps {
			if p.ID != req.ID {
				t.Fatalf("a push for %s", p.ID)
			}
			seen = append(seen, p.Status)
		}
	}
	if s := l.Stats(); s.Rejected != 0 || s.Accepted < 1 {
		t.Errorf("stats %+v", s)
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if hooks, _ := c.ListWebhooks(ctx, model.WebhookFilter{}); len(live(hooks)) != 0 {
		t.Errorf("the webhook outlived the listener: %+v", hooks)
	}
}

func live(hooks []model.Webhook) []model.Webhook {
	var out []model.Webhook
	for _, h := range hooks {
		if h.Status != model.WebhookDeleted {
			out = append(out, h)
		}
	}
	return out
}
