package model

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// WebhookStatus is a webhook registration's state.
type WebhookStatus string

const (
	WebhookActive  WebhookStatus = "active"
	WebhookStopped WebhookStatus = "stopped"
	WebhookDeleted WebhookStatus = "deleted"
)

// Webhook is a registered endpoint for payment events (schema WebhookRead).
type Webhook struct {
	ID             string        `json:"id"`
	OrganizationID string        `json:"organization_id"`
	EnvironmentID  string        `json:"environment_id"`
	URL            string        `json:"url"`
	Name           string        `json:"name"`
	Events         WebhookEvents `json:"events"`
	Status         WebhookStatus `json:"status"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
	StoppedAt      *time.Time    `json:"stopped_at"`
	DeletedAt      *time.Time    `json:"deleted_at"`
}

// WebhookEvent is one subscription: a payload type and an event name, such
// as receive/completed.
type WebhookEvent struct {
	Type  string // "send", "receive" or "test"
	Event string
}

func (e WebhookEvent) String() string { return e.Type + "." + e.Event }

// WebhookEvents is a subscription list. The API writes each entry as
// {"send": "succeeded"}; the SDK also sends {"send": ["succeeded",
// "failed"]}. Both are read; the single-string form is written.
type WebhookEvents []WebhookEvent

func (es WebhookEvents) MarshalJSON() ([]byte, error) {
	out := make([]map[string]string, 0, len(es))
	for _, e := range es {
		out = append(out, map[string]string{e.Type: e.Event})
	}
	return json.Marshal(out)
}

func (es *WebhookEvents) UnmarshalJSON(b []byte) error {
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return fmt.Errorf("webhook events: %w", err)
	}
	*es = WebhookEvents{}
	for _, item := range items {
		types := make([]string, 0, len(item))
		for t := range item {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			var one string
			if json.Unmarshal(item[t], &one) == nil {
				*es = append(*es, WebhookEvent{t, one})
				continue
			}
			var many []string
			if err := json.Unmarshal(item[t], &many); err != nil {
				return fmt.Errorf("webhook events: %q is neither a name nor a list", t)
			}
			for _, ev := range many {
				*es = append(*es, WebhookEvent{t, ev})
			}
		}
	}
	return nil
}

// Has reports whether the list subscribes to typ.event.
func (es WebhookEvents) Has(typ, event string) bool {
	for _, e := range es {
		if e.Type == typ && e.Event == event {
			return true
		}
	}
	return false
}

// AllPaymentEvents subscribes to every send and receive event the spec's
// EventTypes schema lists.
var AllPaymentEvents = WebhookEvents{
	{"send", "succeeded"}, {"send", "failed"},
	{"receive", "generated"}, {"receive", "detected"}, {"receive", "refreshed"}, {"receive", "expired"},
	{"receive", "succeeded"}, {"receive", "completed"}, {"receive", "failed"},
}

// NewWebhookRequest registers a webhook (schema NewWebhookRequest).
type NewWebhookRequest struct {
	ID     string        `json:"id"`
	URL    string        `json:"url"`
	Name   string        `json:"name"`
	Events WebhookEvents `json:"events"`
}

// UpdateWebhookRequest changes a webhook (update_webhook); Events
// replaces the whole list. A URL or name left empty is left out, which
// keeps the webhook's own: the field is optional, and an empty URL would
// blank it.
type UpdateWebhookRequest struct {
	URL    string        `json:"url,omitempty"`
	Name   string        `json:"name,omitempty"`
	Events WebhookEvents `json:"events"`
}

// WebhookSecret is the signing secret, shown only when created or rotated.
type WebhookSecret struct {
	ID           string `json:"id"`
	SharedSecret string `json:"shared_secret"`
}

// WebhookPayload is the body Voltage posts to a webhook (schemas SendPayload
// and ReceivePayload). Data is a payment for send and receive events, and a
// string for test events.
type WebhookPayload struct {
	Type   string        `json:"type"`
	Detail WebhookDetail `json:"detail"`
}

// WebhookDetail names the event and carries its data.
type WebhookDetail struct {
	Event string          `json:"event"`
	Data  json.RawMessage `json:"data"`
}

// Payment decodes the payment a send or receive event carries.
func (p WebhookPayload) Payment() (Payment, error) {
	var pay Payment
	if p.Type != "send" && p.Type != "receive" {
		return pay, fmt.Errorf("a %q event carries no payment", p.Type)
	}
	err := json.Unmarshal(p.Detail.Data, &pay)
	return pay, err
}

// Webhook delivery headers, as the Webhooks tag's description names them.
const (
	HeaderSignature = "X-Voltage-Signature"
	HeaderTimestamp = "X-Voltage-Timestamp"
	HeaderEvent     = "X-Voltage-Event"
	HeaderWebhookID = "X-Voltage-Webhook-Id"
)

// SignWebhook computes the x-voltage-signature of a delivery: base64 of
// HMAC-SHA256 over the raw body, ".", and the timestamp header, as the
// Webhooks tag's "Signature verification" describes.
func SignWebhook(secret string, body []byte, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	mac.Write([]byte("."))
	mac.Write([]byte(timestamp))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Errors from VerifyWebhook.
var (
	ErrWebhookSignature = fmt.Errorf("webhook signature does not match")
	ErrWebhookStale     = fmt.Errorf("webhook timestamp is too old or in the future")
)

// VerifyWebhook checks a delivery against any of the given secrets (both
// are valid while a secret is being rotated) and rejects timestamps further
// than tolerance from now, to stop replays.
func VerifyWebhook(secrets []string, body []byte, timestamp, signature string, now time.Time, tolerance time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("webhook timestamp %q is not unix seconds", timestamp)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrWebhookStale
	}
	for _, s := range secrets {
		if s != "" && hmac.Equal([]byte(SignWebhook(s, body, timestamp)), []byte(signature)) {
			return nil
		}
	}
	return ErrWebhookSignature
}
