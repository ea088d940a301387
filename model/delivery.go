package model

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"
)

// DeliveryStatus is where a webhook delivery stands (schema
// DeliveryStatus): being tried, delivered, given up after the last
// attempt, or abandoned by the user.
type DeliveryStatus string

const (
	DeliveryAttempting DeliveryStatus = "attempting"
	DeliverySucceeded  DeliveryStatus = "succeeded"
	DeliveryFailed     DeliveryStatus = "failed"
	DeliveryAbandoned  DeliveryStatus = "abandoned"
)

// DeliveryStatuses are every status, in the order they are counted.
var DeliveryStatuses = []DeliveryStatus{DeliverySucceeded, DeliveryFailed, DeliveryAttempting, DeliveryAbandoned}

// WebhookDelivery is one event's delivery to a webhook, with its attempts
// so far (schema WebhookDeliveryRead).
type WebhookDelivery struct {
	ID             string             `json:"id"`
	WebhookID      string             `json:"webhook_id"`
	OrganizationID NullString         `json:"organization_id,omitempty"`
	URL            string             `json:"url"`
	Status         DeliveryStatus     `json:"status"`
	Payload        WebhookPayload     `json:"payload"`
	CreatedAt      time.Time          `json:"created_at"`
	UpdatedAt      time.Time          `json:"updated_at"`
	AttemptCount   int64              `json:"attempt_count"`
	Error          NullString         `json:"error,omitempty"`
	ErrorInfo      *DeliveryErrorInfo `json:"error_info,omitempty"`
	StatusCode     *uint16            `json:"status_code,omitempty"` // the last attempt's answer, if one came
}

// DeliveryErrorInfo is why the last attempt failed (schema
// WebhookDeliveryErrorInfo).
type DeliveryErrorInfo struct {
	Type    string          `json:"type"` // delivery_failed
	Code    NullString      `json:"code,omitempty"`
	Detail  string          `json:"detail"`
	Context json.RawMessage `json:"context,omitempty"`
}

// Event is the delivery's event as the webhook's events name it: send.succeeded.
func (d WebhookDelivery) Event() string { return d.Payload.Type + "." + d.Payload.Detail.Event }

// LastAnswer is the receiver's last answer to the delivery, in words:
// "HTTP 500", the error ("connection refused"), or "" when none came yet.
func (d WebhookDelivery) LastAnswer() string {
	switch {
	case d.StatusCode != nil:
		return "HTTP " + strconv.Itoa(int(*d.StatusCode))
	case d.Error != "":
		return string(d.Error)
	case d.ErrorInfo != nil:
		return d.ErrorInfo.Detail
	}
	return ""
}

// PaymentID is the payment the delivery is about, if it is about one.
func (d WebhookDelivery) PaymentID() string {
	if p, err := d.Payload.Payment(); err == nil {
		return p.ID
	}
	return ""
}

// DeliverySummary counts a webhook's deliveries in the statuses asked for
// (get_webhook_delivery_summary_as_user, schema WebhookDeliverySummary).
type DeliverySummary struct {
	WebhookID          string           `json:"webhook_id"`
	Statuses           []DeliveryStatus `json:"statuses"`
	TotalCount         uint64           `json:"total_count"`
	TotalCountAccuracy string           `json:"total_count_accuracy"` // exact or estimated
}

// DeliveryFilter selects deliveries (get_webhook_deliveries_as_user).
type DeliveryFilter struct {
	Statuses  []DeliveryStatus
	Offset    int
	Limit     int
	SortKey   string // created_at or updated_at
	SortOrder SortOrder
	// Cursor is a page's next_cursor, for the page after it; CursorPaging
	// asks for the first page by cursor (pagination=cursor).
	Cursor       string
	CursorPaging bool
}

func (f DeliveryFilter) Query() url.Values {
	q := url.Values{}
	setPaging(q, f.Offset, f.Limit, f.Cursor, f.CursorPaging)
	for _, s := range f.Statuses {
		q.Add("statuses[]", string(s))
	}
	setStr(q, "sort_key", f.SortKey)
	setStr(q, "sort_order", string(f.SortOrder))
	return q
}

