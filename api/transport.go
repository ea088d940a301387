package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// RetryPolicy bounds how hard the client tries before reporting a failure.
type RetryPolicy struct {
	MaxAttempts   int           // including the first; 1 turns retries off
	BaseDelay     time.Duration // first wait; doubles each time, with jitter
	MaxDelay      time.Duration // cap on one wait
	MaxRetryAfter time.Duration // a server asking for a longer wait is not retried
}

// DefaultRetryPolicy suits an interactive client: about five seconds of
// trying before the UI is told.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 300 * time.Millisecond,
	MaxDelay: 5 * time.Second, MaxRetryAfter: time.Minute}

// safety says what repeating a request could do.
type safety int

const (
	// readOnly requests change nothing.
	readOnly safety = iota
	// idempotent requests have the same effect however often they arrive:
	// creates keyed by a client-chosen id, updates, start/stop, deletes.
	idempotent
	// unsafe requests act again on every arrival (rotating a webhook key),
	// so they are repeated only when the server said it did nothing.
	unsafe
)

// maxResponseBytes keeps a misbehaving server from exhausting memory.
const maxResponseBytes = 16 << 20

type request struct {
	method string
	path   string // below the base URL, starting with /
	query  url.Values
	body   any
	// payload, when set, is the body's exact bytes (Client.Raw).
	payload []byte
	safety  safety
	// acceptOnRetry recognises the answer a repeated attempt gets when an
	// earlier attempt already took effect (409 for a create, 404 for a
	// delete); that answer then counts as success.
	acceptOnRetry func(*Error) bool
	// header, when set, receives the headers of the successful answer.
	header *http.Header
	// raw, when set, receives every answer as it came (Client.Raw).
	raw *RawResponse
}

// do sends r, retrying as its safety allows, and decodes a 2xx body into
// out when out is not nil. It reports whether success came from
// acceptOnRetry.
func (c *Client) do(ctx context.Context, r request, out any) (acceptedEarlier bool, err error) {
	payload := r.payload
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return false, fmt.Errorf("%s %s: encoding the request: %w", r.method, r.path, err)
		}
	}
	mayHaveActed := false
	for attempt := 1; ; attempt++ {
		body, apiErr := c.attempt(ctx, r, payload)
		if apiErr == nil {
			return false, c.decode(r, body, out)
		}
		if attempt > 1 && r.acceptOnRetry != nil && r.acceptOnRetry(apiErr) {
			return true, nil
		}
		apiErr.Repeated = mayHaveActed
		mayHaveActed = mayHaveActed || !provesNothingHappened(apiErr)
		if ctx.Err() != nil || attempt >= c.retry.MaxAttempts || !shouldRetry(r.safety, apiErr) {
			return false, apiErr
		}
		wait, ok := c.backoff(attempt, apiErr.RetryAfter)
		if deadline, has := ctx.Deadline(); !ok || (has && time.Until(deadline) < wait) {
			return false, apiErr
		}
		select {
		case <-ctx.Done():
			return false, apiErr
		case <-c.clock.After(wait):
		}
	}
}

// provesNothingHappened reports an answer that proves the attempt had no
// effect: a 4xx (but a timeout) declines the request before acting on it.
// Anything else may have followed work that was done: no answer, a
// timeout, and any 5xx, 503 included, which a proxy can give after its
// upstream acted.
func provesNothingHappened(e *Error) bool {
	return e.Status >= 400 && e.Status < 500 && e.Status != http.StatusRequestTimeout
}

// shouldRetry decides whether a failed attempt is worth repeating.
func shouldRetry(s safety, e *Error) bool {
	switch {
	case e.Status == http.StatusTooManyRequests:
		return true // rate limited before any work: safe for every request
	case e.Status == http.StatusServiceUnavailable:
		return s != unsafe // may have acted upstream, so not for requests that act again
	case s == unsafe:
		return false
	case e.Status == 0:
		return e.Type == TypeNetwork || e.Type == TypeTimeout
	case e.Status == http.StatusRequestTimeout:
		return true
	}
	return e.Status >= 500
}

// backoff is the wait before attempt+1: exponential with jitter, at least
// what the server asked for; false when the server asked for too long.
func (c *Client) backoff(attempt int, retryAfter time.Duration) (time.Duration, bool) {
	if retryAfter > c.retry.MaxRetryAfter {
		return 0, false
	}
	d := c.retry.BaseDelay << (attempt - 1)
	if d > c.retry.MaxDelay || d <= 0 {
		d = c.retry.MaxDelay
	}
	return max(c.jitter(d), retryAfter), true
}

// attempt makes one round trip and returns the body of a 2xx answer.
func (c *Client) attempt(ctx context.Context, r request, payload []byte) ([]byte, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.base
	u.Path = c.base.Path + r.path
	u.RawQuery = r.query.Encode()
	req, err := http.NewRequestWithContext(actx, r.method, u.String(), bytes.NewReader(payload))
	if err != nil {
		return nil, &Error{Type: TypeNetwork, Method: r.method, Path: r.path, Err: c.scrub(err)}
	}
	req.Header.Set("X-Api-Key", c.key.value)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(actx, r, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return nil, c.transportError(actx, r, err)
	}
	if r.raw != nil {
		c.keepRaw(r.raw, resp, body)
	}
	if len(body) > maxResponseBytes {
		return nil, &Error{Status: resp.StatusCode, Type: TypeDecode, Method: r.method, Path: r.path,
			Detail: "response larger than 16 MiB"}
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return nil, &Error{Status: resp.StatusCode, Type: TypeRedirect, Method: r.method, Path: r.path,
			Detail: "redirected to " + c.redact(redirectTarget(resp)) + ", which voltdash does not follow"}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.errorFromResponse(r.method, r.path, resp, body, c.clock.Now())
	}
	if r.header != nil {
		*r.header = resp.Header.Clone()
	}
	return body, nil
}

// redirectTarget is where a redirect pointed, as scheme and host only: the
// rest of the address could carry anything.
func redirectTarget(resp *http.Response) string {
	loc, err := resp.Location()
	if err != nil {
		return "an address it did not give"
	}
	return loc.Scheme + "://" + loc.Host
}

func (c *Client) transportError(actx context.Context, r request, err error) *Error {
	typ := TypeNetwork
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		typ = TypeTimeout // this attempt's bound, or the caller's: no answer came in time either way
	}
	return &Error{Type: typ, Method: r.method, Path: r.path, Err: c.scrub(err)}
}

func (c *Client) decode(r request, body []byte, out any) error {
	if out == nil {
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &Error{Type: TypeDecode, Method: r.method, Path: r.path, Detail: "empty response body"}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &Error{Type: TypeDecode, Method: r.method, Path: r.path, Detail: c.redact(err.Error()), Err: c.scrub(err)}
	}
	return nil
}

// scrubbed carries an underlying error with the key removed from its text,
// while errors.Is and errors.As still see the original.
type scrubbed struct {
	msg string
	err error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

func (c *Client) scrub(err error) error {
	return &scrubbed{msg: c.redact(err.Error()), err: err}
}
