// Package price reads BTCUSD quotes from Voltage's public price service
// (no credentials): GET {base}/currency/BTCUSD/{now | 2006-01-02T15:04:05Z}
// answers {"pair":"BTCUSD","time":…,"price":"97123.45"} for the minute.
//
// The service answers with the current price when it cannot read the time
// it was asked for, so an answer is believed only for the minute it names:
// a quote for another minute or another pair is refused, never shown as
// the one asked for. Answers are cached by the minute (a minute's price
// does not change), and a failure is remembered for a while, so that a
// screen or a history of many payments never hammers a service that is
// down.
package price

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

const (
	// DefaultTimeout bounds one request.
	DefaultTimeout = 5 * time.Second
	// MaxAnswer is the largest answer read: a quote is a few dozen bytes,
	// and anything much bigger is not a quote.
	MaxAnswer = 4 << 10
	// Backoff is how long a failure is answered from memory before the
	// service is asked again.
	Backoff = 30 * time.Second
	// MaxAge is how old the minute of a "now" answer may be: the service
	// may lag a little, but a quote older than this is not the latest.
	MaxAge = 5 * time.Minute
	// maxCached bounds the minutes kept; past that the oldest go first.
	maxCached = 4096
	// timeLayout is the only time format the service reads; anything else
	// it answers with the current price.
	timeLayout = "2006-01-02T15:04:05Z"
)

// Error is a failure of the price service, as one sentence: "the price
// service at coinprice.voltage.cloud did not answer within 5s". Err, when
// set, is the cause, for errors.Is and errors.As.
type Error struct {
	Host    string
	Problem string // what went wrong, after "the price service at HOST "
	// Down marks a failure of the service as a whole (no answer, a 5xx, a
	// timeout), as opposed to one minute it could not quote: every ask is
	// answered with it until the backoff passes.
	Down bool
	Err  error
}

func (e *Error) Error() string { return "the price service at " + e.Host + " " + e.Problem }
func (e *Error) Unwrap() error { return e.Err }

// Errors a caller may tell apart with errors.Is.
var (
	ErrTimeout     = errors.New("the price service did not answer in time")
	ErrWrongQuote  = errors.New("the price service quoted something other than what was asked")
	ErrFutureQuote = errors.New("no price for a minute still to come")
	// ErrNoHistory: asked for a past minute, the service answered its
	// latest price, as it does when it cannot read the time asked; every
	// past minute would be answered so until the backoff passes.
	ErrNoHistory = fmt.Errorf("%w: the latest price for a past minute", ErrWrongQuote)
)

// Option changes a Client.
type Option func(*Client)

// WithClock sets the clock that decides "now", the cache's minutes, the
// backoff and the request timeout (default: the system clock).
func WithClock(c clock.Clock) Option { return func(p *Client) { p.clock = c } }

// WithHTTPClient sends requests through h (copied; its redirect policy is
// replaced by this package's).
func WithHTTPClient(h *http.Client) Option { return func(p *Client) { p.http = h } }

// WithTimeout bounds one request (default DefaultTimeout).
func WithTimeout(d time.Duration) Option { return func(p *Client) { p.timeout = d } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(p *Client) { p.userAgent = ua } }

// Client asks one price service for quotes. It is safe for concurrent use
// and meant to live as long as the program: its cache is what keeps the
// service from being asked twice.
type Client struct {
	base      *url.URL
	host      string
	bad       error // the base URL cannot be used: every Quote answers this
	http      *http.Client
	clock     clock.Clock
	timeout   time.Duration
	userAgent string

	mu      sync.Mutex
	quotes  map[time.Time]model.Quote // by minute
	latest  latest
	failed  map[string]failure // by key: "now" or a minute
	down    failure            // the whole service, while Down errors last
	history failure            // every past minute, while ErrNoHistory lasts
	flights map[string]*flight // requests under way, by key
}

// latest is the answer to "now", good for the clock's minute it was asked
// in.
type latest struct {
	asked time.Time
	quote model.Quote
	ok    bool
}

type failure struct {
	err   error
	until time.Time
}

// flight is one request that every ask of its key waits for.
type flight struct {
	done  chan struct{}
	quote model.Quote
	err   error
}

// New is a client of the service at baseURL, such as
// https://coinprice.voltage.cloud. Plain http is accepted only for this
// machine (the simulator); a URL that cannot be used makes every Quote
// fail with a sentence saying why, so that a bad setting costs dollars,
// not the program.
func New(baseURL string, opts ...Option) *Client {
	c := &Client{http: &http.Client{}, clock: clock.System{}, timeout: DefaultTimeout, userAgent: "voltdash/dev",
		quotes: map[time.Time]model.Quote{}, failed: map[string]failure{}, flights: map[string]*flight{}}
	for _, o := range opts {
		o(c)
	}
	c.base, c.host, c.bad = parseBase(baseURL)
	// A redirect to another origin is refused: the service has no reason
	// to send us elsewhere, and a quote from elsewhere is not its quote.
	h := *c.http
	h.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		switch {
		case len(via) >= 3:
			return &Error{Host: c.host, Problem: "redirected again and again", Down: true}
		case req.URL.Scheme != c.base.Scheme || !strings.EqualFold(req.URL.Host, c.base.Host):
			return &Error{Host: c.host, Problem: fmt.Sprintf("redirected to another site (%s), which voltdash does not follow",
				model.CutText(model.CleanText(req.URL.Host), 64)), Down: true}
		}
		return nil
	}
	c.http = &h
	return c
}

