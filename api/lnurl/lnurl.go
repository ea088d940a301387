// Package lnurl is voltdash's client of LNURL-pay services and Lightning
// Addresses (LUD-06, LUD-16): it reads the pay request a target names and
// asks its callback for an invoice (port.LNURL). It checks what it reads
// is a pay request and an invoice answer (model.ParsePayRequest,
// model.ParsePayInvoice); holding the invoice to the amount, the wallet's
// network, the clock and the metadata is the caller's, with
// model.VerifyPayInvoice.
//
// The services are strangers: every request goes over https (plain http
// only to this machine, as for the API), under a time limit, with a cap on
// what is read, no cookies, and no redirect to another origin. Every
// failure is one sentence wrapping one of model's ErrLNURL… errors.
package lnurl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/voltdash/voltdash/model"
)

const (
	// DefaultTimeout bounds one request, redirects included.
	DefaultTimeout = 10 * time.Second
	// MaxAnswer is the largest answer read: a pay request or an invoice
	// is a few KiB at most.
	MaxAnswer = 64 << 10
	// maxRedirects is how many same-origin redirects are followed.
	maxRedirects = 3
	// DefaultUserAgent names voltdash to the services.
	DefaultUserAgent = "voltdash (LNURL-pay)"
)

var (
	errTimeout = errors.New("lnurl: time limit")
	// errOffOrigin marks the redirect check's refusal until get knows
	// whether a pay request or an invoice was being read.
	errOffOrigin = errors.New("lnurl: redirected to another origin")
)

// Option changes a Client.
type Option func(*Client)

// WithTimeout bounds one request (default DefaultTimeout).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithHTTPClient sends requests through h (copied: its redirect policy is
// replaced by this package's and its cookie jar dropped).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// Client reads LNURL-pay services. It is safe for concurrent use.
type Client struct {
	http      *http.Client
	timeout   time.Duration
	userAgent string
}

// New is a client with opts applied.
func New(opts ...Option) *Client {
	c := &Client{http: &http.Client{}, timeout: DefaultTimeout, userAgent: DefaultUserAgent}
	for _, o := range opts {
		o(c)
	}
	h := *c.http
	// A service's cookies would follow the payer from one payment to the
	// next; there is nothing in LNURL-pay that needs them.
	h.Jar = nil
	h.CheckRedirect = checkRedirect
	c.http = &h
	return c
}

// checkRedirect follows a few redirects within the origin first asked and
// none elsewhere: a pay request from another site is not the one the user
// typed (LUD-06 puts only the callback elsewhere, and says so in the
// answer, not by redirecting).
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	switch {
	case len(via) > maxRedirects:
		return fail(model.ErrLNURLUnreachable, "the service at %s redirected again and again", host(first))
	case req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host):
		return fail(errOffOrigin, "the service at %s redirected to another site (%s), which voltdash does not follow",
			host(first), host(req.URL))
	}
	return nil
}

// PayRequest reads the pay request t names (LUD-06 step 1, LUD-16).
func (c *Client) PayRequest(ctx context.Context, t model.PayTarget) (model.PayRequest, error) {
	u, err := url.Parse(t.URL)
	if err != nil || !allowed(u) {
		return model.PayRequest{}, fail(model.ErrLNURLTarget, "%s cannot be asked: its address is not https", model.CleanText(t.String()))
	}
	status, body, err := c.get(ctx, u, model.ErrLNURLNotPayRequest)
	if err != nil {
		return model.PayRequest{}, err
	}
	if status == http.StatusNotFound && t.Kind == model.TargetAddress {
		name, _, _ := strings.Cut(t.Address, "@")
		return model.PayRequest{}, fail(model.ErrLNURLNoSuchUser, "%s has no user %s (the address %s does not exist)",
			host(u), model.CleanText(name), model.CleanText(t.Address))
	}
	if err := answerStatus(u, status, body, model.ErrLNURLNotPayRequest, "a pay request"); err != nil {
		return model.PayRequest{}, err
	}
	if len(body) > MaxAnswer {
		return model.PayRequest{}, fail(model.ErrLNURLNotPayRequest,
			"the service at %s sent an answer larger than %d KiB, which is not a pay request", host(u), MaxAnswer>>10)
	}
	return model.ParsePayRequest(body)
}

