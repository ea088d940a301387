package ui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

const hookID = "b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e"

// hookBackend has one webhook with a delivery that succeeded and one that
// failed, and records what is asked of it.
type hookBackend struct {
	quietBackend
	asked []string
}

func (b *hookBackend) ListWebhooks(context.Context, model.WebhookFilter) ([]model.Webhook, error) {
	return []model.Webhook{{ID: hookID, Name: "shop\x1b[2J", URL: "https://shop.example/hooks", Status: model.WebhookActive,
		Events: model.AllPaymentEvents, CreatedAt: t0.Add(-time.Hour)}}, nil
}
func (b *hookBackend) WebhookDeliveries(context.Context, string, model.DeliveryFilter) (model.Page[model.WebhookDelivery], error) {
	code := uint16(500)
	data, _ := json.Marshal(model.Payment{ID: "6c1e5d2a-9b8f-4e7d-a6c5-b4a3f2e1d0c9", Direction: model.Receive, Kind: model.Bolt11,
		Status: model.StatusCompleted, Data: model.ReceiveBolt11Data{Memo: "tip\u202eevil"}})
	pay := model.WebhookPayload{Type: "receive", Detail: model.WebhookDetail{Event: "completed", Data: data}}
	return model.Page[model.WebhookDelivery]{Items: []model.WebhookDelivery{
		{ID: "d0000000-0000-4000-8000-000000000002", Status: model.DeliveryFailed, Payload: pay, StatusCode: &code, AttemptCount: 5,
			CreatedAt: t0.Add(-10 * time.Minute), UpdatedAt: t0.Add(-5 * time.Minute)},
		{ID: "d0000000-0000-4000-8000-000000000001", Status: model.DeliverySucceeded, Payload: pay, AttemptCount: 1,
			CreatedAt: t0.Add(-20 * time.Minute), UpdatedAt: t0.Add(-20 * time.Minute)},
	}}, nil
}
func (b *hookBackend) DeliverySummary(_ context.Context, _ string, s []model.DeliveryStatus) (model.DeliverySummary, error) {
	n := map[model.DeliveryStatus]uint64{model.DeliverySucceeded: 1, model.DeliveryFailed: 1}[s[0]]
	return model.DeliverySummary{TotalCount: n}, nil
}
func (b *hookBackend) note(what string) error                         { b.asked = append(b.asked, what); return nil }
func (b *hookBackend) StopWebhook(_ context.Context, id string) error { return b.note("stop " + id) }
func (b *hookBackend) RetryDelivery(_ context.Context, _, id string) error {
	return b.note("retry " + id)
}
func (b *hookBackend) TestWebhook(_ context.Context, id string, _ model.TestWebhookRequest) error {
	return b.note("test " + id)
}
func (b *hookBackend) CreateWebhook(_ context.Context, req model.NewWebhookRequest) (model.WebhookSecret, error) {
	b.note("create " + req.URL)
	return model.WebhookSecret{ID: req.ID, SharedSecret: "vltg_shownonce"}, nil
}
func (b *hookBackend) GenerateWebhookKey(_ context.Context, id string) (model.WebhookSecret, error) {
	b.note("rotate " + id)
	return model.WebhookSecret{ID: id, SharedSecret: "vltg_rotated"}, nil
}

func hooks(t *testing.T) (*App, *hookBackend) {
	b := &hookBackend{}
	a := appWith(t, b)
	press(a, walletsLoaded(t), keyPress("5"), tickMsg(t0))
	return a, b
}

// TestTheWebhooksConsole: the webhooks, the deliveries of the one under
// the cursor with their counts and the last day's success rate, and a
// delivery's body, all cleaned; every change confirmed before it goes.
func TestTheWebhooksConsole(t *testing.T) {
	a, b := hooks(t)
	v := a.View()
	for _, want := range []string{"shop␛", "https://shop.example/hooks", "active", "all payments", "1 succeeded · 1 failed · 0 attempting · 0 abandoned",
		"50% succeeded in the last day", "last failure: HTTP 500", "✗ failed", "HTTP 500"} {
		if !strings.Contains(v, want) {
			t.Errorf("the console lacks %q:\n%s", want, v)
		}
	}
	press(a, keyPress("enter"), keyPress("enter"))
	if v := a.View(); !strings.Contains(v, "Delivery · d0000000-0000-4000-8000-000000000002") || !strings.Contains(v, `"event": "completed"`) ||
		strings.ContainsRune(v, '\u202e') || strings.Contains(v, "\x1b[2J") {
		t.Errorf("the delivery's detail:\n%s", v)
	}
	press(a, keyPress("R"))
	if len(b.asked) != 0 || !strings.Contains(a.View(), "Retry delivery d0000000") {
		t.Fatalf("retry was not asked to be confirmed: %q\n%s", b.asked, a.View())
	}
	press(a, keyPress("y"))
	if len(b.asked) != 1 || b.asked[0] != "retry d0000000-0000-4000-8000-000000000002" {
		t.Errorf("asked %q", b.asked)
	}
	press(a, keyPress("esc"), keyPress("esc"), keyPress("s"), keyPress("n"))
	if len(b.asked) != 1 {
		t.Errorf("stop went without its yes: %q", b.asked)
	}
	press(a, keyPress("s"), keyPress("y"), keyPress("t"))
	if len(b.asked) != 3 || b.asked[1] != "stop "+hookID || b.asked[2] != "test "+hookID {
		t.Errorf("asked %q", b.asked)
	}
}

// TestANewWebhooksSecretIsShownOnceAndNotKept.
func TestANewWebhooksSecretIsShownOnceAndNotKept(t *testing.T) {
	a, b := hooks(t)
	w := a.screens[4].(*webhooksScreen)
	press(a, keyPress("n"))
	w.dialog.byWire["url"].input.SetValue("http://shop.example/hooks")
	press(a, keyPress("enter"))
	if !strings.Contains(w.dialog.byWire["url"].err, "use https") || len(b.asked) != 0 {
		t.Fatalf("an http address: %q, asked %q", w.dialog.byWire["url"].err, b.asked)
	}
	w.dialog.byWire["url"].input.SetValue("https://shop.example/other")
	w.dialog.byWire["events"].input.SetValue("receive.paid")
	press(a, keyPress("enter"))
	if !strings.Contains(w.dialog.byWire["events"].err, "not an event") || len(b.asked) != 0 {
		t.Fatalf("an unknown event: %q, asked %q", w.dialog.byWire["events"].err, b.asked)
	}
	w.dialog.byWire["events"].input.SetValue("receive.completed, send.failed")
	press(a, keyPress("enter"))
	if len(b.asked) != 1 || !strings.Contains(a.View(), "vltg_shownonce") || !strings.Contains(a.View(), "Shown once and not kept") {
		t.Fatalf("created: %q\n%s", b.asked, a.View())
	}
	press(a, keyPress("esc"))
	if strings.Contains(a.View(), "vltg_shownonce") || w.secret != nil {
		t.Error("the secret is still there after esc")
	}
	press(a, keyPress("K"), keyPress("y"))
	if !strings.Contains(a.View(), "vltg_rotated") {
		t.Errorf("the rotated secret is not shown:\n%s", a.View())
	}
	press(a, keyPress("3"))
	if strings.Contains(a.View(), "vltg_rotated") {
		t.Error("the secret shows on another screen")
	}
}

func TestWebhooksView(t *testing.T) {
	eachSize(t, func(t *testing.T, a *App) {
		b := &hookBackend{}
		a.s.cfg.Backend = forDisplay(b)
		press(a, walletsLoaded(t), keyPress("5"), tickMsg(t0))
	})
}
