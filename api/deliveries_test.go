package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/voltdash/voltdash/model"
)

const deliveryA = "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"

// TestDeliveryEndpoints: each delivery method sends its operation's
// method, path, query and body, and reads its answer.
func TestDeliveryEndpoints(t *testing.T) {
	ctx := context.Background()
	hook := env + "/webhooks/" + hookA
	summary := `{"webhook_id":"` + hookA + `","statuses":["failed","abandoned"],"total_count":7,"total_count_accuracy":"exact"}`
	one := `{"id":"` + deliveryA + `","webhook_id":"` + hookA + `","url":"https://hooks.example.org/voltage","status":"attempting",` +
		`"payload":{"type":"test","detail":{"event":"created","data":"ping"}},"created_at":"2025-05-07T11:01:41Z","updated_at":"2025-05-07T11:01:42Z",` +
		`"attempt_count":1,"error":"HTTP 502","error_info":{"type":"delivery_failed","code":"http_server_error","detail":"the receiver answered 502 Bad Gateway",` +
		`"context":{"type":"http_status","status_code":502}},"status_code":502}`
	ev := model.NewTestEvent("ping")
	ev.DeliveryID = deliveryA
	tests := []struct {
		name         string
		call         func(c *Client) (any, error)
		method, path string
		query, body  string
		status       int
		respond      string
		want         func(t *testing.T, got any)
	}{
		{name: "test webhook", method: "POST", path: hook + "/test", status: 202,
			body: `{"delivery_id":"` + deliveryA + `","payload":{"type":"test","detail":{"event":"created","data":"ping"}}}`,
			call: func(c *Client) (any, error) { return nil, c.TestWebhook(ctx, hookA, ev) }},
		{name: "list deliveries", method: "GET", path: hook + "/deliveries", status: 200, respond: example(t, "webhook_deliveries_page"),
			query: "limit=20&offset=40&sort_key=updated_at&sort_order=ASC&statuses%5B%5D=failed&statuses%5B%5D=attempting",
			call: func(c *Client) (any, error) {
				return c.WebhookDeliveries(ctx, hookA, model.DeliveryFilter{Offset: 40, Limit: 20, SortKey: "updated_at",
					SortOrder: model.Ascending, Statuses: []model.DeliveryStatus{model.DeliveryFailed, model.DeliveryAttempting}})
			},
			want: func(t *testing.T, got any) {
				p := got.(model.Page[model.WebhookDelivery])
				if len(p.Items) != 1 || p.Total != 1 || p.Items[0].Status != model.DeliveryFailed || p.Items[0].AttemptCount != 8 {
					t.Errorf("page %+v", p)
				}
			}},
		{name: "summary", method: "GET", path: hook + "/deliveries/summary", status: 200, respond: summary,
			query: "statuses%5B%5D=failed&statuses%5B%5D=abandoned",
			call: func(c *Client) (any, error) {
				return c.DeliverySummary(ctx, hookA, []model.DeliveryStatus{model.DeliveryFailed, model.DeliveryAbandoned})
			},
			want: func(t *testing.T, got any) {
				if s := got.(model.DeliverySummary); s.TotalCount != 7 || len(s.Statuses) != 2 {
					t.Errorf("summary %+v", s)
				}
			}},
		{name: "summary of all", method: "GET", path: hook + "/deliveries/summary", status: 200, respond: summary,
			call: func(c *Client) (any, error) { return c.DeliverySummary(ctx, hookA, nil) }},
		{name: "get delivery", method: "GET", path: hook + "/deliveries/" + deliveryA, status: 200, respond: one,
			call: func(c *Client) (any, error) { return c.WebhookDelivery(ctx, hookA, deliveryA) },
			want: func(t *testing.T, got any) {
				d := got.(model.WebhookDelivery)
				if d.ID != deliveryA || *d.StatusCode != 502 || d.ErrorInfo.Code != "http_server_error" || d.Event() != "test.created" {
					t.Errorf("delivery %+v", d)
				}
			}},
		{name: "retry", method: "POST", path: hook + "/deliveries/" + deliveryA + "/retry", status: 202,
			call: func(c *Client) (any, error) { return nil, c.RetryDelivery(ctx, hookA, deliveryA) }},
		{name: "abandon", method: "POST", path: hook + "/deliveries/" + deliveryA + "/abandon", status: 202,
			call: func(c *Client) (any, error) { return nil, c.AbandonDelivery(ctx, hookA, deliveryA) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f, _ := setup(t)
			f.script(reply(tt.status, tt.respond))
			got, err := tt.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := f.seen()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != tt.path || r.RawQuery != tt.query {
				t.Errorf("sent %s %s?%s\nwant %s %s?%s", r.Method, r.Path, r.RawQuery, tt.method, tt.path, tt.query)
			}
			if !sameJSONText(r.Body, tt.body) {
				t.Errorf("body\n got %s\nwant %s", r.Body, tt.body)
			}
			if tt.want != nil {
				tt.want(t, got)
			}
		})
	}
}

