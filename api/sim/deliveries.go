package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

// The webhook delivery operations. Their 400 is WebhookBadRequestError,
// whose types are invalid_parameter, missing_parameter, invalid_syntax,
// missing_credentials and invalid_webhook, and their 404 is
// WebhookNotFoundError: webhook_not_found or webhook_delivery_not_found.
// None declares a 409, so a refusal of what a delivery's status does not
// allow (retrying one that succeeded, reusing a delivery id) is a 400
// invalid_webhook.

// findDelivery is the delivery a path names, of the webhook it names.
func (s *Sim) findDelivery(c call) (*webhook, *delivery, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return nil, nil, aerr
	}
	id := c.args["delivery"]
	if uuid.Validate(id) != nil {
		return nil, nil, errf(http.StatusBadRequest, "invalid_parameter", "delivery id must be a UUID")
	}
	d, found := s.deliveries[id]
	if !found || d.WebhookID != h.ID {
		return nil, nil, errf(http.StatusNotFound, "webhook_delivery_not_found", "webhook delivery not found").with("webhook_delivery_id", id)
	}
	return h, d, nil
}

// hListDeliveries pages a webhook's deliveries, newest first unless asked
// otherwise (get_webhook_deliveries_as_user), by offset or by cursor.
func (s *Sim) hListDeliveries(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	f, err := model.ParseDeliveryFilter(c.r.URL.Query())
	if err != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "%s", err)
	}
	matched := make([]*delivery, 0, len(h.deliveries))
	for _, d := range h.deliveries {
		if len(f.Statuses) == 0 || slices.Contains(f.Statuses, d.Status) {
			matched = append(matched, d)
		}
	}
	key := func(d *delivery) time.Time { return d.CreatedAt }
	if f.SortKey == "updated_at" {
		key = func(d *delivery) time.Time { return d.UpdatedAt }
	}
	asc := f.SortOrder == model.Ascending
	if !asc {
		slices.Reverse(matched) // so that deliveries made at the same moment are newest first too
	}
	sort.SliceStable(matched, func(i, j int) bool {
		if asc {
			return key(matched[i]).Before(key(matched[j]))
		}
		return key(matched[j]).Before(key(matched[i]))
	})
	var pg model.Page[*delivery]
	if f.Cursor != "" || f.CursorPaging {
		if pg, aerr = deliveryCursorPage(h, matched, f, key); aerr != nil {
			return reply{}, aerr
		}
	} else {
		pg = page(matched, f.Offset, f.Limit)
	}
	out := model.Page[model.WebhookDelivery]{Items: make([]model.WebhookDelivery, len(pg.Items)),
		Offset: pg.Offset, Limit: pg.Limit, Total: pg.Total, Cursored: pg.Cursored, HasMore: pg.HasMore, NextCursor: pg.NextCursor}
	for i, d := range pg.Items {
		out.Items[i] = d.WebhookDelivery
	}
	return ok(out), nil
}

// A deliveryCursor names the place of a page's last delivery in its list
// (its sort time, then its seq, which breaks ties) and the webhook and
// filters the list was made for, so that the next page starts after it
// whatever became of that delivery since.
type deliveryCursor struct {
	Time   time.Time `json:"t"`
	Seq    int       `json:"s"`
	Filter string    `json:"f"`
}

func deliveryFilterKey(h *webhook, f model.DeliveryFilter) string {
	f.Offset, f.Limit, f.Cursor, f.CursorPaging = 0, 0, "", false
	b, _ := json.Marshal(struct {
		Webhook string
		Filter  model.DeliveryFilter
	}{h.ID, f})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// deliveryCursorPage is the page of matched, in list order, after f's
// cursor (from the start with none), with the cursor of the next.
func deliveryCursorPage(h *webhook, matched []*delivery, f model.DeliveryFilter, key func(*delivery) time.Time) (model.Page[*delivery], *apiError) {
	asc := f.SortOrder == model.Ascending
	from := 0
	if f.Cursor != "" {
		var c deliveryCursor
		if !decodeCursor(f.Cursor, &c) || c.Filter != deliveryFilterKey(h, f) {
			return model.Page[*delivery]{}, errf(http.StatusBadRequest, "invalid_parameter",
				"the cursor is not one this list made for this webhook and these filters").with("field", "cursor")
		}
		from = sort.Search(len(matched), func(i int) bool {
			d := matched[i]
			if t := key(d); !t.Equal(c.Time) {
				return t.After(c.Time) == asc
			}
			if asc {
				return d.seq > c.Seq
			}
			return d.seq < c.Seq
		})
	}
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	end := min(from+limit, len(matched))
	p := model.Page[*delivery]{Items: matched[from:end], Limit: limit, Cursored: true, HasMore: end < len(matched)}
	if p.HasMore {
		last := matched[end-1]
		p.NextCursor = encodeCursor(deliveryCursor{Time: key(last), Seq: last.seq, Filter: deliveryFilterKey(h, f)})
	}
	return p, nil
}

// hDeliverySummary counts a webhook's deliveries in the statuses asked
// for, all of them when none is (get_webhook_delivery_summary_as_user).
// The simulator always counts exactly.
func (s *Sim) hDeliverySummary(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	declared := url.Values{} // the operation's one query parameter, in either spelling
	for _, k := range []string{"statuses", "statuses[]"} {
		if v, given := c.r.URL.Query()[k]; given {
			declared[k] = v
		}
	}
	f, err := model.ParseDeliveryFilter(declared)
	if err != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "%s", err)
	}
	var n uint64
	for _, d := range h.deliveries {
		if len(f.Statuses) == 0 || slices.Contains(f.Statuses, d.Status) {
			n++
		}
	}
	return ok(model.DeliverySummary{WebhookID: h.ID, Statuses: append([]model.DeliveryStatus{}, f.Statuses...),
		TotalCount: n, TotalCountAccuracy: "exact"}), nil
}

