package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is a failed API call: an error response, no response at all, or a
// response that could not be read. Its text never contains the API key.
type Error struct {
	Status  int            // HTTP status; 0 when no response arrived
	Type    string         // error.type from the body, or network_error, timeout, decode_error
	Code    string         // error.code, a narrower reason, when given
	Detail  string         // the server's sentence, for people
	Context map[string]any // error.context
	Method  string
	Path    string
	// RetryAfter is the wait the server asked for (429, 503), if any.
	RetryAfter time.Duration
	// Repeated: this answer came to a repeat of the request, after an
	// earlier attempt that may have reached the server and taken effect.
	// A refusal of a repeat says nothing about the first attempt.
	Repeated bool
	// Err is the transport or decoding failure underneath, if any.
	Err error
}

// Error types the client itself assigns when there is no server answer.
const (
	TypeNetwork = "network_error"
	TypeTimeout = "timeout"
	TypeDecode  = "decode_error"
	// TypeRedirect: the server answered with a redirect, which the
	// client never follows, so that the key goes nowhere else.
	TypeRedirect = "redirect"
)

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	if e.Status != 0 {
		fmt.Fprintf(&b, "%d ", e.Status)
	}
	b.WriteString(e.Type)
	if e.Code != "" {
		b.WriteString("/" + e.Code)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports a 404: the wallet, payment or webhook does not exist
// (or is not visible yet).
func IsNotFound(err error) bool {
	e, ok := asError(err)
	return ok && e.Status == http.StatusNotFound
}

// IsConflict reports a 409: the id is already taken.
func IsConflict(err error) bool {
	e, ok := asError(err)
	return ok && e.Status == http.StatusConflict
}

// IsAuth reports a rejected key or a key without permission.
func IsAuth(err error) bool {
	e, ok := asError(err)
	return ok && (e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden ||
		e.Type == "missing_credentials")
}

// IsUnreadable reports an answer the client could not read: a body that
// is not JSON, is not the schema's shape, or is larger than any answer.
// The fault is the server's (or a proxy's), not the request's.
func IsUnreadable(err error) bool {
	e, ok := asError(err)
	return ok && e.Type == TypeDecode
}

// IsNetwork reports that no answer arrived: the outcome of a write is then
// unknown.
func IsNetwork(err error) bool {
	e, ok := asError(err)
	return ok && e.Status == 0 && (e.Type == TypeNetwork || e.Type == TypeTimeout)
}

// IsRetryable reports a failure that may succeed if asked again later:
// no answer, a timeout, rate limiting, or a server-side error.
func IsRetryable(err error) bool {
	e, ok := asError(err)
	return ok && shouldRetry(readOnly, e)
}

// Explain turns an error into one sentence for a person: what went wrong
// and, where there is one, what to do about it.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var cfg *ConfigError
	if errors.As(err, &cfg) {
		return cfg.Error()
	}
	if errors.Is(err, context.Canceled) {
		return "Cancelled."
	}
	e, ok := asError(err)
	if !ok {
		return err.Error()
	}
	switch {
	case e.Status == http.StatusUnauthorized || e.Type == "missing_credentials":
		return "The API key was not accepted: check that it is current and belongs to this environment."
	case e.Status == http.StatusForbidden:
		return "The API key lacks permission for this organization or environment."
	case e.Type == TypeTimeout:
		return "Voltage did not answer in time."
	case e.Type == TypeNetwork:
		return "Cannot reach Voltage: " + rootCause(e.Err) + "."
	case e.Type == TypeDecode:
		return "Voltage sent an answer voltdash could not read."
	case e.Type == TypeRedirect:
		return "The API address answered with a redirect (" + e.Detail + "); Voltage's API does not redirect, so check base_url."
	case e.Status == http.StatusTooManyRequests:
		return "Voltage is rate limiting requests."
	case e.Status >= 500:
		return fmt.Sprintf("Voltage had a server error (%d).", e.Status)
	case refusals[e.Type] != "":
		return refusals[e.Type]
	case e.Detail != "":
		return sentence(e.Detail)
	}
	return fmt.Sprintf("Voltage refused the request (%d %s).", e.Status, e.Type)
}

func rootCause(err error) string {
	for err != nil {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	if err == nil {
		return "no answer"
	}
	return err.Error()
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// errorBody covers both shapes an error can come in: the newer envelope
// and the older bare message.
type errorBody struct {
	Error *struct {
		Type    string         `json:"type"`
		Code    string         `json:"code"`
		Detail  string         `json:"detail"`
		Context map[string]any `json:"context"`
	} `json:"error"`
	Message string `json:"message"`
}

// errorFromResponse builds an *Error from a non-2xx response whose body
// has already been read.
func (c *Client) errorFromResponse(method, path string, resp *http.Response, body []byte, now time.Time) *Error {
	e := &Error{Status: resp.StatusCode, Method: method, Path: path,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), now)}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		if eb.Error != nil {
			e.Type, e.Code, e.Detail, e.Context = eb.Error.Type, eb.Error.Code, eb.Error.Detail, eb.Error.Context
		}
		if e.Detail == "" {
			e.Detail = eb.Message
		}
	}
	if e.Type == "" {
		e.Type = strings.ToLower(strings.ReplaceAll(http.StatusText(resp.StatusCode), " ", "_"))
	}
	e.Type, e.Code, e.Detail = c.redact(e.Type), c.redact(e.Code), c.redact(e.Detail)
	for k, v := range e.Context {
		if s, ok := v.(string); ok {
			e.Context[k] = c.redact(s)
		}
	}
	return e
}

// parseRetryAfter reads seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
