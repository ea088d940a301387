package sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/voltdash/voltdash/model"
)

type webhook struct {
	model.Webhook
	secret     string
	deliveries []*delivery // by creation
}

// webhookEvents are the subscriptions a webhook may name (schema EventTypes).
var webhookEvents = map[string][]string{
	"send":    {"succeeded", "failed"},
	"receive": {"generated", "refreshed", "expired", "succeeded", "completed", "failed", "detected"},
	"test":    {"created"},
}

func (s *Sim) newSecret() string { return "vltg_" + s.token(32) }

// eventsAsSpecified reads a body's events as the EventTypes schema writes
// them: a required list of objects, each naming one payload type and one
// event as a string. The SDK's {"send": ["succeeded", "failed"]} is not of
// the spec, and is refused.
func eventsAsSpecified(body []byte) *apiError {
	var f struct {
		Events *[]map[string]json.RawMessage `json:"events"`
	}
	if json.Unmarshal(body, &f) != nil || f.Events == nil {
		return errf(http.StatusUnprocessableEntity, "invalid_data", "events is required: a list of {\"send\"|\"receive\"|\"test\": event}")
	}
	for _, item := range *f.Events {
		var one string
		for _, v := range item {
			if len(item) != 1 || json.Unmarshal(v, &one) != nil {
				return errf(http.StatusUnprocessableEntity, "invalid_data", "each event names one type and one event, as a string")
			}
		}
	}
	return nil
}

func validWebhook(rawURL, name string, events model.WebhookEvents) *apiError {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errf(http.StatusBadRequest, "invalid_webhook", "url must be an absolute http(s) URL")
	}
	if strings.TrimSpace(name) == "" {
		return errf(http.StatusBadRequest, "invalid_webhook", "name is required")
	}
	if len(events) == 0 {
		return errf(http.StatusBadRequest, "invalid_webhook", "subscribe to at least one event")
	}
	for _, e := range events {
		known := false
		for _, ev := range webhookEvents[e.Type] {
			known = known || ev == e.Event
		}
		if !known {
			return errf(http.StatusBadRequest, "invalid_webhook", "unknown event %s", e)
		}
	}
	return nil
}

func (s *Sim) hListWebhooks(c call) (reply, *apiError) {
	f, err := model.ParseWebhookFilter(c.r.URL.Query())
	if err != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_parameter", "%s", err)
	}
	out := []model.Webhook{}
	for _, h := range s.webhooks {
		if matchesWebhook(h.Webhook, f) {
			out = append(out, h.Webhook)
		}
	}
	key := func(w model.Webhook) int64 { return w.CreatedAt.UnixNano() }
	if f.SortKey == "updated_at" {
		key = func(w model.Webhook) int64 { return w.UpdatedAt.UnixNano() }
	}
	sort.Slice(out, func(i, j int) bool {
		if f.SortOrder == model.Descending {
			return key(out[i]) > key(out[j])
		}
		return key(out[i]) < key(out[j])
	})
	return ok(out), nil
}

func matchesWebhook(w model.Webhook, f model.WebhookFilter) bool {
	in := func(n int, eq func(int) bool) bool {
		if n == 0 {
			return true
		}
		for i := range n {
			if eq(i) {
				return true
			}
		}
		return false
	}
	return in(len(f.EnvironmentIDs), func(i int) bool { return f.EnvironmentIDs[i] == w.EnvironmentID }) &&
		in(len(f.Statuses), func(i int) bool { return f.Statuses[i] == w.Status })
}

func (s *Sim) hCreateWebhook(c call) (reply, *apiError) {
	var req model.NewWebhookRequest
	if aerr := decode(c.body, &req); aerr != nil {
		return reply{}, aerr
	}
	if aerr := eventsAsSpecified(c.body); aerr != nil {
		return reply{}, aerr
	}
	if uuid.Validate(req.ID) != nil {
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "id must be a UUID you choose")
	}
	if _, exists := s.webhooks[req.ID]; exists {
		return reply{}, errf(http.StatusConflict, "webhook_exists", "a webhook with this id already exists").with("webhook_id", req.ID)
	}
	if aerr := validWebhook(req.URL, req.Name, req.Events); aerr != nil {
		return reply{}, aerr
	}
	h := &webhook{Webhook: model.Webhook{ID: req.ID, OrganizationID: s.org, EnvironmentID: s.env, URL: req.URL,
		Name: req.Name, Events: req.Events, Status: model.WebhookActive, CreatedAt: c.now, UpdatedAt: c.now},
		secret: s.newSecret()}
	s.webhooks[h.ID] = h
	return reply{status: http.StatusAccepted, body: model.WebhookSecret{ID: h.ID, SharedSecret: h.secret}}, nil
}

