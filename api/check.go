package api

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/voltdash/voltdash/model"
)

// Check confirms that the key is accepted, that it reaches the
// organization (listing wallets) and the environment (listing one
// payment), and measures the clock against the server's.
func (c *Client) Check(ctx context.Context) (model.Health, error) {
	var h model.Health
	var ws []model.Wallet
	hdr := http.Header{}
	q := url.Values{"environment_id": {c.env}}
	if _, err := c.do(ctx, request{method: http.MethodGet, path: c.orgPath("wallets"), query: q, header: &hdr}, &ws); err != nil {
		return h, err
	}
	h.Wallets = len(inEnvironment(ws, c.env, func(w model.Wallet) string { return w.EnvironmentID }))
	if _, err := c.ListPayments(ctx, model.PaymentFilter{Limit: 1}); err != nil {
		return h, err
	}
	if t, err := http.ParseTime(hdr.Get("Date")); err == nil {
		h.ServerTime = t
		// Date has whole seconds; anything under two is noise.
		if d := c.clock.Now().Sub(t); d > 2*time.Second || d < -2*time.Second {
			h.Skew = d.Round(time.Second)
		}
	}
	return h, nil
}
