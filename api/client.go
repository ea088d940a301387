// Package api is the Voltage Payments API client: one method per endpoint,
// context first, typed errors, bounded retries, and payment creation that is
// safe to retry because the client chooses every payment's id.
package api

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
	"github.com/voltdash/voltdash/model/clock"
)

// DefaultBaseURL is Voltage's production API.
const DefaultBaseURL = "https://voltageapi.com/v1"

// Client talks to one organization and environment of the Voltage API. It is
// safe for concurrent use; build one and share it.
type Client struct {
	base      *url.URL
	key       *apiKey // a pointer, so printing a Client never prints the key
	org, env  string
	http      *http.Client
	timeout   time.Duration
	userAgent string
	clock     clock.Clock
	retry     RetryPolicy
	grace     time.Duration

	randMu sync.Mutex
	rand   *rand.Rand

	createdMu sync.Mutex
	created   map[string]time.Time // payment id → when this client created it
}

type apiKey struct{ value string }

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient replaces the transport, for proxies or tests.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithTimeout bounds each attempt of a request (default 15 s).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithVersion sets the User-Agent to voltdash/<version>.
func WithVersion(v string) Option { return func(c *Client) { c.userAgent = "voltdash/" + v } }

// WithClock replaces the clock used for retry waits and the create grace
// window, so tests never sleep.
func WithClock(k clock.Clock) Option { return func(c *Client) { c.clock = k } }

// WithRetry replaces the retry policy.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithCreateGrace sets how long after creating a payment a 404 on reading it
// is taken as "not visible yet" and retried (default 10 s).
func WithCreateGrace(d time.Duration) Option { return func(c *Client) { c.grace = d } }

// WithJitterSeed makes retry jitter deterministic, for tests.
func WithJitterSeed(seed uint64) Option {
	return func(c *Client) { c.rand = rand.New(rand.NewPCG(seed, seed)) }
}

// ConfigError is a problem with how the client was set up. Its text quotes
// what was typed, so anything shaped like an API key is blanked out.
type ConfigError struct {
	Setting string
	Problem string
	Err     error
}

func (e *ConfigError) Error() string { return model.RedactKeys(e.Setting + ": " + e.Problem) }
func (e *ConfigError) Unwrap() error { return e.Err }

// ErrInsecureURL refuses plain http to anything but this machine.
var ErrInsecureURL = errors.New("plain http:// is only allowed for localhost; use https://")

// New builds a client for the API at baseURL (DefaultBaseURL when empty).
func New(baseURL, key, organizationID, environmentID string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(baseURL)
	if err != nil {
		var ce *ConfigError
		if errors.As(err, &ce) && key != "" {
			ce.Problem = strings.ReplaceAll(ce.Problem, key, "[redacted]")
		}
		return nil, err
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	if uuid.Validate(organizationID) != nil {
		return nil, &ConfigError{"organization id", "must be a UUID (find it in the Voltage dashboard)", nil}
	}
	if uuid.Validate(environmentID) != nil {
		return nil, &ConfigError{"environment id", "must be a UUID (find it in the Voltage dashboard)", nil}
	}
	c := &Client{
		base: base, key: &apiKey{key}, org: organizationID, env: environmentID,
		http: &http.Client{}, timeout: 15 * time.Second, userAgent: "voltdash/dev",
		clock: clock.System{}, retry: DefaultRetryPolicy, grace: 10 * time.Second,
		created: map[string]time.Time{},
	}
	for _, o := range opts {
		o(c)
	}
	// Voltage's API does not redirect, and Go keeps custom headers such as
	// the key on a redirect: a redirect is reported, never followed. The
	// caller's client is copied, not changed.
	h := *c.http
	h.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &h
	if c.rand == nil {
		c.rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return c, nil
}

// ParseBaseURL checks an API base URL: https, or http only to a loopback
// host, and no credentials in it.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return nil, &ConfigError{"base URL", fmt.Sprintf("%q is not a URL like %s", raw, DefaultBaseURL), nil}
	}
	if u.User != nil {
		return nil, &ConfigError{"base URL", "must not contain credentials; the API key goes in its own setting", nil}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !model.IsLoopbackHost(u.Hostname()) {
			return nil, &ConfigError{"base URL", fmt.Sprintf("%s: %s", u.Redacted(), ErrInsecureURL), ErrInsecureURL}
		}
	default:
		return nil, &ConfigError{"base URL", fmt.Sprintf("scheme %q: use https://", u.Scheme), nil}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func checkKey(key string) error {
	if strings.TrimSpace(key) == "" {
		return &ConfigError{"API key", "is empty", nil}
	}
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			return &ConfigError{"API key", "contains spaces or characters that cannot be sent in a header", nil}
		}
	}
	return nil
}

// BaseURL is the API root the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// OrganizationID and EnvironmentID name the account the client acts on.
func (c *Client) OrganizationID() string { return c.org }
func (c *Client) EnvironmentID() string  { return c.env }

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("api.Client{%s org=%s env=%s key=[redacted]}", c.base, c.org, c.env)
}

// GoString is String, so %#v cannot reveal the key either.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps the key out of structured logs.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.base.String()),
		slog.String("organization_id", c.org), slog.String("environment_id", c.env))
}

func (k *apiKey) String() string   { return "[redacted]" }
func (k *apiKey) GoString() string { return "[redacted]" }

// redact removes the key from text that came from elsewhere (a server that
// echoes headers, a proxy's error page) before it can reach an error.
func (c *Client) redact(s string) string {
	if c.key.value != "" {
		s = strings.ReplaceAll(s, c.key.value, "[redacted]")
	}
	return model.RedactKeys(s)
}

func (c *Client) jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	c.randMu.Lock()
	defer c.randMu.Unlock()
	half := d / 2
	return half + time.Duration(c.rand.Int64N(int64(half)+1))
}
