package api

import (
	"context"
	"net/http"

	"github.com/voltdash/voltdash/model"
)

// ListWebhooks lists the webhooks of the client's environment
// (get_webhooks_as_user): the list is organization-wide, so the filter is
// narrowed to the environment and the answer filtered to it too.
func (c *Client) ListWebhooks(ctx context.Context, f model.WebhookFilter) ([]model.Webhook, error) {
	var ws []model.Webhook
	f.EnvironmentIDs = []string{c.env}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("webhooks"), query: f.Query()}, &ws)
	return inEnvironment(ws, c.env, func(w model.Webhook) string { return w.EnvironmentID }), err
}

// CreateWebhook registers a webhook and returns its signing secret, which is
// shown only now (create_webhook). If a repeated attempt finds the webhook
// already created, the first answer (and its secret) was lost, so a fresh
// secret is generated instead.
func (c *Client) CreateWebhook(ctx context.Context, req model.NewWebhookRequest) (model.WebhookSecret, error) {
	var secret model.WebhookSecret
	if req.ID == "" {
		req.ID = model.NewID()
	}
	if err := c.checkID("webhook", req.ID); err != nil {
		return secret, err
	}
	existed, err := c.do(ctx, request{method: http.MethodPost, path: c.envPath("webhooks"), body: req,
		safety: idempotent, acceptOnRetry: alreadyExists}, &secret)
	if err != nil {
		return secret, err
	}
	c.rememberCreate(req.ID)
	if existed {
		return c.GenerateWebhookKey(ctx, req.ID)
	}
	return secret, nil
}

// GetWebhook reads one webhook (get_webhook).
func (c *Client) GetWebhook(ctx context.Context, id string) (model.Webhook, error) {
	var w model.Webhook
	if err := c.checkID("webhook", id); err != nil {
		return w, err
	}
	err := c.withCreateGrace(ctx, id, func() error {
		_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("webhooks", id)}, &w)
		return err
	})
	return w, err
}

// UpdateWebhook changes a webhook; the event list is replaced whole
// (update_webhook).
func (c *Client) UpdateWebhook(ctx context.Context, id string, req model.UpdateWebhookRequest) error {
	if err := c.checkID("webhook", id); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPatch, path: c.envPath("webhooks", id), body: req,
		safety: idempotent}, nil)
	return err
}

// DeleteWebhook removes a webhook (delete_webhook).
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	if err := c.checkID("webhook", id); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodDelete, path: c.envPath("webhooks", id),
		safety: idempotent, acceptOnRetry: gone}, nil)
	return err
}

// StartWebhook resumes deliveries (start_webhook_as_user).
func (c *Client) StartWebhook(ctx context.Context, id string) error {
	return c.webhookAction(ctx, id, "start")
}

// StopWebhook pauses deliveries (stop_webhook_as_user).
func (c *Client) StopWebhook(ctx context.Context, id string) error {
	return c.webhookAction(ctx, id, "stop")
}

func (c *Client) webhookAction(ctx context.Context, id, action string) error {
	if err := c.checkID("webhook", id); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.envPath("webhooks", id, action),
		safety: idempotent}, nil)
	return err
}

// GenerateWebhookKey rotates a webhook's signing secret and returns the new
// one (generate_webhook_key). Each call rotates again, so it is retried only
// when the server says it did nothing.
func (c *Client) GenerateWebhookKey(ctx context.Context, id string) (model.WebhookSecret, error) {
	var s model.WebhookSecret
	if err := c.checkID("webhook", id); err != nil {
		return s, err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: c.envPath("webhooks", id, "keys"),
		safety: unsafe}, &s)
	return s, err
}