func (s *Sim) findWebhook(c call) (*webhook, *apiError) {
	h, found := s.webhooks[c.args["id"]]
	if !found {
		return nil, errf(http.StatusNotFound, "webhook_not_found", "webhook not found").with("webhook_id", c.args["id"])
	}
	return h, nil
}

func (s *Sim) hGetWebhook(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	return ok(h.Webhook), nil
}

func (s *Sim) hUpdateWebhook(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	var req struct {
		URL    *string              `json:"url"`
		Name   *string              `json:"name"`
		Events *model.WebhookEvents `json:"events"`
	}
	if aerr := decode(c.body, &req); aerr != nil {
		return reply{}, aerr
	}
	if aerr := eventsAsSpecified(c.body); aerr != nil {
		return reply{}, aerr
	}
	next := h.Webhook
	if req.URL != nil {
		next.URL = *req.URL
	}
	if req.Name != nil {
		next.Name = *req.Name
	}
	if req.Events != nil {
		next.Events = *req.Events
	}
	if aerr := validWebhook(next.URL, next.Name, next.Events); aerr != nil {
		return reply{}, aerr
	}
	next.UpdatedAt = c.now
	h.Webhook = next
	return accepted, nil
}

func (s *Sim) hDeleteWebhook(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	h.Status, h.DeletedAt, h.UpdatedAt = model.WebhookDeleted, &c.now, c.now
	return accepted, nil
}

func (s *Sim) setWebhookStatus(c call, status model.WebhookStatus) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	if h.Status == model.WebhookDeleted {
		return reply{}, errf(http.StatusBadRequest, "invalid_webhook", "the webhook is deleted")
	}
	h.Status, h.UpdatedAt = status, c.now
	h.StoppedAt = nil
	if status == model.WebhookStopped {
		h.StoppedAt = &c.now
	}
	return accepted, nil
}

func (s *Sim) hStartWebhook(c call) (reply, *apiError) {
	return s.setWebhookStatus(c, model.WebhookActive)
}

func (s *Sim) hStopWebhook(c call) (reply, *apiError) {
	return s.setWebhookStatus(c, model.WebhookStopped)
}

// hRotateWebhookKey replaces the secret at once; the old one stops signing.
func (s *Sim) hRotateWebhookKey(c call) (reply, *apiError) {
	h, aerr := s.findWebhook(c)
	if aerr != nil {
		return reply{}, aerr
	}
	h.secret, h.UpdatedAt = s.newSecret(), c.now
	return reply{status: http.StatusAccepted, body: model.WebhookSecret{ID: h.ID, SharedSecret: h.secret}}, nil
}

// webhookEvent names the event a payment's new status fires (schemas
// SendEventTypes and ReceiveEventTypes).
func webhookEvent(p *payment) string {
	switch {
	case p.Direction == model.Send && p.Status == model.StatusCompleted:
		return "succeeded"
	case p.Direction == model.Send && p.Status == model.StatusFailed:
		return "failed"
	case p.Direction == model.Receive && p.Status == model.StatusReceiving:
		return "generated"
	case p.Direction == model.Receive && p.Status.IsFinal():
		return string(p.Status)
	}
	return ""
}

// notify delivers the payment's new state to every active webhook subscribed
// to it. Callers hold s.mu.
func (s *Sim) notify(p *payment) {
	event := webhookEvent(p)
	// A check (check_payment) is a question, not a send: a receiver told
	// "send failed" would record a failure of money that never moved.
	if event == "" || len(s.webhooks) == 0 || p.check {
		return
	}
	typ := string(p.Direction)
	var payload model.WebhookPayload
	var body []byte
	for _, h := range s.webhooks {
		if h.Status != model.WebhookActive || !h.Events.Has(typ, event) {
			continue
		}
		if body == nil {
			data, _ := json.Marshal(p.Payment)
			payload = model.WebhookPayload{Type: typ, Detail: model.WebhookDetail{Event: event, Data: data}}
			body, _ = json.Marshal(payload)
		}
		s.deliverEvent(h, "", payload, body, s.clock.Now())
	}
}
