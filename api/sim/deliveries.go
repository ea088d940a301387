package sim

import (
	"bytes"
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
// otherwise (get_webhook_deliveries_as_user). Paging is by offset: the
// simulator refuses the cursor mode rather than ignore it.
func (s *Sim) hListDeliveries(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	q := c.r.URL.Query()
	if q.Get("cursor") != "" || (q.Get("pagination") != "" && q.Get("pagination") != "offset") {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "the simulator pages deliveries by offset only")
	}
	f, err := model.ParseDeliveryFilter(q)
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
	pg := page(matched, f.Offset, f.Limit)
	out := model.Page[model.WebhookDelivery]{Items: make([]model.WebhookDelivery, len(pg.Items)),
		Offset: pg.Offset, Limit: pg.Limit, Total: pg.Total}
	for i, d := range pg.Items {
		out.Items[i] = d.WebhookDelivery
	}
	return ok(out), nil
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
