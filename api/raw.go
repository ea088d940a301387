package api

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// RawRequest is a request of any operation, as `voltdash api` makes it:
// the path below the base URL with every id filled in, the query, and the
// body's exact bytes (nil for none).
type RawRequest struct {
	Method string
	Path   string
	Query  url.Values
	Body   []byte
	// KeyedCreate: a POST whose body carries the id of what it creates,
	// so that repeating it after a lost answer cannot make a second one.
	KeyedCreate bool
}

// RawResponse is the answer as it came: status, headers (with anything
// shaped like an API key blanked out) and body (the key itself blanked
// out, should a server echo it). AcceptedEarlier: a repeat of
// a create or delete was refused as already done (409, 404) after an
// earlier attempt may have taken effect; the answer shown is the repeat's.
type RawResponse struct {
	Status          int
	Proto           string // HTTP/1.1
	Header          http.Header
	Body            []byte
	AcceptedEarlier bool
}

// StatusLine is "HTTP/1.1 202 Accepted".
func (r RawResponse) StatusLine() string {
	text := http.StatusText(r.Status)
	if text == "" {
		text = "status"
	}
	proto := r.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	return proto + " " + strconv.Itoa(r.Status) + " " + text
}

// Raw sends r with the client's key, base URL, retries, redirect rule and
// redaction. It is repeated only when that is safe: reads, PUT, PATCH and
// DELETE (which have the same effect however often they arrive), and a
// keyed create; any other POST only when it was rate limited. A non-2xx
// answer comes back both as the response, body and all, and as an *Error
// (Explain says it in a sentence); no answer at all, as an *Error alone.
func (c *Client) Raw(ctx context.Context, r RawRequest) (RawResponse, error) {
	var out RawResponse
	req := request{method: strings.ToUpper(r.Method), path: r.Path, query: r.Query, payload: r.Body, raw: &out}
	switch req.method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		req.safety = readOnly
	case http.MethodPut, http.MethodPatch:
		req.safety = idempotent
	case http.MethodDelete:
		req.safety, req.acceptOnRetry = idempotent, gone
	case http.MethodPost:
		req.safety = unsafe
		if r.KeyedCreate {
			req.safety, req.acceptOnRetry = idempotent, alreadyExists
		}
	default:
		req.safety = unsafe
	}
	if req.query == nil {
		req.query = url.Values{}
	}
	accepted, err := c.do(ctx, req, nil)
	out.AcceptedEarlier = accepted
	if err != nil {
		if e, ok := asError(err); ok && e.Status == 0 {
			out = RawResponse{} // no answer: nothing to show but the error
		}
		return out, err
	}
	return out, nil
}

// keepRaw records an answer for Raw, its headers scrubbed of the key.
func (c *Client) keepRaw(out *RawResponse, resp *http.Response, body []byte) {
	out.Status, out.Proto = resp.StatusCode, resp.Proto
	out.Header = http.Header{}
	for k, vs := range resp.Header {
		for _, v := range vs {
			out.Header.Add(k, c.redact(v))
		}
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		out.Header.Set("Location", c.redact(redirectTarget(resp))) // only where, as redirect errors say it
	}
	// The body stays exact (a webhook's new signing secret is in one),
	// but for the key itself, should a server echo it.
	out.Body = body
	if k := c.key.value; k != "" && bytes.Contains(body, []byte(k)) {
		out.Body = bytes.ReplaceAll(body, []byte(k), []byte("[redacted]"))
	}
}