// ParseDeliveryFilter reads a deliveries query as the server sees it.
func ParseDeliveryFilter(q url.Values) (DeliveryFilter, error) {
	r := &queryReader{q: q}
	f := DeliveryFilter{
		Offset:    r.int("offset", 0, 1<<31-1),
		Limit:     r.int("limit", 0, MaxPageLimit),
		SortKey:   r.oneOf("sort_key", "created_at", "updated_at"),
		SortOrder: SortOrder(r.oneOf("sort_order", "ASC", "DESC")),
	}
	f.Cursor, f.CursorPaging = r.paging()
	for _, s := range r.list("statuses") {
		switch DeliveryStatus(s) {
		case DeliveryAttempting, DeliverySucceeded, DeliveryFailed, DeliveryAbandoned:
			f.Statuses = append(f.Statuses, DeliveryStatus(s))
		default:
			if r.err == nil {
				r.err = &FilterError{"statuses", s, "is not a delivery status"}
			}
		}
	}
	return f, r.err
}

// TestWebhookRequest asks Voltage to deliver a test event (test_webhook,
// schema TestWebhookRequest) under a delivery id the client chooses.
type TestWebhookRequest struct {
	DeliveryID string         `json:"delivery_id"`
	Payload    WebhookPayload `json:"payload"`
}

// NewTestEvent is a test delivery carrying text (TestPayload: event
// created, data a string).
func NewTestEvent(text string) TestWebhookRequest {
	data, _ := json.Marshal(text)
	return TestWebhookRequest{DeliveryID: NewID(),
		Payload: WebhookPayload{Type: "test", Detail: WebhookDetail{Event: "created", Data: data}}}
}

// SuccessRate is the share of deliveries that succeeded, of those decided
// (succeeded, failed or abandoned), in whole percent; ok false when none
// was decided.
func SuccessRate(ds []WebhookDelivery) (percent int, ok bool) {
	var decided, good int
	for _, d := range ds {
		switch d.Status {
		case DeliverySucceeded:
			good++
			decided++
		case DeliveryFailed, DeliveryAbandoned:
			decided++
		}
	}
	if decided == 0 {
		return 0, false
	}
	return good * 100 / decided, true
}

// LastFailure describes the newest failed attempt among ds, newest first
// by updated_at: "HTTP 500" or the error, "" when none failed.
func LastFailure(ds []WebhookDelivery) string {
	var last *WebhookDelivery
	for i := range ds {
		d := &ds[i]
		if d.Status == DeliverySucceeded || d.Status == DeliveryAbandoned || (d.StatusCode == nil && d.Error == "" && d.ErrorInfo == nil) {
			continue
		}
		if last == nil || d.UpdatedAt.After(last.UpdatedAt) {
			last = d
		}
	}
	if last == nil {
		return ""
	}
	return last.LastAnswer()
}

// HeardDelivery is one delivery a local receiver took or refused, as
// `voltdash listen` reports it.
type HeardDelivery struct {
	At         time.Time `json:"at"`
	WebhookID  string    `json:"webhook_id,omitempty"`
	Event      string    `json:"event,omitempty"` // send.succeeded, test.created
	PaymentID  string    `json:"payment_id,omitempty"`
	Status     Status    `json:"status,omitempty"`
	Verified   bool      `json:"verified"`
	Refused    string    `json:"refused,omitempty"`   // why, when not verified
	Forwarded  int       `json:"forwarded,omitempty"` // the local application's answer
	ForwardErr string    `json:"forward_error,omitempty"`
}

// PushHealth is how a webhook's deliveries have gone lately, read from its
// newest deliveries.
type PushHealth struct {
	// Degraded: the newest delivery that failed (or is being retried after
	// failing) is newer than the newest that succeeded.
	Degraded bool
	Why      string   // the last failure: "HTTP 500", "connection refused"
	Failing  []string // payments whose deliveries failed or are being retried
}

// PushHealthOf reads the health of a webhook from its deliveries.
func PushHealthOf(ds []WebhookDelivery) PushHealth {
	var h PushHealth
	var lastGood, lastBad time.Time
	seen := map[string]bool{}
	for _, d := range ds {
		failing := d.Status == DeliveryFailed || (d.Status == DeliveryAttempting && (d.StatusCode != nil || d.Error != "" || d.ErrorInfo != nil))
		switch {
		case d.Status == DeliverySucceeded && d.UpdatedAt.After(lastGood):
			lastGood = d.UpdatedAt
		case failing:
			if d.UpdatedAt.After(lastBad) {
				lastBad = d.UpdatedAt
			}
			if id := d.PaymentID(); id != "" && !seen[id] {
				seen[id] = true
				h.Failing = append(h.Failing, id)
			}
		}
	}
	h.Degraded = !lastBad.IsZero() && lastBad.After(lastGood)
	if h.Degraded {
		h.Why = LastFailure(ds)
	}
	return h
}