// TestNothingIsSentForBadDeliveryInput: ids that are not UUIDs and test
// events the spec's Payload would refuse are refused here.
func TestNothingIsSentForBadDeliveryInput(t *testing.T) {
	c, f, _ := setup(t)
	ctx := context.Background()
	good := model.NewTestEvent("ping")
	payload := func(typ, event, data string) model.TestWebhookRequest {
		return model.TestWebhookRequest{DeliveryID: model.NewID(), Payload: model.WebhookPayload{Type: typ,
			Detail: model.WebhookDetail{Event: event, Data: []byte(data)}}}
	}
	for name, err := range map[string]error{
		"webhook id":           c.TestWebhook(ctx, "hook", good),
		"no delivery id":       c.TestWebhook(ctx, hookA, model.TestWebhookRequest{Payload: good.Payload}),
		"unknown type":         c.TestWebhook(ctx, hookA, payload("refund", "created", `"x"`)),
		"test event not text":  c.TestWebhook(ctx, hookA, payload("test", "created", `{"a":1}`)),
		"test event deleted":   c.TestWebhook(ctx, hookA, payload("test", "deleted", `"x"`)),
		"send teleported":      c.TestWebhook(ctx, hookA, payload("send", "teleported", `{"id":"`+paymentA+`"}`)),
		"send without payment": c.TestWebhook(ctx, hookA, payload("send", "failed", `"x"`)),
		"list":                 second(c.WebhookDeliveries(ctx, "../x", model.DeliveryFilter{})),
		"summary":              second(c.DeliverySummary(ctx, "", nil)),
		"get":                  second(c.WebhookDelivery(ctx, hookA, "7")),
		"retry":                c.RetryDelivery(ctx, "7", deliveryA),
		"abandon":              c.AbandonDelivery(ctx, hookA, "../../keys"),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if n := len(f.seen()); n != 0 {
		t.Errorf("%d requests sent for bad input", n)
	}
}

// loseFirstAnswers throws away the first answer to each path ending in
// one of its suffixes: the server acted, the client cannot know.
type loseFirstAnswers struct {
	mu   sync.Mutex
	lost map[string]bool // suffix → lost already
}

func (l *loseFirstAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	l.mu.Lock()
	defer l.mu.Unlock()
	for suffix, lost := range l.lost {
		if err == nil && !lost && strings.HasSuffix(r.URL.Path, suffix) {
			l.lost[suffix] = true
			resp.Body.Close()
			return nil, errors.New("connection reset by peer")
		}
	}
	return resp, err
}

// TestDeliveriesRepeatSafely: against the simulator, a test event, an
// abandon and a retry whose answers are lost are repeated, and the
// repeat's refusal (the delivery id used, the delivery attempting) is
// recognised as the first attempt's success by reading the delivery.
func TestDeliveriesRepeatSafely(t *testing.T) {
	srv, clk := simulator(t)
	clk.AutoAdvance(true) // the client's waits move the simulator's time
	var refuse atomic.Bool
	refuse.Store(true)
	var posts atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		if refuse.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer rcv.Close()
	lossy := &loseFirstAnswers{lost: map[string]bool{"/test": false, "/abandon": false, "/retry": false}}
	c := simClient(t, srv, clk, WithHTTPClient(&http.Client{Transport: lossy}))
	ctx := context.Background()
	hook := model.NewID()
	if _, err := c.CreateWebhook(ctx, model.NewWebhookRequest{ID: hook, URL: rcv.URL, Name: "receiver",
		Events: model.WebhookEvents{{Type: "test", Event: "created"}}}); err != nil {
		t.Fatal(err)
	}
	ev := model.NewTestEvent("ping")
	if err := c.TestWebhook(ctx, hook, ev); err != nil {
		t.Fatalf("test event after a lost answer: %v", err)
	}
	if n := srv.Requests("webhooks.test"); n != 2 {
		t.Errorf("%d test requests, want 2", n)
	}
	until := func(ok func(model.WebhookDelivery) bool) model.WebhookDelivery {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
			d, err := c.WebhookDelivery(ctx, hook, ev.DeliveryID)
			if err != nil {
				t.Fatal(err)
			}
			if ok(d) || time.Now().After(deadline) {
				return d
			}
		}
	}
	if d := until(func(d model.WebhookDelivery) bool { return d.AttemptCount == 1 }); d.Status != model.DeliveryAttempting || *d.StatusCode != 503 {
		t.Fatalf("after the first attempt: %+v", d)
	}
	if err := c.AbandonDelivery(ctx, hook, ev.DeliveryID); err != nil {
		t.Fatalf("abandon after a lost answer: %v", err)
	}
	if d := must(c.WebhookDelivery(ctx, hook, ev.DeliveryID))(t); d.Status != model.DeliveryAbandoned || srv.Requests("deliveries.abandon") != 2 {
		t.Errorf("abandoned: %+v after %d requests", d, srv.Requests("deliveries.abandon"))
	}
	refuse.Store(false)
	if err := c.RetryDelivery(ctx, hook, ev.DeliveryID); err != nil {
		t.Fatalf("retry after a lost answer: %v", err)
	}
	if n := srv.Requests("deliveries.retry"); n != 2 {
		t.Errorf("%d retry requests, want 2", n)
	}
	if d := until(func(d model.WebhookDelivery) bool { return d.Status == model.DeliverySucceeded }); d.Status != model.DeliverySucceeded || d.AttemptCount != 2 {
		t.Errorf("retried: %+v", d)
	}
	if s := must(c.DeliverySummary(ctx, hook, []model.DeliveryStatus{model.DeliverySucceeded}))(t); s.TotalCount != 1 {
		t.Errorf("summary %+v", s)
	}
	if p := must(c.WebhookDeliveries(ctx, hook, model.DeliveryFilter{}))(t); len(p.Items) != 1 || p.Items[0].ID != ev.DeliveryID {
		t.Errorf("list %+v", p)
	}
	if err := c.RetryDelivery(ctx, hook, ev.DeliveryID); errorType(err) != "invalid_webhook" {
		t.Errorf("retrying a delivery that succeeded: %v", err)
	}
	if n := posts.Load(); n != 2 {
		t.Errorf("%d posts to the receiver, want 2", n)
	}
}

func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
