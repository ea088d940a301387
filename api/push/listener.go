package push

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/voltdash/voltdash/api"
	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// Path is the path of LocalURL. Deliveries are taken on any path, as a
// tunnel or proxy may forward them under the path of the public URL.
const Path = "/voltage/webhook"

// Listener serves a Receiver on a local address and registers it with
// Voltage as a webhook for as long as it runs.
type Listener struct {
	*Receiver
	ln  net.Listener
	srv *http.Server
	// set by Register: the webhook to delete on Close
	client *api.Client
	hookID string
}

// Listen starts taking deliveries on addr, such as 127.0.0.1:8787 (port 0
// picks a free one). Nothing arrives until Register.
func Listen(addr string, clk clock.Clock) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%s is already in use (another voltdash?)", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	l := &Listener{Receiver: NewReceiver(clk), ln: ln}
	l.srv = &http.Server{Handler: l.Receiver, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// LocalURL is the listener's own address, which Voltage can reach only
// when it runs on this machine (the simulator) or through a tunnel.
func (l *Listener) LocalURL() string { return "http://" + l.ln.Addr().String() + Path }

// Register creates a webhook that posts every payment event to url. A
// webhook for the same url left behind by a run that could not clean up
// is deleted first, so deliveries are not doubled.
func (l *Listener) Register(ctx context.Context, c *api.Client, url string) error {
	if l.client != nil {
		return errors.New("already registered")
	}
	existing, err := c.ListWebhooks(ctx, model.WebhookFilter{})
	if err != nil {
		return err
	}
	for _, w := range existing {
		if w.URL == url && w.Status != model.WebhookDeleted {
			if err := c.DeleteWebhook(ctx, w.ID); err != nil && !api.IsNotFound(err) {
				return err
			}
		}
	}
	id := model.NewID()
	secret, err := c.CreateWebhook(ctx, model.NewWebhookRequest{ID: id, URL: url, Name: webhookName(),
		Events: model.AllPaymentEvents})
	if err != nil {
		return err
	}
	l.SetSecret(id, secret.SharedSecret)
	l.client, l.hookID = c, id
	return nil
}

// healthWindow is how many of the webhook's newest deliveries Health reads.
const healthWindow = 50

// Health reads the registered webhook's newest deliveries
// (get_webhook_deliveries_as_user, by updated_at) and says whether they fail
// lately, why, and for which payments.
func (l *Listener) Health(ctx context.Context) (model.PushHealth, error) {
	if l.client == nil {
		return model.PushHealth{}, errors.New("no webhook registered")
	}
	page, err := l.client.WebhookDeliveries(ctx, l.hookID, model.DeliveryFilter{Limit: healthWindow, SortKey: "updated_at", SortOrder: model.Descending})
	if err != nil {
		return model.PushHealth{}, err
	}
	return model.PushHealthOf(page.Items), nil
}

func webhookName() string {
	if host, err := os.Hostname(); err == nil && host != "" {
		return "voltdash on " + host
	}
	return "voltdash"
}

// Close deletes the webhook, if one was registered, and stops listening.
func (l *Listener) Close(ctx context.Context) error {
	l.Receiver.Close()
	var err error
	if l.client != nil {
		if err = l.client.DeleteWebhook(ctx, l.hookID); api.IsNotFound(err) {
			err = nil
		}
	}
	return errors.Join(err, l.srv.Shutdown(ctx))
}