// Invoice asks pr's callback for an invoice of amount (LUD-06 step 2),
// with comment when it is not empty (LUD-12). The amount and comment are
// checked against pr first, so nothing the service would refuse is sent.
// A url success action linking off the callback's domain is refused
// (LUD-09); the invoice itself is the caller's to verify.
func (c *Client) Invoice(ctx context.Context, pr model.PayRequest, amount model.MilliSats, comment string) (model.PayInvoice, error) {
	if err := pr.CheckAmount(amount); err != nil {
		return model.PayInvoice{}, err
	}
	if err := pr.CheckComment(comment); err != nil {
		return model.PayInvoice{}, err
	}
	u, err := url.Parse(pr.Callback)
	if err != nil || !allowed(u) {
		return model.PayInvoice{}, fail(model.ErrLNURLNotPayRequest, "the service's callback is not an https address")
	}
	q := url.Values{"amount": {strconv.FormatInt(int64(amount), 10)}}
	if comment != "" {
		q.Set("comment", comment)
	}
	// LUD-06: the callback may carry a query of its own, which is kept
	// byte for byte (re-encoding it could change what the service reads).
	if u.RawQuery != "" {
		u.RawQuery += "&" + q.Encode()
	} else {
		u.RawQuery = q.Encode()
	}
	status, body, err := c.get(ctx, u, model.ErrLNURLBadInvoice)
	if err != nil {
		return model.PayInvoice{}, err
	}
	if err := answerStatus(u, status, body, model.ErrLNURLBadInvoice, "an invoice"); err != nil {
		return model.PayInvoice{}, err
	}
	if len(body) > MaxAnswer {
		return model.PayInvoice{}, fail(model.ErrLNURLBadInvoice,
			"the service at %s sent an answer larger than %d KiB, which is not an invoice", host(u), MaxAnswer>>10)
	}
	inv, err := model.ParsePayInvoice(body)
	if err != nil {
		return model.PayInvoice{}, err
	}
	if err := model.CheckSuccessAction(pr, inv.SuccessAction); err != nil {
		return model.PayInvoice{}, err
	}
	return inv, nil
}

// answerStatus turns an answer that is not a 200 into its sentence: a 5xx
// is the service being down; any other status is the LUD-06 error form's
// reason when it has one, else an answer that is not what was asked for.
func answerStatus(u *url.URL, status int, body []byte, notIt error, what string) error {
	if status == http.StatusOK {
		return nil
	}
	shown := strconv.Itoa(status)
	if text := http.StatusText(status); text != "" {
		shown += " " + text
	}
	if status >= 500 {
		return fail(model.ErrLNURLUnreachable, "the service at %s is down (it answered %s)", host(u), shown)
	}
	if _, err := model.ParsePayInvoice(body); errors.Is(err, model.ErrLNURLServiceError) {
		return err
	}
	return fail(notIt, "the service at %s answered %s instead of %s", host(u), shown, what)
}

// get reads u, at most MaxAnswer+1 bytes of it, within the time limit;
// notIt is what a redirect elsewhere means: not the answer asked for.
func (c *Client) get(ctx context.Context, u *url.URL, notIt error) (int, []byte, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, nil, fail(model.ErrLNURLTarget, "the address of the service at %s cannot be asked", host(u))
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, c.unreachable(ctx, u, err, notIt)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer+1))
	if err != nil {
		return 0, nil, c.unreachable(ctx, u, err, notIt)
	}
	return resp.StatusCode, body, nil
}

// unreachable says why no answer came.
func (c *Client) unreachable(ctx context.Context, u *url.URL, err, notIt error) error {
	var own *model.LNURLError
	var dns *net.DNSError
	switch {
	case errors.As(err, &own) && own.Err == errOffOrigin:
		return &model.LNURLError{Err: notIt, Detail: own.Detail}
	case errors.As(err, &own):
		return own // the redirect check's own sentence
	case errors.Is(context.Cause(ctx), errTimeout):
		return fail(model.ErrLNURLUnreachable, "the service at %s did not answer within %v", host(u), c.timeout)
	case ctx.Err() != nil:
		return ctx.Err() // the caller gave up; not the service's fault
	case errors.As(err, &dns):
		return fail(model.ErrLNURLUnreachable, "the service at %s could not be found (its name does not resolve)", host(u))
	case errors.Is(err, syscall.ECONNREFUSED):
		return fail(model.ErrLNURLUnreachable, "the service at %s is down (nothing is listening there)", host(u))
	}
	return fail(model.ErrLNURLUnreachable, "the service at %s could not be reached", host(u))
}

// allowed is the API's rule for a service's URL: https, or plain http to
// this machine only.
func allowed(u *url.URL) bool {
	switch {
	case u.Host == "" || u.User != nil:
		return false
	case u.Scheme == "https":
		return true
	}
	return u.Scheme == "http" && model.IsLoopbackHost(u.Hostname())
}

func host(u *url.URL) string {
	h := []rune(model.CleanText(u.Host))
	if len(h) > 64 {
		return string(h[:63]) + "…"
	}
	return string(h)
}

func fail(err error, format string, args ...any) error {
	return &model.LNURLError{Err: err, Detail: fmt.Sprintf(format, args...)}
}