func parseBase(raw string) (*url.URL, string, error) {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(raw), "/"))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		shown := "the price service URL"
		if err == nil && u.Host != "" {
			shown = u.Host
		}
		return &url.URL{}, shown, &Error{Host: model.CleanText(shown), Problem: "cannot be used: its URL is not like https://coinprice.voltage.cloud"}
	}
	host := model.CleanText(u.Host)
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && model.IsLoopbackHost(u.Hostname()):
	case u.Scheme == "http":
		return u, host, &Error{Host: host, Problem: "is refused: plain http is only for this machine; use https"}
	default:
		return u, host, &Error{Host: host, Problem: "cannot be used: its URL is not https"}
	}
	return u, host, nil
}

// Host is the service's host, as errors name it.
func (c *Client) Host() string { return c.host }

// Quote is the BTCUSD price for the minute of at, or the latest when at is
// zero (port.Prices). The same minute is asked of the service once; after
// a failure, asks within Backoff get the same error without a request.
func (c *Client) Quote(ctx context.Context, at time.Time) (model.Quote, error) {
	if c.bad != nil {
		return model.Quote{}, c.bad
	}
	now := c.clock.Now()
	key, minute := "now", time.Time{}
	if !at.IsZero() {
		minute = model.PriceMinute(at)
		if minute.After(model.PriceMinute(now)) {
			return model.Quote{}, fmt.Errorf("%w (%s UTC)", ErrFutureQuote, minute.Format("2006-01-02 15:04"))
		}
		key = minute.Format(timeLayout)
	}
	c.mu.Lock()
	if q, ok := c.cached(key, minute, now); ok {
		c.mu.Unlock()
		return q, nil
	}
	if err := c.remembered(key, now); err != nil {
		c.mu.Unlock()
		return model.Quote{}, err
	}
	f, ok := c.flights[key]
	if !ok {
		f = &flight{done: make(chan struct{})}
		c.flights[key] = f
		// The request is the flight's, not this caller's: one who gives up
		// must not fail the others waiting on it. It has its own bound.
		go c.fly(context.WithoutCancel(ctx), key, minute, now, f)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.quote, f.err
	case <-ctx.Done():
		return model.Quote{}, ctx.Err()
	}
}

// cached answers from memory; c.mu is held.
func (c *Client) cached(key string, minute, now time.Time) (model.Quote, bool) {
	if key == "now" {
		return c.latest.quote, c.latest.ok && c.latest.asked.Equal(model.PriceMinute(now))
	}
	q, ok := c.quotes[minute]
	return q, ok
}

// remembered is a failure still within its backoff; c.mu is held.
func (c *Client) remembered(key string, now time.Time) error {
	if c.down.err != nil && now.Before(c.down.until) {
		return c.down.err
	}
	if key != "now" && c.history.err != nil && now.Before(c.history.until) {
		return c.history.err
	}
	if f, ok := c.failed[key]; ok && now.Before(f.until) {
		return f.err
	}
	return nil
}

func (c *Client) fly(ctx context.Context, key string, minute, asked time.Time, f *flight) {
	q, err := c.fetch(ctx, minute, asked)
	c.mu.Lock()
	delete(c.flights, key)
	if err != nil {
		until := c.clock.Now().Add(Backoff)
		c.failed[key] = failure{err, until}
		if e := (*Error)(nil); errors.As(err, &e) && e.Down {
			c.down = failure{err, until}
		}
		if errors.Is(err, ErrNoHistory) {
			c.history = failure{err, until}
		}
	} else {
		delete(c.failed, key)
		c.down = failure{}
		if key != "now" {
			c.history = failure{}
		}
		c.keep(q)
		if key == "now" {
			c.latest = latest{asked: model.PriceMinute(asked), quote: q, ok: true}
		}
	}
	f.quote, f.err = q, err
	c.mu.Unlock()
	close(f.done)
}

// keep caches q by its minute; c.mu is held.
func (c *Client) keep(q model.Quote) {
	if _, ok := c.quotes[q.Minute]; !ok && len(c.quotes) >= maxCached {
		var oldest time.Time
		for m := range c.quotes {
			if oldest.IsZero() || m.Before(oldest) {
				oldest = m
			}
		}
		delete(c.quotes, oldest)
	}
	c.quotes[q.Minute] = q
}