func (s *Sim) hGetDelivery(c call) (reply, *apiError) {
	_, d, aerr := s.findDelivery(c)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(d.WebhookDelivery), nil
}

// hRetryDelivery posts a failed or abandoned delivery again now, once
// (retry_webhook_delivery).
func (s *Sim) hRetryDelivery(c call) (reply, *apiError) {
	h, d, aerr := s.findDelivery(c)
	if aerr != nil {
		return reply{}, aerr
	}
	switch d.Status {
	case model.DeliverySucceeded:
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "the delivery succeeded: there is nothing to retry")
	case model.DeliveryAttempting:
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "the delivery is still being attempted")
	}
	if aerr := deliverable(h); aerr != nil {
		return reply{}, aerr
	}
	s.retryDelivery(d, h.URL, c.now)
	return accepted, nil
}

// hAbandonDelivery stops a delivery's attempts (abandon_webhook_delivery).
// Abandoning one already abandoned changes nothing and is accepted, so
// that a repeat after a lost answer succeeds.
func (s *Sim) hAbandonDelivery(c call) (reply, *apiError) {
	_, d, aerr := s.findDelivery(c)
	if aerr != nil {
		return reply{}, aerr
	}
	switch d.Status {
	case model.DeliverySucceeded:
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "the delivery succeeded: there is nothing to abandon")
	case model.DeliveryAbandoned:
		return accepted, nil
	}
	s.abandonDelivery(d, c.now)
	return accepted, nil
}

// hTestWebhook delivers the client's event under the client's delivery id
// (test_webhook), signed and retried like any other delivery. It is
// delivered whatever the webhook subscribes to: it was asked for.
func (s *Sim) hTestWebhook(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	var req model.TestWebhookRequest
	if aerr := decode(c.body, &req); aerr != nil {
		return reply{}, aerr
	}
	if uuid.Validate(req.DeliveryID) != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "delivery_id must be a UUID you choose")
	}
	if _, used := s.deliveries[req.DeliveryID]; used {
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "a delivery with this id already exists")
	}
	if aerr := payloadAsSpecified(req.Payload); aerr != nil {
		return reply{}, aerr
	}
	if aerr := deliverable(h); aerr != nil {
		return reply{}, aerr
	}
	body, err := json.Marshal(req.Payload)
	if err != nil {
		return reply{}, errf(http.StatusUnprocessableEntity, "invalid_data", "the payload cannot be encoded: %s", err)
	}
	s.deliverEvent(h, req.DeliveryID, req.Payload, body, c.now)
	return accepted, nil
}

// deliverable refuses to post to a webhook that is stopped or deleted.
func deliverable(h *webhook) *apiError {
	if h.Status != model.WebhookActive {
		return errf(http.StatusBadRequest, "invalid_webhook", "the webhook is %s: start it to deliver to it", h.Status)
	}
	return nil
}

// payloadAsSpecified holds a test event's payload to the Payload schema:
// a send or receive event carrying a payment, or test/created carrying a
// string.
func payloadAsSpecified(p model.WebhookPayload) *apiError {
	events, known := webhookEvents[p.Type]
	if !known {
		return errf(http.StatusUnprocessableEntity, "invalid_data", "payload.type must be send, receive or test")
	}
	if !slices.Contains(events, p.Detail.Event) {
		return errf(http.StatusUnprocessableEntity, "invalid_data", "payload.detail.event: %q is not a %s event", p.Detail.Event, p.Type)
	}
	data := bytes.TrimSpace(p.Detail.Data)
	if p.Type == "test" {
		var text string
		if json.Unmarshal(data, &text) != nil {
			return errf(http.StatusUnprocessableEntity, "invalid_data", "payload.detail.data of a test event is a string")
		}
		return nil
	}
	var pay model.Payment
	if len(data) == 0 || data[0] != '{' || json.Unmarshal(data, &pay) != nil || uuid.Validate(pay.ID) != nil {
		return errf(http.StatusUnprocessableEntity, "invalid_data", "payload.detail.data of a %s event is a payment", p.Type)
	}
	return nil
}
