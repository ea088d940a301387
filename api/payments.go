package api

import (
	"context"
	"net/http"
	"time"

	"github.com/voltdash/voltdash/model"
)

// ListPayments returns one page of the environment's payments (get_payments).
func (c *Client) ListPayments(ctx context.Context, f model.PaymentFilter) (model.Page[model.Payment], error) {
	var page model.Page[model.Payment]
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("payments"), query: f.Query()}, &page)
	return page, err
}

// CreatePayment submits a receive or a send (create_payment). Voltage answers
// 202 and works on it asynchronously; follow it with GetPayment.
//
// The request's id makes this safe to repeat: attempts after a lost answer
// carry the same id, and a 409 payment_exists on such a repeat means an
// earlier attempt was accepted, so nil is returned. A 409 on the first
// attempt is returned as an error (see IsAlreadyExists): the caller knows
// whether it is resubmitting a payment it recorded earlier.
func (c *Client) CreatePayment(ctx context.Context, req model.PaymentRequest) error {
	return c.submitPayment(ctx, c.envPath("payments"), req)
}

// CheckPayment asks whether a send would be approved (check_payment):
// Voltage answers 202 and decides asynchronously; poll GetPayment(req.ID)
// until it is approved (it would go) or failed (its error says why). The
// check is a payment of its own that stays listed with the others, so its
// id is used up: the real send needs another. It is repeated as
// CreatePayment is.
func (c *Client) CheckPayment(ctx context.Context, req model.SendRequest) error {
	return c.submitPayment(ctx, c.envPath("payments", "check"), req)
}

// submitPayment posts a payment request under its own id, repeating
// after a lost answer, and opens the grace window in which GetPayment
// forgives its 404.
func (c *Client) submitPayment(ctx context.Context, path string, req model.PaymentRequest) error {
	if err := req.Validate(); err != nil {
		return err
	}
	_, err := c.do(ctx, request{method: http.MethodPost, path: path, body: req,
		safety: idempotent, acceptOnRetry: alreadyExists}, nil)
	if err == nil {
		c.rememberCreate(req.PaymentID())
	}
	return err
}

// GetPayment reads one payment (get_payment). Right after this client created
// it, a 404 is read as "not visible yet" and retried for the grace window.
func (c *Client) GetPayment(ctx context.Context, id string) (model.Payment, error) {
	var p model.Payment
	if err := c.checkID("payment", id); err != nil {
		return p, err
	}
	err := c.withCreateGrace(ctx, id, func() error {
		_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("payments", id)}, &p)
		return err
	})
	return p, err
}

// PaymentHistory returns a payment's event log (get_payment_history).
func (c *Client) PaymentHistory(ctx context.Context, id string) (model.PaymentHistory, error) {
	var h model.PaymentHistory
	if err := c.checkID("payment", id); err != nil {
		return h, err
	}
	_, err := c.do(ctx, request{method: http.MethodGet, path: c.envPath("payments", id, "history")}, &h)
	return h, err
}

// rememberCreate notes an accepted create so a read that follows can
// forgive the API's brief 404.
func (c *Client) rememberCreate(id string) {
	now := c.clock.Now()
	c.createdMu.Lock()
	defer c.createdMu.Unlock()
	for old, at := range c.created {
		if now.Sub(at) > c.grace {
			delete(c.created, old)
		}
	}
	c.created[id] = now
}

func (c *Client) createdAt(id string) (time.Time, bool) {
	c.createdMu.Lock()
	defer c.createdMu.Unlock()
	at, ok := c.created[id]
	return at, ok
}

// withCreateGrace repeats read while it answers 404 for a resource this
// client created less than the grace window ago.
func (c *Client) withCreateGrace(ctx context.Context, id string, read func() error) error {
	wait := 200 * time.Millisecond
	for {
		err := read()
		if !IsNotFound(err) {
			return err
		}
		created, ok := c.createdAt(id)
		if !ok || c.clock.Now().Add(wait).Sub(created) > c.grace {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-c.clock.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}