// answer is the service's JSON. Time and price are read raw: the time may
// be RFC 3339 text or unix seconds, and the price must reach ParsePrice as
// the digits that were sent, never through a float.
type answer struct {
	Pair  string          `json:"pair"`
	Time  json.RawMessage `json:"time"`
	Price json.RawMessage `json:"price"`
}

// fetch asks the service for minute (zero: now) and checks the answer
// against what was asked.
func (c *Client) fetch(ctx context.Context, minute, asked time.Time) (model.Quote, error) {
	fail := func(down bool, err error, format string, args ...any) (model.Quote, error) {
		return model.Quote{}, &Error{Host: c.host, Problem: fmt.Sprintf(format, args...), Down: down, Err: err}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// The bound runs on the injected clock, so tests move time instead of
	// waiting for it.
	timer := c.clock.AfterFunc(c.timeout, func() { cancel(ErrTimeout) })
	defer timer.Stop()

	at := "now"
	if !minute.IsZero() {
		at = minute.Format(timeLayout)
	}
	u := *c.base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/currency/" + model.PricePair + "/" + at
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(false, err, "cannot be asked: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.http.Do(req)
	if err == nil {
		defer resp.Body.Close()
	}
	var body []byte
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, MaxAnswer+1))
	}
	if err != nil {
		return c.unreachable(ctx, err)
	}
	switch {
	case resp.StatusCode != http.StatusOK:
		status := fmt.Sprint(resp.StatusCode)
		if text := http.StatusText(resp.StatusCode); text != "" {
			status += " " + text
		}
		// A 4xx is about this minute; anything else is the service's state.
		return fail(resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests, nil, "answered %s instead of a price", status)
	case len(body) > MaxAnswer:
		return fail(true, nil, "sent an answer larger than %d KiB, which is not a price", MaxAnswer>>10)
	}
	var a answer
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&a); err != nil {
		return fail(true, err, "sent an answer that is not a price (not the JSON it should be)")
	}
	if a.Pair != model.PricePair {
		return fail(false, ErrWrongQuote, "quoted %q instead of %s", model.CutText(model.CleanText(a.Pair), 20), model.PricePair)
	}
	when, ok := readTime(a.Time)
	if !ok {
		return fail(true, nil, "sent a quote without a time it could be read by")
	}
	got := model.PriceMinute(when)
	switch {
	case minute.IsZero() && got.After(model.PriceMinute(asked)):
		return fail(false, ErrWrongQuote, "quoted %s UTC, a minute still to come by this machine's clock (%s UTC)",
			got.Format("2006-01-02 15:04"), asked.UTC().Format("15:04"))
	case minute.IsZero() && asked.Sub(got) > MaxAge:
		return fail(false, ErrWrongQuote, "quoted %s UTC as the latest price, more than %d minutes old",
			got.Format("2006-01-02 15:04"), int(MaxAge/time.Minute))
	case !minute.IsZero() && got.After(minute) && asked.Sub(got) <= MaxAge && asked.Sub(minute) > MaxAge:
		// A latest price for a minute older than any latest price can be:
		// the service has no history (or cannot read the time asked).
		return fail(false, ErrNoHistory, "answers with the latest price, not the minute asked (quoted %s UTC when asked for %s UTC)",
			got.Format("2006-01-02 15:04"), minute.Format("2006-01-02 15:04"))
	case !minute.IsZero() && !got.Equal(minute):
		return fail(false, ErrWrongQuote, "quoted %s UTC when asked for %s UTC",
			got.Format("2006-01-02 15:04"), minute.Format("2006-01-02 15:04"))
	}
	p, err := model.ParsePrice(rawText(a.Price))
	if err != nil {
		return fail(false, err, "sent a price that cannot be used: %v", err)
	}
	return model.Quote{Pair: model.PricePair, Minute: got, Price: p}, nil
}

// unreachable says why no answer came.
func (c *Client) unreachable(ctx context.Context, err error) (model.Quote, error) {
	e := &Error{Host: c.host, Down: true, Err: err}
	var dns *net.DNSError
	var own *Error
	switch {
	case errors.As(err, &own):
		return model.Quote{}, own // the redirect check's own sentence
	case errors.Is(context.Cause(ctx), ErrTimeout):
		e.Problem, e.Err = fmt.Sprintf("did not answer within %v", c.timeout), ErrTimeout
	case errors.As(err, &dns):
		e.Problem = "could not be found (its name does not resolve)"
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Problem = "could not be reached (nothing is listening there)"
	default:
		e.Problem = "could not be reached"
	}
	return model.Quote{}, e
}

// readTime reads an answer's time: RFC 3339 text or unix seconds.
func readTime(raw json.RawMessage) (time.Time, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		t, err := time.Parse(time.RFC3339, s)
		return t, err == nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return time.Time{}, false
	}
	secs, err := n.Int64()
	if err != nil || secs <= 0 {
		return time.Time{}, false
	}
	return time.Unix(secs, 0), true
}

// rawText is a JSON string's text, or a JSON number's digits as sent;
// anything else is given to ParsePrice as nothing, which refuses it.
func rawText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
