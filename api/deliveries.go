package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/voltdash/voltdash/model"
)

// TestWebhook asks Voltage to deliver a test event to a webhook
// (test_webhook). Voltage answers 202 and posts it asynchronously, as a
// delivery under req.DeliveryID, which the caller chooses
// (model.NewTestEvent does): follow it with WebhookDelivery. The payload
// is held to the spec's Payload before anything is sent.
//
// The delivery id makes this safe to repeat. test_webhook declares no 409
// for an id already used, so when a repeat after a lost answer is
// refused (but for a 404: the webhook is gone), the delivery is read: if
// it is there, the first attempt made it.
func (c *Client) TestWebhook(ctx context.Context, webhookID string, req model.TestWebhookRequest) error {
	if err := c.checkID("webhook", webhookID); err != nil {
		return err
	}
	if err := c.checkID("delivery", req.DeliveryID); err != nil {
		return err
	}
	if err := checkTestPayload(req.Payload); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.envPath("webhooks", webhookID, "test"), body: req,
		safety: idempotent, acceptOnRetry: alreadyExists}, nil)
	if e, ok := asError(err); ok && e.Repeated && provesNothingHappened(e) && e.Status != http.StatusNotFound {
		c.rememberCreate(req.DeliveryID)
		if _, readErr := c.WebhookDelivery(ctx, webhookID, req.DeliveryID); readErr == nil {
			return nil
		}
	}
	if err == nil {
		c.rememberCreate(req.DeliveryID)
	}
	return err
}

// checkTestPayload holds a test event to the Payload schema: a send or
// receive event the spec lists, carrying a payment, or test/created
// carrying a string.
func checkTestPayload(p model.WebhookPayload) error {
	switch p.Type {
	case "test":
		var text string
		if p.Detail.Event != "created" {
			return fmt.Errorf("a test event is test.created, not test.%s", p.Detail.Event)
		}
		if json.Unmarshal(p.Detail.Data, &text) != nil {
			return fmt.Errorf("a test event's data is a string")
		}
	case "send", "receive":
		if !model.AllPaymentEvents.Has(p.Type, p.Detail.Event) {
			return fmt.Errorf("%s.%s is not an event of the API", p.Type, p.Detail.Event)
		}
		if pay, err := p.Payment(); err != nil || pay.ID == "" {
			return fmt.Errorf("a %s event's data is a payment", p.Type)
		}
	default:
		return fmt.Errorf("payload type %q: use send, receive or test", p.Type)
	}
	return nil
}

// WebhookDeliveries returns one page of a webhook's deliveries
// (get_webhook_deliveries_as_user), newest first unless f sorts
// otherwise. It pages by offset.
func (c *Client) WebhookDeliveries(ctx context.Context, webhookID string, f model.DeliveryFilter) (model.Page[model.WebhookDelivery], error) {
	var p model.Page[model.WebhookDelivery]
	if err := c.checkID("webhook", webhookID); err != nil {
		return p, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("webhooks", webhookID, "deliveries"), query: f.Query()}, &p)
	return p, err
}

// DeliverySummary counts a webhook's deliveries in the given statuses, in
// all when none is given (get_webhook_delivery_summary_as_user). Above
// some 100,000 deliveries the count may be an estimate: see its
// TotalCountAccuracy.
func (c *Client) DeliverySummary(ctx context.Context, webhookID string, statuses []model.DeliveryStatus) (model.DeliverySummary, error) {
	var s model.DeliverySummary
	if err := c.checkID("webhook", webhookID); err != nil {
		return s, err
	}
	q := model.DeliveryFilter{Statuses: statuses}.Query()
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("webhooks", webhookID, "deliveries", "summary"), query: q}, &s)
	return s, err
}

// WebhookDelivery reads one delivery (get_webhook_delivery). Right after
// this client asked for a test event, a 404 is read as "not visible yet"
// and retried for the grace window.
func (c *Client) WebhookDelivery(ctx context.Context, webhookID, deliveryID string) (model.WebhookDelivery, error) {
	var d model.WebhookDelivery
	if err := c.checkDelivery(webhookID, deliveryID); err != nil {
		return d, err
	}
	err := c.withCreateGrace(ctx, deliveryID, func() error {
		_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("webhooks", webhookID, "deliveries", deliveryID)}, &d)
		return err
	})
	return d, err
}

// RetryDelivery has a failed or abandoned delivery posted again
// (retry_webhook_delivery). Voltage answers 202 and posts asynchronously;
// read the delivery for its outcome. A delivery that succeeded is refused
// (400 invalid_webhook).
//
// When a repeat after a lost answer is refused, the delivery is read: if
// it is being attempted or has succeeded, the first attempt was accepted.
func (c *Client) RetryDelivery(ctx context.Context, webhookID, deliveryID string) error {
	return c.deliveryAction(ctx, webhookID, deliveryID, "retry", model.DeliveryAttempting, model.DeliverySucceeded)
}

// AbandonDelivery stops a delivery's attempts: an attempting or failed
// delivery becomes abandoned and is not retried again
// (abandon_webhook_delivery, 202). A delivery that succeeded is refused.
// When a repeat after a lost answer is refused, the delivery is read: if
// it is abandoned, the first attempt was accepted.
func (c *Client) AbandonDelivery(ctx context.Context, webhookID, deliveryID string) error {
	return c.deliveryAction(ctx, webhookID, deliveryID, "abandon", model.DeliveryAbandoned)
}

// deliveryAction posts retry or abandon; a refusal of a repeat is
// forgiven when the delivery is found in a status the action leads to.
func (c *Client) deliveryAction(ctx context.Context, webhookID, deliveryID, action string, after ...model.DeliveryStatus) error {
	if err := c.checkDelivery(webhookID, deliveryID); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.envPath("webhooks", webhookID, "deliveries", deliveryID, action),
		safety: idempotent}, nil)
	if e, ok := asError(err); ok && e.Repeated && provesNothingHappened(e) && e.Status != http.StatusNotFound {
		if d, readErr := c.WebhookDelivery(ctx, webhookID, deliveryID); readErr == nil {
			for _, s := range after {
				if d.Status == s {
					return nil
				}
			}
		}
	}
	return err
}

func (c *Client) checkDelivery(webhookID, deliveryID string) error {
	if err := c.checkID("webhook", webhookID); err != nil {
		return err
	}
	return c.checkID("delivery", deliveryID)
}
